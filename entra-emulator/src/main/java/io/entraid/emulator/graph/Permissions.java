package io.entraid.emulator.graph;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The single permission table: for each Graph operation the emulator serves, the application
 * permissions (app roles) Microsoft documents in the API page's "Permissions" section, least
 * privileged first; any one alternative suffices. An alternative written "A+B" needs both roles.
 * Sources: learn.microsoft.com/graph/api/{page}, v1.0, as named per entry.
 */
public enum Permissions {
  /** user-list.md, user-get.md. */
  USERS_READ(
      "User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"),
  /** user-post-users.md. */
  USERS_CREATE("User.ReadWrite.All", "Directory.ReadWrite.All"),
  /** user-update.md. */
  USERS_UPDATE("User.ReadWrite.All", "Directory.ReadWrite.All"),
  /**
   * user-update.md: a PATCH of accountEnabled alone also works with the narrower enable/disable
   * permission.
   */
  USERS_ENABLE_DISABLE(
      "User.EnableDisableAccount.All+User.Read.All",
      "User.ReadWrite.All",
      "Directory.ReadWrite.All"),
  /** user-delete.md: "Application | User.ReadWrite.All | Not available." */
  USERS_DELETE("User.ReadWrite.All"),
  /** user-delta.md. */
  USERS_DELTA(
      "User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"),
  /** user-list-manager.md. */
  MANAGER_READ(
      "User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"),
  /** user-post-manager.md, user-delete-manager.md. */
  MANAGER_WRITE("User.ReadWrite.All", "Directory.ReadWrite.All"),
  /** user-list-memberof.md, user-list-transitivememberof.md. */
  USER_MEMBER_OF(
      "User.Read.All",
      "GroupMember.Read.All",
      "Group.Read.All",
      "User.ReadWrite.All",
      "Directory.Read.All",
      "Directory.ReadWrite.All"),
  /** user-revokesigninsessions.md. */
  USERS_REVOKE_SESSIONS("User.RevokeSessions.All", "User.ReadWrite.All", "Directory.ReadWrite.All"),
  /** directoryobject-checkmembergroups.md ("Memberships for a user"). */
  CHECK_MEMBER_GROUPS(
      "User.ReadBasic.All+GroupMember.Read.All",
      "User.Read.All+GroupMember.Read.All",
      "User.Read.All+Group.Read.All",
      "Directory.Read.All",
      "Directory.ReadWrite.All"),
  /** directoryobject-checkmemberobjects.md ("Memberships for a directory object"). */
  CHECK_MEMBER_OBJECTS("Directory.Read.All", "Directory.ReadWrite.All"),
  /** directory-deleteditems-list.md (user). */
  DELETED_USERS_READ(
      "User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"),
  /** directory-deleteditems-list.md (group). */
  DELETED_GROUPS_READ(
      "Group.Read.All", "Group.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"),
  /** directory-deleteditems-restore.md: user. */
  USERS_RESTORE("User.ReadWrite.All"),
  /** directory-deleteditems-restore.md: group. */
  GROUPS_RESTORE("Group.ReadWrite.All"),
  /** group-list.md, group-get.md. */
  GROUPS_READ(
      "GroupMember.Read.All",
      "Group.Read.All",
      "Directory.Read.All",
      "Group.ReadWrite.All",
      "Directory.ReadWrite.All"),
  /** group-post-groups.md. */
  GROUPS_CREATE("Group.Create", "Group.ReadWrite.All", "Directory.ReadWrite.All"),
  /** group-update.md. */
  GROUPS_UPDATE("Group.ReadWrite.All", "Directory.ReadWrite.All"),
  /** group-delete.md. */
  GROUPS_DELETE("Group.ReadWrite.All"),
  /** group-delta.md. */
  GROUPS_DELTA(
      "GroupMember.Read.All",
      "Group.Read.All",
      "Directory.Read.All",
      "Group.ReadWrite.All",
      "Directory.ReadWrite.All"),
  /** group-list-members.md, group-list-transitivemembers.md. */
  MEMBERS_READ(
      "GroupMember.Read.All",
      "Group.Read.All",
      "GroupMember.ReadWrite.All",
      "Group.ReadWrite.All",
      "Directory.Read.All",
      "Directory.ReadWrite.All"),
  /** group-post-members.md (user and group members), group-delete-members.md. */
  MEMBERS_WRITE("GroupMember.ReadWrite.All", "Group.ReadWrite.All", "Directory.ReadWrite.All"),
  /** directoryobject-get.md, directoryobject-getbyids.md, directoryobject-getmembergroups.md. */
  DIRECTORY_OBJECTS_READ("Directory.Read.All", "Directory.ReadWrite.All"),
  /** group-list-owners.md. */
  OWNERS_READ(
      "Group.Read.All",
      "GroupMember.Read.All",
      "Group.ReadWrite.All",
      "Directory.Read.All",
      "Directory.ReadWrite.All"),
  /** group-post-owners.md, group-delete-owners.md. */
  OWNERS_WRITE("Group.ReadWrite.All", "Directory.ReadWrite.All"),
  /**
   * application-get.md. Application.ReadWrite.OwnedBy also appears there, but only for apps the
   * caller owns; emulated apps have no owners, so it is left out.
   */
  APPLICATIONS_READ("Application.Read.All", "Application.ReadWrite.All"),
  /** user-list-directreports.md. */
  DIRECT_REPORTS_READ(
      "User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All");

  private final List<String> alternatives;

  Permissions(String... alternatives) {
    this.alternatives = List.of(alternatives);
  }

  public List<String> alternatives() {
    return alternatives;
  }

  public boolean grantedBy(Set<String> roles) {
    for (String alt : alternatives) {
      if (roles.containsAll(Arrays.asList(alt.split("\\+")))) {
        return true;
      }
    }
    return false;
  }

  /** Throws Graph's 403 unless {@code roles} satisfy this operation. */
  public void require(Set<String> roles) {
    if (!grantedBy(roles)) {
      throw GraphError.insufficientPrivileges();
    }
  }

  /** Every role named in the table: what the emulator's default app is granted. */
  public static Set<String> allRoles() {
    Set<String> all = new TreeSet<>();
    for (Permissions p : values()) {
      for (String alt : p.alternatives) {
        all.addAll(Arrays.asList(alt.split("\\+")));
      }
    }
    return new LinkedHashSet<>(all);
  }
}
