package io.entraid.connector.core.sync;

import io.entraid.emulator.Directory;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A sync target's users (first name, last name, email by id), groups (name by id) and memberships,
 * to compare what a sync wrote with what the emulated directory says it must hold. Shared by the
 * core round tests and the engine's sync tests.
 */
public record DirectorySnapshot(
    Map<String, List<String>> users,
    Map<String, String> groups,
    Map<String, Set<String>> memberships) {

  /**
   * What a target must hold after a sync with default options: enabled users, security groups with
   * acceptable nicknames, their synced members (transitive ones when {@code nested}).
   */
  public static DirectorySnapshot expected(Directory d, boolean nested) {
    Map<String, List<String>> users = new TreeMap<>();
    Map<String, String> objectToUser = new HashMap<>();
    for (var u : d.users()) {
      if (!u.accountEnabled()) continue;
      String id = IdMapping.OBJECT_ID.id(u.id(), null, null);
      String first = u.givenName();
      String last = u.surname() == null && first == null ? u.displayName() : u.surname();
      users.put(
          id, Arrays.asList(first, last, u.mail() != null ? u.mail() : u.userPrincipalName()));
      objectToUser.put(u.id(), id);
    }
    Map<String, String> groups = new TreeMap<>();
    Map<String, Set<String>> memberships = new TreeMap<>();
    for (var g : d.groups()) {
      if (!g.securityEnabled()
          || g.mailNickname() == null
          || !g.mailNickname().matches("[a-zA-Z0-9]+")) continue;
      groups.put(g.mailNickname(), g.displayName());
      Set<String> members = new HashSet<>();
      for (String m : nested ? d.transitiveMemberIds(g.id()) : Set.copyOf(d.memberIds(g.id()))) {
        if (objectToUser.containsKey(m)) members.add(objectToUser.get(m));
      }
      memberships.put(g.mailNickname(), members);
    }
    return new DirectorySnapshot(users, groups, memberships);
  }
}
