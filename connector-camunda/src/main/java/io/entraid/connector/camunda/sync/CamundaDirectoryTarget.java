package io.entraid.connector.camunda.sync;

import io.entraid.connector.core.sync.DirectoryTarget;
import io.entraid.connector.core.sync.IdMapping;
import io.entraid.connector.core.sync.SyncLease;
import io.entraid.connector.core.sync.SyncStateStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;

/**
 * Camunda's identity service as a sync target. Every unit of work runs in a transaction of its own
 * (the engine's requires-new command executor), never in the caller's, so a long sync does not hold
 * one transaction over the whole directory.
 *
 * <p>What the sync owns, and may change or delete: users that are members of the connection's
 * marker group (id {@code entraidsync<connection>}), and groups whose type is the connection's
 * {@link #groupTypePrefix(String) group type prefix} followed by the group's object id ({@code
 * entraid:<object id>} for {@code default}, {@code entraid:<connection>:<object id>} for others).
 * Local users and groups (such as {@code demo}), and what another connection's sync created, are
 * never touched, even with the same id.
 *
 * <p>When the engine keeps its identities in its own tables, users, groups and memberships are
 * created by {@link DirectIdentityWrites} (the same inserts without one IdentityService command per
 * object); with any other identity provider, and for every update and deletion, through the
 * IdentityService.
 */
public final class CamundaDirectoryTarget implements DirectoryTarget {
  static final String GROUP_TYPE_PREFIX = "entraid:";
  static final String MARKER_TYPE = "entraid-sync-marker";
  static final String OBJECT_ID_INFO = "entraid.objectId";
  private static final String DEFAULT_WHITELIST = "[a-zA-Z0-9]+|camunda-admin";
  private static final int QUERY_PAGE = 1000;

  /** Unsynced ids in one page from which all user ids are read instead of looked up. */
  private static final int MANY_UNKNOWN = 100;

  private final ProcessEngineConfigurationImpl engine;
  private final IdentityService identity;
  private final String marker;
  private final String groupType;
  private final SyncStateStore state;
  private final CamundaSyncLease lease;
  private final Pattern userIds;
  private final Pattern groupIds;
  private final DirectIdentityWrites direct; // null: through the IdentityService
  private Set<String> synced;
  private Set<String> engineUserIds;
  private Map<String, String> userIdsByObjectId;

  /**
   * Every group of the engine by id, read once a run (one query instead of two per group and
   * round), kept in step with this target's writes and dropped when a transaction fails.
   */
  private Map<String, org.camunda.bpm.engine.identity.Group> groups;

  public CamundaDirectoryTarget(ProcessEngineConfigurationImpl engine, String connectionName) {
    this(engine, connectionName, SyncSettings.defaults());
  }

  /**
   * @param settings the lease's duration, node name and clock
   */
  public CamundaDirectoryTarget(
      ProcessEngineConfigurationImpl engine, String connectionName, SyncSettings settings) {
    this.engine = engine;
    this.lease =
        new CamundaSyncLease(
            engine,
            connectionName,
            CamundaSyncStateStore.prefix(connectionName) + "lease",
            settings);
    this.identity = engine.getIdentityService();
    this.marker = "entraidsync" + key(connectionName);
    this.groupType = groupTypePrefix(connectionName);
    this.state = new CamundaSyncStateStore(engine.getManagementService(), connectionName);
    this.userIds = Pattern.compile(whitelist(engine.getUserResourceWhitelistPattern(), engine));
    this.groupIds = Pattern.compile(whitelist(engine.getGroupResourceWhitelistPattern(), engine));
    this.direct = DirectIdentityWrites.applies(engine) ? new DirectIdentityWrites(engine) : null;
  }

  /** Whether creations bypass the IdentityService (the engine's own identity tables). */
  boolean writesDirectly() {
    return direct != null;
  }

  private static String key(String connectionName) {
    return connectionName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }

