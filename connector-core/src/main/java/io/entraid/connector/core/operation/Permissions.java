package io.entraid.connector.core.operation;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which Microsoft Graph application permissions also grant what a least-privileged one grants
 * (Microsoft's "higher privileged permissions" columns), so a preflight does not flag an app that
 * holds, say, Directory.ReadWrite.All where GroupMember.Read.All is declared.
 */
public final class Permissions {
  private static final Map<String, Set<String>> HIGHER =
      Map.of(
          "User.ReadBasic.All",
              Set.of(
                  "User.Read.All",
                  "User.ReadWrite.All",
                  "Directory.Read.All",
                  "Directory.ReadWrite.All"),
          "User.Read.All",
              Set.of("User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"),
          "User.ReadWrite.All", Set.of("Directory.ReadWrite.All"),
          "User.EnableDisableAccount.All", Set.of("User.ReadWrite.All", "Directory.ReadWrite.All"),
          "User.RevokeSessions.All", Set.of("User.ReadWrite.All", "Directory.ReadWrite.All"),
          "GroupMember.Read.All",
              Set.of(
                  "Group.Read.All",
                  "GroupMember.ReadWrite.All",
                  "Group.ReadWrite.All",
                  "Directory.Read.All",
                  "Directory.ReadWrite.All"),
          "GroupMember.ReadWrite.All", Set.of("Group.ReadWrite.All", "Directory.ReadWrite.All"),
          "Group.Read.All",
              Set.of("Group.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"),
          "Group.Create", Set.of("Group.ReadWrite.All", "Directory.ReadWrite.All"),
          "Group.ReadWrite.All", Set.of("Directory.ReadWrite.All"));

  private Permissions() {}

  public static boolean satisfied(String required, Collection<String> granted) {
    return granted.contains(required)
        || HIGHER.getOrDefault(required, Set.of()).stream().anyMatch(granted::contains);
  }

  /**
   * The declared permissions of {@code spec} that {@code granted} does not cover, in declaration
   * order.
   */
  public static List<String> missing(OperationSpec spec, Collection<String> granted) {
    return spec.permissions().stream().filter(p -> !satisfied(p, granted)).toList();
  }
}
