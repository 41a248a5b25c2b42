package io.entraid.connector.core.sync;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A directory target in memory, for core tests that exercise the sync without an engine. Its
 * transactions are real enough: a failure inside one rolls back its writes and state changes. Local
 * (not synced) users and groups stand for those an administrator made in the engine.
 */
public final class InMemoryDirectoryTarget implements DirectoryTarget {
  private Map<String, User> users = new HashMap<>();
  private Map<String, Group> groups = new HashMap<>();
  private Map<String, Set<String>> members = new HashMap<>();
  private Map<String, String> state = new HashMap<>();
  private final Map<String, User> localUsers = new HashMap<>();
  private final Map<String, Set<String>> localGroups = new HashMap<>();
  private SyncLease lease = SyncLease.NONE;
  private int commits;
  private int crashAfter = Integer.MAX_VALUE;

  @Override
  public void inTransaction(Runnable work) {
    Map<String, User> usersBefore = new HashMap<>(users);
    Map<String, Group> groupsBefore = new HashMap<>(groups);
    Map<String, Set<String>> membersBefore = new HashMap<>();
    members.forEach((group, ids) -> membersBefore.put(group, new HashSet<>(ids)));
    Map<String, String> stateBefore = new HashMap<>(state);
    try {
      work.run();
      if (commits >= crashAfter) throw new IllegalStateException("simulated crash");
      commits++;
    } catch (RuntimeException | Error e) {
      users = usersBefore;
      groups = groupsBefore;
      members = membersBefore;
      state = stateBefore;
      throw e;
    }
  }

  /**
   * This target with its next transactions failing at their end (rolled back) once {@code
   * transactions} more have committed; {@link Integer#MAX_VALUE} for none.
   */
  public InMemoryDirectoryTarget crashingAfter(int transactions) {
    crashAfter = transactions == Integer.MAX_VALUE ? transactions : commits + transactions;
    return this;
  }

  /** Transactions committed so far. */
  public int commits() {
    return commits;
  }

  @Override
  public SyncLease lease() {
    return lease;
  }

  /** This target with the given lease instead of none. */
  public InMemoryDirectoryTarget withLease(SyncLease value) {
    lease = value;
    return this;
  }

  /** This target with a local user, which the sync must leave alone. */
  public InMemoryDirectoryTarget withLocalUser(String id, String firstName) {
    localUsers.put(id, new User(id, null, firstName, null, null));
    return this;
  }

  /** This target with a local group and its (local) members, which the sync must leave alone. */
  public InMemoryDirectoryTarget withLocalGroup(String id, String... memberIds) {
    localGroups.put(id, new HashSet<>(Set.of(memberIds)));
    return this;
  }

  public Optional<User> localUser(String id) {
    return Optional.ofNullable(localUsers.get(id));
  }

  public Set<String> localGroupMembers(String id) {
    return Set.copyOf(localGroups.get(id));
  }

  /** The sync state as stored (delta links, resume point). */
  public Map<String, String> storedState() {
    return Map.copyOf(state);
  }

  @Override
  public SyncStateStore state() {
    return new SyncStateStore() {
      @Override
      public Optional<String> get(String key) {
        return Optional.ofNullable(state.get(key));
      }

      @Override
      public void put(String key, String value) {
        state.put(key, value);
      }

      @Override
      public void remove(String key) {
        state.remove(key);
      }
    };
  }

  @Override
  public boolean acceptsUserId(String id) {
    return id.matches("[a-zA-Z0-9]+");
  }

  @Override
  public boolean acceptsGroupId(String id) {
    return id.matches("[a-zA-Z0-9]+");
  }

  @Override
  public Map<String, Existing> users(Collection<String> ids) {
    Map<String, Existing> found = new HashMap<>();
    for (String id : ids) {
      if (users.containsKey(id)) found.put(id, new Existing(users.get(id), true));
      else if (localUsers.containsKey(id)) found.put(id, new Existing(localUsers.get(id), false));
    }
    return found;
  }

  @Override
  public Optional<User> syncedUser(String id) {
    return Optional.ofNullable(users.get(id));
  }

  @Override
  public Optional<String> syncedUserIdByObjectId(String objectId) {
    return users.values().stream()
        .filter(u -> objectId.equals(u.objectId()))
        .map(User::id)
        .findFirst();
  }

  @Override
  public void createUser(User user) {
    users.put(user.id(), user);
  }

  @Override
  public void updateUser(User user) {
    users.put(user.id(), user);
  }

  @Override
  public void deleteUser(String id) {
    users.remove(id);
    members.values().forEach(m -> m.remove(id));
  }

  /** How many users the target holds. */
  public int userCount() {
    return users.size();
  }

  /** The synced users by id. */
  public Map<String, User> syncedUsers() {
    return Map.copyOf(users);
  }

  /** The synced groups by id. */
  public Map<String, Group> syncedGroups() {
    return Map.copyOf(groups);
  }

  @Override
  public Set<String> syncedUserIds() {
    return java.util.Collections.unmodifiableSet(users.keySet());
  }

  @Override
  public Optional<Group> syncedGroup(String id) {
    return Optional.ofNullable(groups.get(id));
  }

  @Override
  public boolean isForeignGroup(String id) {
    return localGroups.containsKey(id);
  }

  @Override
  public Optional<String> syncedGroupIdByObjectId(String objectId) {
    return groups.values().stream()
        .filter(g -> objectId.equals(g.objectId()))
        .map(Group::id)
        .findFirst();
  }

  @Override
  public void createGroup(Group group) {
    groups.put(group.id(), group);
  }

  @Override
  public void updateGroup(Group group) {
    groups.put(group.id(), group);
  }

  @Override
  public void deleteGroup(String id) {
    groups.remove(id);
    members.remove(id);
  }

  @Override
  public Set<String> syncedGroupIds() {
    return new HashSet<>(groups.keySet());
  }

  @Override
  public Set<String> memberIds(String groupId) {
    return new HashSet<>(members.getOrDefault(groupId, Set.of()));
  }

  @Override
  public void addMember(String groupId, String userId) {
    members.computeIfAbsent(groupId, g -> new HashSet<>()).add(userId);
  }

  @Override
  public void removeMember(String groupId, String userId) {
    members.getOrDefault(groupId, new HashSet<>()).remove(userId);
  }
}
