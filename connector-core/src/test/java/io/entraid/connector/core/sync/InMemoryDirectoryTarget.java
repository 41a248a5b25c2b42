package io.entraid.connector.core.sync;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A directory target in memory, for core tests that exercise syncDirectory without an engine. */
public final class InMemoryDirectoryTarget implements DirectoryTarget {
  private final Map<String, User> users = new HashMap<>();
  private final Map<String, Group> groups = new HashMap<>();
  private final Map<String, Set<String>> members = new HashMap<>();
  private final Map<String, String> state = new HashMap<>();
  private SyncLease lease = SyncLease.NONE;

  @Override
  public void inTransaction(Runnable work) {
    work.run();
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
    for (String id : ids)
      if (users.containsKey(id)) found.put(id, new Existing(users.get(id), true));
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
    return false;
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
