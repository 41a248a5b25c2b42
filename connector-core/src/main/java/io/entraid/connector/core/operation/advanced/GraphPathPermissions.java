package io.entraid.connector.core.operation.advanced;

import io.entraid.connector.core.operation.ConnectionPolicy.GraphRule;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The least-privileged application permission a graphRequest rule needs, for the resources whose
 * Graph API reference documents one (the "Permissions" table of each page, e.g.
 * learn.microsoft.com/graph/api/ user-list, group-list, application-post-applications,
 * serviceprincipal-list, rbacapplication-post-roleassignments). Keyed by the rule's first path
 * segment; reads (GET) and writes (any other method) differ.
 */
public final class GraphPathPermissions {
  private record ReadWrite(String read, String write) {}

  private static final Map<String, ReadWrite> BY_RESOURCE =
      Map.of(
          "users", new ReadWrite("User.Read.All", "User.ReadWrite.All"),
          "groups", new ReadWrite("GroupMember.Read.All", "Group.ReadWrite.All"),
          "applications", new ReadWrite("Application.Read.All", "Application.ReadWrite.OwnedBy"),
          "serviceprincipals",
              new ReadWrite("Application.Read.All", "Application.ReadWrite.OwnedBy"),
          "rolemanagement",
              new ReadWrite("RoleManagement.Read.Directory", "RoleManagement.ReadWrite.Directory"),
          "directoryroles",
              new ReadWrite("RoleManagement.Read.Directory", "RoleManagement.ReadWrite.Directory"),
          "organization", new ReadWrite("Organization.Read.All", "Organization.ReadWrite.All"),
          "devices", new ReadWrite("Device.Read.All", "Device.ReadWrite.All"),
          "auditlogs", new ReadWrite("AuditLog.Read.All", "AuditLog.Read.All"));

  private GraphPathPermissions() {}

  /**
   * The documented permission the calls a rule allows need, if the resource is one of the table's.
   */
  public static Optional<String> of(GraphRule rule) {
    ReadWrite permissions = BY_RESOURCE.get(rule.pattern().get(0).toLowerCase(Locale.ROOT));
    if (permissions == null) return Optional.empty();
    return Optional.of(rule.writes() ? permissions.write() : permissions.read());
  }
}
