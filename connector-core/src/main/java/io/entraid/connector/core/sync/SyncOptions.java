package io.entraid.connector.core.sync;

import java.util.List;

/**
 * What a directory sync copies and how.
 *
 * @param users which users: ALL (incremental through Graph delta), GROUP_MEMBERS (transitive
 *     members of {@code userGroups}) or FILTER ({@code userFilter}); the last two list their users
 *     on every run, since Graph's delta cannot follow them
 * @param groups which groups: ALL_SECURITY (security groups), LIST ({@code groupList}: object ids,
 *     display names or mail nicknames) or PREFIX (display names starting with {@code groupPrefix})
 * @param nestedAsDirect members of nested groups become direct members of the synced group in
 *     Camunda
 * @param userIds how an Entra user's Camunda id is made; see {@link IdMapping}
 * @param groupIds how an Entra group's Camunda id is made: OBJECT_ID or MAIL_NICKNAME
 * @param removedUsers what happens to synced users that were deleted or disabled in Entra ID
 * @param deletionGuardPercent a run that would delete more than this share of the synced users
 *     stops before deleting anything, unless {@code force}
 */
public record SyncOptions(
    UserScope users,
    List<String> userGroups,
    String userFilter,
    GroupScope groups,
    List<String> groupList,
    String groupPrefix,
    boolean nestedAsDirect,
    IdMapping userIds,
    IdMapping groupIds,
    RemovedUsers removedUsers,
    boolean dryRun,
    boolean fullSync,
    int deletionGuardPercent,
    boolean force) {

  public enum UserScope {
    ALL,
    GROUP_MEMBERS,
    FILTER
  }

  public enum GroupScope {
    ALL_SECURITY,
    LIST,
    PREFIX
  }

  public enum RemovedUsers {
    /** Delete the Camunda user. */
    DELETE,
    /** Keep the Camunda user, but take it out of every synced group. */
    REMOVE_FROM_GROUPS
  }

  public SyncOptions {
    userGroups = userGroups == null ? List.of() : List.copyOf(userGroups);
    groupList = groupList == null ? List.of() : List.copyOf(groupList);
    if (users == UserScope.GROUP_MEMBERS && userGroups.isEmpty()) {
      throw new IllegalArgumentException(
          "users = GROUP_MEMBERS needs at least one group in userGroups");
    }
    if (users == UserScope.FILTER && (userFilter == null || userFilter.isBlank())) {
      throw new IllegalArgumentException("users = FILTER needs a userFilter");
    }
    if (groups == GroupScope.LIST && groupList.isEmpty()) {
      throw new IllegalArgumentException("groups = LIST needs at least one group in groupList");
    }
    if (groups == GroupScope.PREFIX && (groupPrefix == null || groupPrefix.isBlank())) {
      throw new IllegalArgumentException("groups = PREFIX needs a groupPrefix");
    }
    if (groupIds == IdMapping.UPN)
      throw new IllegalArgumentException("groups have no user principal name");
    if (deletionGuardPercent < 0 || deletionGuardPercent > 100) {
      throw new IllegalArgumentException("deletionGuardPercent must be between 0 and 100");
    }
  }

  /**
   * All users, all security groups, direct memberships, object ids, delete removed users, 10 %
   * guard.
   */
  public static SyncOptions defaults() {
    return new SyncOptions(
        UserScope.ALL,
        List.of(),
        null,
        GroupScope.ALL_SECURITY,
        List.of(),
        null,
        false,
        IdMapping.OBJECT_ID,
        IdMapping.MAIL_NICKNAME,
        RemovedUsers.DELETE,
        false,
        false,
        10,
        false);
  }

  public SyncOptions withDryRun(boolean value) {
    return new SyncOptions(
        users,
        userGroups,
        userFilter,
        groups,
        groupList,
        groupPrefix,
        nestedAsDirect,
        userIds,
        groupIds,
        removedUsers,
        value,
        fullSync,
        deletionGuardPercent,
        force);
  }

  public SyncOptions withFullSync(boolean value) {
    return new SyncOptions(
        users,
        userGroups,
        userFilter,
        groups,
        groupList,
        groupPrefix,
        nestedAsDirect,
        userIds,
        groupIds,
        removedUsers,
        dryRun,
        value,
        deletionGuardPercent,
        force);
  }

  public SyncOptions withForce(boolean value) {
    return new SyncOptions(
        users,
        userGroups,
        userFilter,
        groups,
        groupList,
        groupPrefix,
        nestedAsDirect,
        userIds,
        groupIds,
        removedUsers,
        dryRun,
        fullSync,
        deletionGuardPercent,
        value);
  }
}