  /**
   * The type prefix of the groups this connection's sync creates: {@code entraid:} for {@code
   * default} (as before there were several connections), {@code entraid:<connection>:} for others,
   * so the sync of one connection never changes or deletes the groups of another.
   */
  static String groupTypePrefix(String connectionName) {
    String key = key(connectionName);
    return key.equals("default") ? GROUP_TYPE_PREFIX : GROUP_TYPE_PREFIX + key + ":";
  }

  private static String whitelist(String specific, ProcessEngineConfigurationImpl engine) {
    if (specific != null && !specific.isBlank()) return specific;
    String general = engine.getGeneralResourceWhitelistPattern();
    return general != null && !general.isBlank() ? general : DEFAULT_WHITELIST;
  }

  /** The marker group's id: its members are the users this connection's sync created. */
  public String markerGroupId() {
    return marker;
  }

  /** How many users this connection's sync has written so far (committed page by page). */
  public long syncedUserCount() {
    return identity.createUserQuery().memberOfGroup(marker).count();
  }

  @Override
  public void runStarts() {
    groups = null;
    engineUserIds = null;
  }

  /**
   * A transaction of its own: while it is open the sync holds two of the pool's connections, its
   * job's and this one. A commit that fails on optimistic locking because another run took the
   * lease over ends as a lost lease.
   */
  @Override
  public void inTransaction(Runnable work) {
    try {
      engine
          .getCommandExecutorTxRequiresNew()
          .execute(
              commandContext -> {
                ensureMarker();
                work.run();
                return null;
              });
    } catch (OptimisticLockingException e) {
      groups = null;
      engineUserIds = null;
      lease.checkNotTakenOver();
      throw e;
    } catch (RuntimeException | Error e) {
      groups = null; // its group and user writes were rolled back
      engineUserIds = null;
      throw e;
    }
  }

  private Map<String, org.camunda.bpm.engine.identity.Group> groups() {
    if (groups == null) {
      Map<String, org.camunda.bpm.engine.identity.Group> all = new HashMap<>();
      for (org.camunda.bpm.engine.identity.Group g : identity.createGroupQuery().list())
        all.put(g.getId(), g);
      groups = all;
    }
    return groups;
  }

  private void ensureMarker() {
    if (identity.createGroupQuery().groupId(marker).count() == 0) {
      org.camunda.bpm.engine.identity.Group group = identity.newGroup(marker);
      group.setName("Entra ID sync: users of this connection");
      group.setType(MARKER_TYPE);
      identity.saveGroup(group);
      if (groups != null) groups.put(marker, group);
    }
  }

  @Override
  public SyncStateStore state() {
    return state;
  }

  @Override
  public SyncLease lease() {
    return lease;
  }

  @Override
  public boolean acceptsUserId(String id) {
    return id.length() <= 64 && userIds.matcher(id).matches();
  }

  @Override
  public boolean acceptsGroupId(String id) {
    return id.length() <= 64 && groupIds.matcher(id).matches();
  }

  /**
   * Synced users are looked up; of the others only those the engine has: when a page brings many
   * the engine has not synced (a first full sync), the ids of all its users are read once a run
   * instead. On PostgreSQL the prepared {@code ID_ IN (999 ids)} query kept the plan made while the
   * table was nearly empty, a sequential scan, and took a second a page at 100,000 users.
   */
  @Override
  public Map<String, Existing> users(Collection<String> ids) {
    Map<String, Existing> found = new HashMap<>();
    Set<String> syncedIds = syncedUserIds();
    List<String> all = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (String id : ids) (syncedIds.contains(id) ? all : unknown).add(id);
    if (engineUserIds != null || unknown.size() >= MANY_UNKNOWN)
      unknown.removeIf(id -> !engineUserIds().contains(id));
    all.addAll(unknown);
    for (int start = 0; start < all.size(); start += QUERY_PAGE) {
      String[] chunk =
          all.subList(start, Math.min(all.size(), start + QUERY_PAGE)).toArray(String[]::new);
      for (org.camunda.bpm.engine.identity.User u :
          identity.createUserQuery().userIdIn(chunk).list()) {
        found.put(u.getId(), new Existing(toUser(u, null), syncedIds.contains(u.getId())));
      }
    }
    return found;
  }

