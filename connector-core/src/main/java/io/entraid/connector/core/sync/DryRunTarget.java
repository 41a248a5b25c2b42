package io.entraid.connector.core.sync;

import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A dry run's target: passes reads through to the real target and records the writes a run would
 * make instead of making them. Nothing it records reaches the real target, its sync state or its
 * lease (a dry run takes none). The one read it adjusts: the users the run would create count as
 * synced, so their planned memberships are counted as a real run would count them.
 */
public final class DryRunTarget extends ForwardingDirectoryTarget {
  private final Map<String, Integer> writes = new TreeMap<>();
  private final Set<String> plannedUsers = new HashSet<>();
  private Set<String> syncedUserIds;

  public DryRunTarget(DirectoryTarget real) {
    super(real);
  }

  /**
   * How many writes of each kind a run would have made, by the target method's name ({@code
   * createUser}, {@code addMember}, ...; {@code put} and {@code remove} for its sync state): counts
   * only, so a dry run of a large tenant holds no more than a real one.
   */
  public Map<String, Integer> writes() {
    return Collections.unmodifiableMap(writes);
  }

  private void record(String write) {
    writes.merge(write, 1, Integer::sum);
  }

  /** Runs the work at once: it only reads, and the real target's transaction would hold nothing. */
  @Override
  public void inTransaction(Runnable work) {
    work.run();
  }

  @Override
  public SyncStateStore state() {
    SyncStateStore state = delegate.state();
    return new SyncStateStore() {
      @Override
      public Optional<String> get(String key) {
        return state.get(key);
      }

      @Override
      public void put(String key, String value) {
        record("put");
      }

      @Override
      public void remove(String key) {
        record("remove");
      }
    };
  }

  @Override
  public SyncLease lease() {
    return SyncLease.NONE;
  }

  @Override
  public void createUser(User user) {
    record("createUser");
    plannedUsers.add(user.id());
    syncedUserIds = null;
  }

  @Override
  public void updateUser(User user) {
    record("updateUser");
  }

  @Override
  public void deleteUser(String id) {
    record("deleteUser");
  }

  /** The real target's synced users and those the run would create. */
  @Override
  public Set<String> syncedUserIds() {
    if (plannedUsers.isEmpty()) return delegate.syncedUserIds();
    if (syncedUserIds == null) {
      Set<String> ids = new HashSet<>(delegate.syncedUserIds());
      ids.addAll(plannedUsers);
      syncedUserIds = Collections.unmodifiableSet(ids);
    }
    return syncedUserIds;
  }

  @Override
  public void createGroup(Group group) {
    record("createGroup");
  }

  @Override
  public void updateGroup(Group group) {
    record("updateGroup");
  }

  @Override
  public void deleteGroup(String id) {
    record("deleteGroup");
  }

  @Override
  public void addMember(String groupId, String userId) {
    record("addMember");
  }

  @Override
  public void removeMember(String groupId, String userId) {
    record("removeMember");
  }
}
