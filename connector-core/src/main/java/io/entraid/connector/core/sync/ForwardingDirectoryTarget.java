package io.entraid.connector.core.sync;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A target that passes every call to another one: decorators (a dry run, test hooks) extend it and
 * override only the calls they change.
 */
public abstract class ForwardingDirectoryTarget implements DirectoryTarget {
  protected final DirectoryTarget delegate;

  protected ForwardingDirectoryTarget(DirectoryTarget delegate) {
    this.delegate = delegate;
  }

  @Override
  public void inTransaction(Runnable work) {
    delegate.inTransaction(work);
  }

  @Override
  public void runStarts() {
    delegate.runStarts();
  }

  @Override
  public SyncStateStore state() {
    return delegate.state();
  }

  @Override
  public SyncLease lease() {
    return delegate.lease();
  }

  @Override
  public boolean acceptsUserId(String id) {
    return delegate.acceptsUserId(id);
  }

  @Override
  public boolean acceptsGroupId(String id) {
    return delegate.acceptsGroupId(id);
  }

  @Override
  public Map<String, Existing> users(Collection<String> ids) {
    return delegate.users(ids);
  }

  @Override
  public Optional<User> syncedUser(String id) {
    return delegate.syncedUser(id);
  }

  @Override
  public Optional<String> syncedUserIdByObjectId(String objectId) {
    return delegate.syncedUserIdByObjectId(objectId);
  }

  @Override
  public void createUser(User user) {
    delegate.createUser(user);
  }

  @Override
  public void updateUser(User user) {
    delegate.updateUser(user);
  }

  @Override
  public void deleteUser(String id) {
    delegate.deleteUser(id);
  }

  @Override
  public Set<String> syncedUserIds() {
    return delegate.syncedUserIds();
  }

  @Override
  public Optional<Group> syncedGroup(String id) {
    return delegate.syncedGroup(id);
  }

  @Override
  public boolean isForeignGroup(String id) {
    return delegate.isForeignGroup(id);
  }

  @Override
  public Optional<String> syncedGroupIdByObjectId(String objectId) {
    return delegate.syncedGroupIdByObjectId(objectId);
  }

  @Override
  public void createGroup(Group group) {
    delegate.createGroup(group);
  }

  @Override
  public void updateGroup(Group group) {
    delegate.updateGroup(group);
  }

  @Override
  public void deleteGroup(String id) {
    delegate.deleteGroup(id);
  }

  @Override
  public Set<String> syncedGroupIds() {
    return delegate.syncedGroupIds();
  }

  @Override
  public Set<String> memberIds(String groupId) {
    return delegate.memberIds(groupId);
  }

  @Override
  public void addMember(String groupId, String userId) {
    delegate.addMember(groupId, userId);
  }

  @Override
  public void removeMember(String groupId, String userId) {
    delegate.removeMember(groupId, userId);
  }
}