  @Override
  public Optional<DirectoryTarget.User> syncedUser(String id) {
    if (!syncedUserIds().contains(id)) return Optional.empty();
    org.camunda.bpm.engine.identity.User u = identity.createUserQuery().userId(id).singleResult();
    return u == null ? Optional.empty() : Optional.of(toUser(u, objectIdOf(id)));
  }

  /** Stored for ids not made from the object id (see createUser), else derived from the id. */
  private String objectIdOf(String id) {
    String stored = identity.getUserInfo(id, OBJECT_ID_INFO);
    return stored != null ? stored : IdMapping.objectIdOf(id);
  }

  private static DirectoryTarget.User toUser(
      org.camunda.bpm.engine.identity.User u, String objectId) {
    return new DirectoryTarget.User(
        u.getId(), objectId, u.getFirstName(), u.getLastName(), u.getEmail());
  }

  @Override
  public Optional<String> syncedUserIdByObjectId(String objectId) {
    if (userIdsByObjectId == null) {
      // Needed only when ids are not derived from object ids and Entra reports a removal: built
      // once a run.
      userIdsByObjectId = new HashMap<>();
      for (String id : syncedUserIds()) {
        String oid = objectIdOf(id);
        if (oid != null) userIdsByObjectId.put(oid, id);
      }
    }
    return Optional.ofNullable(userIdsByObjectId.get(objectId));
  }

  @Override
  public void createUser(DirectoryTarget.User user) {
    if (direct != null) {
      direct.createUser(user.id(), user.firstName(), user.lastName(), user.email());
      direct.createMembership(user.id(), marker);
    } else {
      org.camunda.bpm.engine.identity.User u = identity.newUser(user.id());
      copy(user, u);
      identity.saveUser(u);
      identity.createMembership(user.id(), marker);
    }
    // Only ids not made from the object id store it: setUserInfo looks the key up first, a scan of
    // an
    // unindexed table, which made a 100,000-user first sync quadratic.
    if (!user.id().equals(IdMapping.OBJECT_ID.id(user.objectId(), null, null))) {
      identity.setUserInfo(user.id(), OBJECT_ID_INFO, user.objectId());
    }
    syncedUserIds().add(user.id());
    if (engineUserIds != null) engineUserIds.add(user.id());
    if (userIdsByObjectId != null) userIdsByObjectId.put(user.objectId(), user.id());
  }

  @Override
  public void updateUser(DirectoryTarget.User user) {
    org.camunda.bpm.engine.identity.User u =
        identity.createUserQuery().userId(user.id()).singleResult();
    copy(user, u);
    identity.saveUser(u);
  }

  private static void copy(DirectoryTarget.User from, org.camunda.bpm.engine.identity.User to) {
    to.setFirstName(from.firstName());
    to.setLastName(from.lastName());
    to.setEmail(from.email());
  }

  @Override
  public void deleteUser(String id) {
    identity.deleteUser(id); // memberships and user info go with it
    syncedUserIds().remove(id);
    if (engineUserIds != null) engineUserIds.remove(id);
  }

  /** The ids of every user of the engine, read once a run and kept up to date by its writes. */
  private Set<String> engineUserIds() {
    if (engineUserIds == null) {
      Set<String> read = new HashSet<>();
      for (int first = 0; ; first += QUERY_PAGE) {
        List<org.camunda.bpm.engine.identity.User> page =
            identity.createUserQuery().orderByUserId().asc().listPage(first, QUERY_PAGE);
        page.forEach(u -> read.add(u.getId()));
        if (page.size() < QUERY_PAGE) break;
      }
      engineUserIds = read;
    }
    return engineUserIds;
  }

