package io.entraid.connector.core.sync;

import java.util.Optional;
import java.util.Set;

/**
 * The directory a sync writes to (Camunda's identity service). The sync changes only objects it
 * created, which the target marks as such; other users and groups with the same id are left alone.
 */
public interface DirectoryTarget {
  record User(String id, String objectId, String firstName, String lastName, String email) {}

  record Group(String id, String objectId, String name) {}

  /** A user that exists in the target, and whether the sync created it. */
  record Existing(User user, boolean synced) {}

  /**
   * Runs {@code work} in a transaction of its own; its writes and state changes commit together.
   */
  void inTransaction(Runnable work);

  /**
   * A run starts (it holds the lease): a target that keeps what it read for a run drops what an
   * earlier run left, since others may have written meanwhile.
   */
  default void runStarts() {}

  SyncStateStore state();

  /**
   * The lease that decides which run writes this target's sync (one per connection in a whole
   * cluster).
   */
  SyncLease lease();

  /** Whether the id is acceptable to the target (length, whitelist pattern). */
  boolean acceptsUserId(String id);

  boolean acceptsGroupId(String id);

  /** The users among {@code ids} that exist, synced or not: one lookup per page of users. */
  java.util.Map<String, Existing> users(java.util.Collection<String> ids);

  /** The synced user with this id; empty if absent or not created by the sync. */
  Optional<User> syncedUser(String id);

  /** The id of the synced user with this Entra object id. */
  Optional<String> syncedUserIdByObjectId(String objectId);

  void createUser(User user);

  void updateUser(User user);

  void deleteUser(String id);

  /** Ids of all synced users. */
  Set<String> syncedUserIds();

  Optional<Group> syncedGroup(String id);

  boolean isForeignGroup(String id);

  Optional<String> syncedGroupIdByObjectId(String objectId);

  void createGroup(Group group);

  void updateGroup(Group group);

  void deleteGroup(String id);

  Set<String> syncedGroupIds();

  /** The synced users that are members of a synced group. */
  Set<String> memberIds(String groupId);

  void addMember(String groupId, String userId);

  void removeMember(String groupId, String userId);
}