  @Override
  public Set<String> syncedUserIds() {
    if (synced == null) {
      synced = new HashSet<>();
      for (int first = 0; ; first += QUERY_PAGE) {
        List<org.camunda.bpm.engine.identity.User> page =
            identity
                .createUserQuery()
                .memberOfGroup(marker)
                .orderByUserId()
                .asc()
                .listPage(first, QUERY_PAGE);
        page.forEach(u -> synced.add(u.getId()));
        if (page.size() < QUERY_PAGE) break;
      }
    }
    return synced;
  }

  @Override
  public Optional<DirectoryTarget.Group> syncedGroup(String id) {
    org.camunda.bpm.engine.identity.Group g = groups().get(id);
    return g != null && isSynced(g) ? Optional.of(toGroup(g)) : Optional.empty();
  }

  @Override
  public boolean isForeignGroup(String id) {
    org.camunda.bpm.engine.identity.Group g = groups().get(id);
    return g != null && !isSynced(g);
  }

  @Override
  public Optional<String> syncedGroupIdByObjectId(String objectId) {
    org.camunda.bpm.engine.identity.Group g =
        identity.createGroupQuery().groupType(groupType + objectId).singleResult();
    return Optional.ofNullable(g).map(org.camunda.bpm.engine.identity.Group::getId);
  }

  /** Created by this connection's sync: its prefix, then an object id (which has no colon). */
  private boolean isSynced(org.camunda.bpm.engine.identity.Group g) {
    return g.getType() != null
        && g.getType().startsWith(groupType)
        && g.getType().indexOf(':', groupType.length()) < 0;
  }

  private DirectoryTarget.Group toGroup(org.camunda.bpm.engine.identity.Group g) {
    return new DirectoryTarget.Group(
        g.getId(), g.getType().substring(groupType.length()), g.getName());
  }

  @Override
  public void createGroup(DirectoryTarget.Group group) {
    org.camunda.bpm.engine.identity.Group g = identity.newGroup(group.id());
    g.setName(group.name());
    g.setType(groupType + group.objectId());
    if (direct != null) direct.createGroup(g.getId(), g.getName(), g.getType());
    else identity.saveGroup(g);
    if (groups != null) groups.put(g.getId(), g);
  }

  @Override
  public void updateGroup(DirectoryTarget.Group group) {
    org.camunda.bpm.engine.identity.Group g =
        identity.createGroupQuery().groupId(group.id()).singleResult();
    g.setName(group.name());
    identity.saveGroup(g);
    if (groups != null) groups.put(g.getId(), g);
  }

  @Override
  public void deleteGroup(String id) {
    identity.deleteGroup(id); // its memberships go with it
    if (groups != null) groups.remove(id);
  }

  @Override
  public Set<String> syncedGroupIds() {
    Set<String> ids = new HashSet<>();
    for (org.camunda.bpm.engine.identity.Group g : groups().values())
      if (isSynced(g)) ids.add(g.getId());
    return ids;
  }

  @Override
  public Set<String> memberIds(String groupId) {
    Set<String> ids = new HashSet<>();
    Set<String> syncedIds = syncedUserIds();
    for (int first = 0; ; first += QUERY_PAGE) {
      List<org.camunda.bpm.engine.identity.User> page =
          identity
              .createUserQuery()
              .memberOfGroup(groupId)
              .orderByUserId()
              .asc()
              .listPage(first, QUERY_PAGE);
      // local users added to a synced group by hand keep their membership
      page.stream()
          .map(org.camunda.bpm.engine.identity.User::getId)
          .filter(syncedIds::contains)
          .forEach(ids::add);
      if (page.size() < QUERY_PAGE) break;
    }
    return ids;
  }

  @Override
  public void addMember(String groupId, String userId) {
    if (direct != null) direct.createMembership(userId, groupId);
    else identity.createMembership(userId, groupId);
  }

  @Override
  public void removeMember(String groupId, String userId) {
    identity.deleteMembership(userId, groupId);
  }
}
