package io.entraid.connector.core.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.entraid.connector.core.UserText;
import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.graph.BatchResult;
import io.entraid.connector.core.graph.GraphClient;
import io.entraid.connector.core.graph.GraphException;
import io.entraid.connector.core.graph.GraphPath;
import io.entraid.connector.core.graph.GraphRequest;
import io.entraid.connector.core.graph.Page;
import io.entraid.connector.core.sync.DirectoryTarget.Group;
import io.entraid.connector.core.sync.DirectoryTarget.User;
import io.entraid.connector.core.sync.SyncOptions.RemovedUsers;
import io.entraid.connector.core.sync.SyncOptions.UserScope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a target directory (Camunda's users, groups and memberships) in step with Entra ID.
 *
 * <p>The first run, a forced run and a run whose delta token expired are full: they read Graph's
 * delta queries from the start, which lists everything and ends with delta links; later runs read
 * only the changes since. Users come first (so memberships can refer to them), then groups with
 * their members.
 *
 * <p>Commit strategy: one target transaction per Graph page of users, never one for the whole
 * directory. A full users round stores its resume point (the next page's link) in the same
 * transaction as the page's writes, so a crashed run resumes there, and the stored position never
 * passes unwritten changes. A delta round (small by nature) and the groups round store their new
 * delta link only after their last writes; after a crash they are read again from the previous
 * link, which repeats changes idempotently. Everything else is written in transactions of 500
 * writes as it is planned. Deletions are collected, checked against the deletion guard and written
 * last.
 *
 * <p>In a cluster: a run writes only while it holds the connection's {@link SyncLease}, which every
 * commit checks and renews in the same transaction, so of two runs of one connection only one ever
 * writes.
 *
 * <p>Memory: one page of users at a time; per run, the ids of the users seen (full runs) and the
 * direct memberships of the synced groups (the groups round): a few hundred bytes a user.
 */
public final class DirectorySync {
  private static final Logger LOG = LoggerFactory.getLogger(DirectorySync.class);

  static final String USERS_DELTA = "users.deltaLink";
  static final String USERS_RESUME = "users.resume";
  static final String GROUPS_DELTA = "groups.deltaLink";
  private static final String USER_FIELDS =
      "id,userPrincipalName,givenName,surname,displayName,mail,mailNickname,accountEnabled";
  private static final String GROUP_FIELDS = "displayName,mailNickname,securityEnabled,groupTypes";
  private static final int WRITES_PER_TRANSACTION = 500;

  /** Users checked per part after a resumed run, with the lease kept between parts. */
  private static final int CHECKS_PER_PART = 500;

  private final EntraConnection connection;
  private final GraphClient graph;
  private final SyncOptions options;
  private final DirectoryTarget target;
  private final Clock clock;
  private final Tally users = new Tally();
  private final Tally groups = new Tally();
  private final Tally memberships = new Tally();
  private final List<String> skipped = new ArrayList<>();
  private final SyncProgress.Listener progress;
  private int pages;
  private SyncLease lease = SyncLease.NONE;
  private int usersRead;
  private int groupsRead;
  private String round = "users";
  private Instant start;
  private boolean fullRun;

  /**
   * Entra object ids of users this run found removed or disabled: never members of synced groups.
   */
  private final Set<String> goneUsers = new HashSet<>();

  /**
   * Entra object id to target id of the users this run wrote, where the id cannot be derived from
   * the object id.
   */
  private final Map<String, String> runUserIds = new HashMap<>();

  /**
   * Entra object ids of the users an incremental run created: their memberships are read once (see
   * restoreMemberships).
   */
  private final Set<String> createdInDelta = new HashSet<>();

  /** In a dry run: the users the run would have created. */
  private final Set<String> plannedUsers = new HashSet<>();

  public DirectorySync(EntraConnection connection, SyncOptions options, DirectoryTarget target) {
    this(connection, options, target, SyncProgress.Listener.NONE);
  }

  /**
   * @param progress told after each page of users or groups, and at the end (besides a log line per
   *     page)
   */
  public DirectorySync(
      EntraConnection connection,
      SyncOptions options,
      DirectoryTarget target,
      SyncProgress.Listener progress) {
    this(connection, options, target, progress, Clock.systemUTC());
  }

  DirectorySync(
      EntraConnection connection,
      SyncOptions options,
      DirectoryTarget target,
      SyncProgress.Listener progress,
      Clock clock) {
    this.connection = connection;
    this.graph = connection.graph().background();
    this.options = options;
    this.target = target;
    this.progress = progress;
    this.clock = clock;
  }

  /**
   * Takes the connection's lease, runs, and gives the lease up. A run that finds the lease held by
   * another live run ends at once with a skipped report; a run whose lease was taken over (it
   * outlived the lease) stops at its next commit, which rolls back, and reports what it wrote
   * before.
   *
   * @throws SyncAbortedException when the deletion guard stops the run
   * @throws GraphException when Graph fails beyond the client's retries (the next run resumes)
   */
  public SyncReport run() {
    start = clock.instant();
    lease = options.dryRun() ? SyncLease.NONE : target.lease();
    java.util.Optional<SyncLease.Holder> holder = lease.acquire();
    if (holder.isPresent()) {
      LOG.info(
          "Directory sync of connection '{}' not started: another run holds its lease ({})",
          connection.name(),
          holder.get());
      return SyncReport.skipped(
          "another run holds the lease of connection '"
              + connection.name()
              + "': "
              + holder.get()
              + "; this run wrote nothing");
    }
    try {
      SyncReport report;
      try {
        runRounds();
        report = report();
      } catch (SyncLease.Lost e) {
        LOG.warn(
            "ENTRAID-03001 Directory sync of connection '{}' stopped without writing on: {}",
            connection.name(),
            e.getMessage());
        report = report().stopped(e.getMessage());
      }
      LOG.info(
          "Directory sync of connection '{}' ({}): users {}, groups {}, memberships {}, {} skipped, {} pages, {} ms",
          connection.name(),
          report.mode(),
          report.users(),
          report.groups(),
          report.memberships(),
          skipped.size(),
          pages,
          report.duration().toMillis());
      return report;
    } finally {
      try {
        progress.onProgress(
            new SyncProgress(
                connection.name(),
                round,
                pages,
                usersRead,
                groupsRead,
                Duration.between(start, clock.instant()),
                true));
      } finally {
        lease.release();
      }
    }
  }

  private void runRounds() {
    if (options.fullSync() && !options.dryRun()) {
      commit(
          () -> List.of(USERS_DELTA, USERS_RESUME, GROUPS_DELTA).forEach(target.state()::remove));
    }
    boolean usersFull = syncUsers(options.fullSync() || target.state().get(USERS_DELTA).isEmpty());
    // after a full users round the memberships are rebuilt too: unchanged groups may hold new users
    syncGroups(usersFull || target.state().get(GROUPS_DELTA).isEmpty());
  }

  private SyncReport report() {
    String mode = options.dryRun() ? "dry-run" : fullRun ? "full" : "delta";
    return new SyncReport(
        mode,
        users.counts(),
        groups.counts(),
        memberships.counts(),
        List.copyOf(skipped),
        pages,
        Duration.between(start, clock.instant()));
  }

  /**
   * After a page of users or groups: a log line and the listener, so a long run shows where it is.
   */
  private void pageDone(String round, int items) {
    this.round = round;
    keepLease();
    if (round.equals("users")) usersRead += items;
    else groupsRead += items;
    SyncProgress now =
        new SyncProgress(
            connection.name(),
            round,
            pages,
            usersRead,
            groupsRead,
            Duration.between(start, clock.instant()),
            false);
    LOG.info(
        "Directory sync of connection '{}': page {} ({}) done, {} users and {} groups so far, {} users/s",
        connection.name(),
        pages,
        round,
        usersRead,
        groupsRead,
        now.usersPerSecond());
    progress.onProgress(now);
  }

  // ----------------------------------------------------------------------------------------------
  // users

  /**
   * @return true if the users round was (or fell back to) a full one
   */
  private boolean syncUsers(boolean full) {
    if (options.users() != UserScope.ALL) {
      syncScopedUsers();
      fullRun = true;
      return true;
    }
    fullRun |= full;
    SyncStateStore state = target.state();
    Set<String> seen = new HashSet<>();
    List<String> removedObjectIds = new ArrayList<>();
    boolean resumed = false;
    String first;
    if (!full) {
      first = state.get(USERS_DELTA).orElseThrow();
    } else if (state.get(USERS_RESUME).isPresent() && !options.fullSync()) {
      first = state.get(USERS_RESUME).get();
      resumed = true;
      LOG.info(
          "Directory sync of connection '{}': resuming the users round where the last run stopped",
          connection.name());
    } else {
      first = null;
    }
    String deltaLink;
    try {
      deltaLink = readUserPages(first, full, seen, removedObjectIds);
    } catch (GraphException e) {
      if (full || !DeltaReader.isExpiredDeltaToken(e)) throw e;
      LOG.warn(
          "ENTRAID-03002 Directory sync of connection '{}': the users delta token is no longer valid ({}); running a full sync",
          connection.name(),
          e.code());
      if (!options.dryRun()) commit(() -> state.remove(USERS_DELTA));
      return syncUsers(true);
    }

    Set<String> deletions = new HashSet<>();
    if (full) {
      Set<String> candidates = new HashSet<>(target.syncedUserIds());
      candidates.removeAll(seen);
      deletions.addAll(resumed ? stillGone(candidates) : candidates);
    } else {
      for (String objectId : removedObjectIds) syncedUserId(objectId).ifPresent(deletions::add);
    }
    applyUserRemovals(
        deletions,
        () -> {
          state.put(USERS_DELTA, deltaLink);
          state.remove(USERS_RESUME);
        });
    return full;
  }

  /**
   * Reads the pages from {@code first} (null: the start) on, writing users page by page; returns
   * the final delta link.
   */
  private String readUserPages(
      String first, boolean full, Set<String> seen, List<String> removedObjectIds) {
    // the next page is fetched while this one is written
    return DeltaReader.users(graph, USER_FIELDS, "syncDirectory")
        .prefetching()
        .read(
            first,
            page -> {
              pages++;
              write(
                  () -> {
                    Map<String, DirectoryTarget.Existing> existing = existingUsers(page.items());
                    for (DeltaReader.Change change : page.changes()) {
                      JsonNode item = change.item();
                      String objectId = change.objectId();
                      if (change.removed() || !item.path("accountEnabled").asBoolean(true)) {
                        // removed (soft or hard) or disabled: handled with the deletions, after the
                        // guard
                        removedObjectIds.add(objectId);
                        goneUsers.add(objectId);
                        continue;
                      }
                      String id = upsertUser(item, existing);
                      if (id != null) seen.add(id);
                    }
                    if (full && page.nextLink() != null && !options.dryRun())
                      target.state().put(USERS_RESUME, page.nextLink());
                  });
              pageDone("users", page.changes().size());
            });
  }

  /** Users of a scope Graph cannot follow with delta: listed in full on every run. */
  private void syncScopedUsers() {
    Set<String> seen = new HashSet<>();
    List<GraphRequest> sources = new ArrayList<>();
    if (options.users() == UserScope.FILTER) {
      sources.add(
          GraphRequest.get(GraphPath.of("users"))
              .withQuery("$filter", options.userFilter())
              .withQuery("$select", USER_FIELDS)
              .withQuery("$top", "999"));
    } else {
      for (String groupId :
          connection.groups().resolve(options.userGroups(), "syncDirectory").values()) {
        sources.add(
            GraphRequest.get(GraphPath.of("groups").key(groupId).segments("transitiveMembers"))
                .withQuery("$select", USER_FIELDS)
                .withQuery("$top", "999"));
      }
    }
    for (GraphRequest source : sources) {
      Iterator<Page<JsonNode>> it =
          graph.pagesAdvancedIfNeeded(source.forOperation("syncDirectory"), JsonNode.class);
      while (it.hasNext()) {
        Page<JsonNode> page = it.next();
        pages++;
        write(
            () -> {
              Map<String, DirectoryTarget.Existing> existing = existingUsers(page.items());
              for (JsonNode item : page.items()) {
                if (item.has("@odata.type")
                    && !"#microsoft.graph.user".equals(item.path("@odata.type").asText())) continue;
                if (!item.path("accountEnabled").asBoolean(true)) {
                  goneUsers.add(item.path("id").asText());
                  continue;
                }
                String id = upsertUser(item, existing);
                if (id != null) seen.add(id);
              }
            });
        pageDone("users", page.items().size());
      }
    }
    Set<String> deletions = new HashSet<>(target.syncedUserIds());
    deletions.removeAll(seen);
    applyUserRemovals(deletions, () -> {});
  }

  /** The target id of a synced user, derived from the object id where the mapping allows. */
  private java.util.Optional<String> syncedUserId(String objectId) {
    if (options.userIds() == IdMapping.OBJECT_ID) {
      String id = IdMapping.OBJECT_ID.id(objectId, null, null);
      return target.syncedUserIds().contains(id)
          ? java.util.Optional.of(id)
          : java.util.Optional.empty();
    }
    String known = runUserIds.get(objectId);
    return known != null ? java.util.Optional.of(known) : target.syncedUserIdByObjectId(objectId);
  }

  private String userId(JsonNode item) {
    return options
        .userIds()
        .id(item.path("id").asText(), text(item, "userPrincipalName"), text(item, "mailNickname"));
  }

  /** The target's users for a page, looked up at once. */
  private Map<String, DirectoryTarget.Existing> existingUsers(List<JsonNode> items) {
    List<String> ids = new ArrayList<>();
    for (JsonNode item : items) {
      String id = userId(item);
      if (id != null && target.acceptsUserId(id)) ids.add(id);
    }
    return ids.isEmpty() ? Map.of() : target.users(ids);
  }

  /** Creates or updates one user; returns its target id, or null when it was skipped. */
  private String upsertUser(JsonNode item, Map<String, DirectoryTarget.Existing> existingUsers) {
    String objectId = item.path("id").asText();
    String upn = text(item, "userPrincipalName");
    String id = userId(item);
    if (id == null || !target.acceptsUserId(id)) {
      skip(
          "user "
              + UserText.escape(upn != null ? upn : objectId)
              + ": id "
              + UserText.quote(id)
              + " is not accepted by the engine's id rules"
              + " (see the engine's user resource whitelist pattern)");
      return null;
    }
    DirectoryTarget.Existing found = existingUsers.get(id);
    if (found != null && !found.synced()) {
      skip("user " + id + ": a local user with this id exists and is left alone");
      return null;
    }
    String first = text(item, "givenName");
    String last = text(item, "surname");
    if (first == null && last == null) last = text(item, "displayName");
    String email = text(item, "mail") != null ? text(item, "mail") : upn;
    User wanted = new User(id, objectId, first, last, email);
    if (options.userIds() != IdMapping.OBJECT_ID) runUserIds.put(objectId, id);
    if (found == null) {
      if (options.dryRun()) plannedUsers.add(id);
      else target.createUser(wanted);
      if (!fullRun) createdInDelta.add(objectId);
      users.created++;
    } else if (!sameUser(found.user(), wanted)) {
      if (!options.dryRun()) target.updateUser(wanted);
      users.updated++;
    } else {
      users.unchanged++;
    }
    return id;
  }

  private static boolean sameUser(User a, User b) {
    return Objects.equals(a.firstName(), b.firstName())
        && Objects.equals(a.lastName(), b.lastName())
        && Objects.equals(a.email(), b.email());
  }

  /**
   * After a resumed full round: which candidates are really gone from Entra ID (not merely unseen
   * by this JVM).
   */
  private Set<String> stillGone(Set<String> candidates) {
    Map<String, String> byObjectId = new LinkedHashMap<>();
    for (String id : candidates)
      target.syncedUser(id).ifPresent(u -> byObjectId.put(u.objectId(), id));
    List<String> objectIds = List.copyOf(byObjectId.keySet());
    List<BatchResult> results = new ArrayList<>();
    // in parts, keeping the lease between them: after a late crash in a large tenant these are many
    // requests
    for (int from = 0; from < objectIds.size(); from += CHECKS_PER_PART) {
      keepLease();
      results.addAll(
          graph.batch(
              objectIds.subList(from, Math.min(objectIds.size(), from + CHECKS_PER_PART)).stream()
                  .map(
                      oid ->
                          GraphRequest.get(GraphPath.of("users").key(oid))
                              .withQuery("$select", "id,accountEnabled")
                              .forOperation("syncDirectory"))
                  .toList()));
    }
    Set<String> gone = new HashSet<>();
    for (int i = 0; i < objectIds.size(); i++) {
      BatchResult r = results.get(i);
      boolean exists = r.ok() && r.body().path("accountEnabled").asBoolean(true);
      if (!exists && (r.ok() || r.status() == 404)) gone.add(byObjectId.get(objectIds.get(i)));
      if (!r.ok() && r.status() != 404) throw r.error();
    }
    return gone;
  }

  /**
   * Deletes (or takes out of synced groups) the given users after the guard, then runs {@code
   * finish} in the last transaction.
   */
  private void applyUserRemovals(Set<String> ids, Runnable finish) {
    int synced = target.syncedUserIds().size();
    if (options.removedUsers() == RemovedUsers.DELETE
        && !options.force()
        && synced > 0
        && ids.size() * 100.0 / synced > options.deletionGuardPercent()) {
      throw new SyncAbortedException(
          "Directory sync of connection '"
              + connection.name()
              + "' stopped before deleting "
              + ids.size()
              + " of "
              + synced
              + " synced users ("
              + Math.round(ids.size() * 100.0 / synced)
              + " %), more than the"
              + " deletion guard of "
              + options.deletionGuardPercent()
              + " %. Nothing was deleted. Fix: check the Entra ID"
              + " tenant and the sync's user scope; if the deletions are intended, run the sync once with force = true.");
    }
    Writes writes = new Writes();
    Map<String, Set<String>> groupMembers = new HashMap<>();
    if (options.removedUsers() == RemovedUsers.REMOVE_FROM_GROUPS && !ids.isEmpty()) {
      for (String groupId : target.syncedGroupIds())
        groupMembers.put(groupId, target.memberIds(groupId));
    }
    for (String id : ids) {
      if (options.removedUsers() == RemovedUsers.DELETE) {
        writes.add(() -> target.deleteUser(id));
        users.deleted++;
      } else {
        groupMembers.forEach(
            (groupId, members) -> {
              if (members.contains(id)) {
                writes.add(() -> target.removeMember(groupId, id));
                memberships.deleted++;
              }
            });
      }
    }
    writes.finish(finish);
  }

  // ---------------------------------------------------------------------------------------------
  // groups

  private void syncGroups(boolean fullUsers) {
    SyncStateStore state = target.state();
    boolean full = fullUsers;
    fullRun |= full;
    GroupChanges delta = new GroupChanges();
    String deltaLink;
    try {
      deltaLink =
          DeltaReader.groups(graph, GROUP_FIELDS, true, "syncDirectory")
              .read(
                  full ? null : state.get(GROUPS_DELTA).orElseThrow(),
                  page -> {
                    pages++;
                    delta.add(page);
                    pageDone("groups", page.changes().size());
                  });
    } catch (GraphException e) {
      if (full || !DeltaReader.isExpiredDeltaToken(e)) throw e;
      LOG.warn(
          "ENTRAID-03003 Directory sync of connection '{}': the groups delta token is no longer valid ({}); reading all groups",
          connection.name(),
          e.code());
      syncGroups(true);
      return;
    }

    Map<String, JsonNode> changedGroups = delta.changed();
    Set<String> removedGroups = new HashSet<>(delta.removedGroups());
    Writes writes = new Writes();
    Set<String> inScope = new HashSet<>();
    for (JsonNode g : changedGroups.values()) {
      String objectId = g.path("id").asText();
      String id = options.groupIds().id(objectId, null, text(g, "mailNickname"));
      if (!inScope(g)) {
        removedGroups.add(objectId); // renamed or changed out of scope: no longer synced
        continue;
      }
      if (id == null || !target.acceptsGroupId(id)) {
        skip(
            "group "
                + UserText.escape(text(g, "displayName"))
                + ": id "
                + UserText.quote(id)
                + " is not accepted by the engine's id rules");
        continue;
      }
      if (target.isForeignGroup(id)) {
        skip("group " + id + ": a local group with this id exists and is left alone");
        continue;
      }
      inScope.add(objectId);
      Group wanted = new Group(id, objectId, text(g, "displayName"));
      var existing = target.syncedGroup(id);
      if (existing.isEmpty()) {
        writes.add(() -> target.createGroup(wanted));
        groups.created++;
      } else if (!Objects.equals(existing.get().name(), wanted.name())) {
        writes.add(() -> target.updateGroup(wanted));
        groups.updated++;
      } else {
        groups.unchanged++;
      }
    }
    Set<String> groupDeletions = new HashSet<>();
    if (full) {
      // everything synced that this round did not keep is gone or out of scope
      Set<String> keep = new HashSet<>();
      for (String objectId : inScope)
        keep.add(
            options
                .groupIds()
                .id(objectId, null, text(changedGroups.get(objectId), "mailNickname")));
      for (String id : target.syncedGroupIds()) if (!keep.contains(id)) groupDeletions.add(id);
    } else {
      for (String objectId : removedGroups)
        target.syncedGroupIdByObjectId(objectId).ifPresent(groupDeletions::add);
    }
    for (String id : groupDeletions) {
      writes.add(() -> target.deleteGroup(id));
      groups.deleted++;
    }
    writes.finish(() -> {});

    syncMemberships(full, inScope, delta);
    if (!full) restoreMemberships();
    if (!options.dryRun()) commit(() -> state.put(GROUPS_DELTA, deltaLink));
  }

  /**
   * Users an incremental run created may already be members in Entra ID without any membership
   * change being reported: Graph's delta reports membership removals only for permanently deleted
   * users, so a user deleted (or disabled) and restored keeps its groups. Their groups are read
   * once, here.
   */
  private void restoreMemberships() {
    Writes writes = new Writes();
    for (String objectId : createdInDelta) {
      String userId = syncedUserId(objectId).orElse(null);
      if (userId == null) continue;
      GraphRequest request =
          GraphRequest.get(
                  GraphPath.of("users")
                      .key(objectId)
                      .segments(options.nestedAsDirect() ? "transitiveMemberOf" : "memberOf"))
              .withQuery("$select", "id")
              .withQuery("$top", "999")
              .forOperation("syncDirectory");
      graph
          .pages(request, JsonNode.class)
          .forEachRemaining(
              page -> {
                pages++;
                keepLease();
                for (JsonNode g : page.items()) {
                  target
                      .syncedGroupIdByObjectId(g.path("id").asText())
                      .ifPresent(
                          groupId -> {
                            if (!target.memberIds(groupId).contains(userId)) {
                              writes.add(() -> target.addMember(groupId, userId));
                              memberships.created++;
                            }
                          });
                }
              });
    }
    writes.finish(() -> {});
  }

  private void syncMemberships(boolean full, Set<String> inScope, GroupChanges delta) {
    Map<String, JsonNode> groupsById = delta.changed();
    // Planned and written group by group: a first sync of a large tenant never holds every group's
    // members, or every planned write, at once.
    Writes writes = new Writes();
    if (full) {
      for (String objectId : inScope) {
        Set<String> wanted =
            options.nestedAsDirect()
                ? transitiveUsers(objectId, delta)
                : users(delta.added(objectId));
        planMembers(objectId, groupsById.get(objectId), wanted, delta, writes);
      }
    } else {
      Set<String> touched = delta.withMemberChanges();
      touched.addAll(inScope);
      Set<String> affected = new HashSet<>();
      for (String objectId : touched) {
        if (target.syncedGroupIdByObjectId(objectId).isPresent() || inScope.contains(objectId))
          affected.add(objectId);
        if (options.nestedAsDirect()) affected.addAll(syncedAncestors(objectId));
      }
      for (String objectId : affected) {
        Set<String> wanted = options.nestedAsDirect() ? transitiveUsersFromGraph(objectId) : null;
        planMembers(objectId, groupsById.get(objectId), wanted, delta, writes);
      }
    }
    writes.finish(() -> {});
  }

  /**
   * Compares a synced group's members with what they should be: {@code wanted} user object ids, or
   * (when null) the current members plus the delta's added minus its removed ones.
   */
  private void planMembers(
      String objectId, JsonNode group, Set<String> wanted, GroupChanges delta, Writes writes) {
    String groupId =
        group != null
            ? options.groupIds().id(objectId, null, text(group, "mailNickname"))
            : target.syncedGroupIdByObjectId(objectId).orElse(null);
    if (groupId == null || !target.acceptsGroupId(groupId) || target.isForeignGroup(groupId))
      return;
    Set<String> current =
        target.syncedGroup(groupId).isPresent() ? target.memberIds(groupId) : Set.of();
    Set<String> desired;
    if (wanted != null) {
      desired = mapUsers(wanted);
    } else {
      desired = new HashSet<>(current);
      desired.addAll(mapUsers(users(delta.added(objectId))));
      desired.removeAll(mapUsers(users(delta.removed(objectId))));
    }
    for (String userId : desired) {
      if (current.contains(userId)) {
        memberships.unchanged++;
      } else {
        writes.add(() -> target.addMember(groupId, userId));
        memberships.created++;
      }
    }
    for (String userId : current) {
      if (!desired.contains(userId)) {
        writes.add(() -> target.removeMember(groupId, userId));
        memberships.deleted++;
      }
    }
  }

  /**
   * Writes as they are planned, in transactions of {@link #WRITES_PER_TRANSACTION}, so planned
   * writes never pile up in memory; {@link #finish} runs the rest with a last step (such as storing
   * a delta link) in one transaction. A dry run writes nothing.
   */
  private final class Writes {
    private final List<Runnable> pending = new ArrayList<>();

    void add(Runnable write) {
      if (options.dryRun()) return;
      pending.add(write);
      if (pending.size() >= WRITES_PER_TRANSACTION) write(() -> {});
    }

    void finish(Runnable last) {
      if (!options.dryRun()) write(last);
    }

    private void write(Runnable last) {
      List<Runnable> chunk = List.copyOf(pending);
      pending.clear();
      commit(
          () -> {
            chunk.forEach(Runnable::run);
            last.run();
          });
    }
  }

  /** Object ids of the users among members. */
  private static Set<String> users(Set<Member> members) {
    Set<String> ids = new HashSet<>();
    for (Member m : members) if (m.user()) ids.add(m.objectId());
    return ids;
  }

  /**
   * Target ids of the synced users among user object ids. Users that are not synced (out of scope,
   * skipped), removed or disabled are left out; in a dry run, users this run would have created
   * count.
   */
  private Set<String> mapUsers(Set<String> objectIds) {
    Set<String> synced = target.syncedUserIds();
    Set<String> ids = new HashSet<>();
    for (String objectId : objectIds) {
      if (goneUsers.contains(objectId)) continue;
      String id =
          options.userIds() == IdMapping.OBJECT_ID
              ? IdMapping.OBJECT_ID.id(objectId, null, null)
              : runUserIds.getOrDefault(
                  objectId, target.syncedUserIdByObjectId(objectId).orElse(null));
      if (id != null && (synced.contains(id) || options.dryRun() && plannedUsers.contains(id)))
        ids.add(id);
    }
    return ids;
  }

  /**
   * Transitive user members from the direct memberships read in a full groups round (cycles
   * tolerated).
   */
  private static Set<String> transitiveUsers(String objectId, GroupChanges direct) {
    Set<String> result = new HashSet<>();
    Set<String> visiting = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(objectId));
    while (!todo.isEmpty()) {
      String group = todo.pop();
      if (!visiting.add(group)) continue;
      for (Member m : direct.added(group)) {
        if (m.user()) result.add(m.objectId());
        else todo.push(m.objectId());
      }
    }
    return result;
  }

  private Set<String> transitiveUsersFromGraph(String objectId) {
    Set<String> ids = new HashSet<>();
    GraphRequest request =
        GraphRequest.get(GraphPath.of("groups").key(objectId).segments("transitiveMembers"))
            .withQuery("$select", "id")
            .withQuery("$top", "999")
            .forOperation("syncDirectory");
    graph
        .pages(request, JsonNode.class)
        .forEachRemaining(
            page -> {
              pages++;
              keepLease();
              for (JsonNode m : page.items()) {
                if ("#microsoft.graph.user".equals(m.path("@odata.type").asText()))
                  ids.add(m.path("id").asText());
              }
            });
    return ids;
  }

  private Set<String> syncedAncestors(String objectId) {
    Set<String> ancestors = new HashSet<>();
    GraphRequest request =
        GraphRequest.get(GraphPath.of("groups").key(objectId).segments("transitiveMemberOf"))
            .withQuery("$select", "id")
            .withQuery("$top", "999")
            .forOperation("syncDirectory");
    try {
      graph
          .pages(request, JsonNode.class)
          .forEachRemaining(
              page -> {
                pages++;
                keepLease();
                for (JsonNode g : page.items()) {
                  String id = g.path("id").asText();
                  if (target.syncedGroupIdByObjectId(id).isPresent()) ancestors.add(id);
                }
              });
    } catch (GraphException e) {
      if (e.status() != 404) throw e; // a deleted group has no ancestors left
    }
    return ancestors;
  }

  private boolean inScope(JsonNode group) {
    return switch (options.groups()) {
      case ALL_SECURITY -> group.path("securityEnabled").asBoolean(false);
      case PREFIX ->
          String.valueOf(text(group, "displayName"))
              .toLowerCase(Locale.ROOT)
              .startsWith(options.groupPrefix().toLowerCase(Locale.ROOT));
      case LIST ->
          options.groupList().stream()
              .anyMatch(
                  ref ->
                      GraphPath.isObjectId(ref)
                          ? ref.equalsIgnoreCase(group.path("id").asText())
                          : ref.equalsIgnoreCase(text(group, "displayName"))
                              || ref.equalsIgnoreCase(text(group, "mailNickname")));
    };
  }

  // -----------------------------------------------------------------------------------------
  // plumbing

  private void write(Runnable work) {
    if (options.dryRun()) {
      work.run(); // targets are only read in a dry run; every write above is guarded
    } else {
      commit(work);
    }
  }

  /**
   * Commits {@code work} in a target transaction that first confirms and extends this run's lease.
   */
  private void commit(Runnable work) {
    target.inTransaction(
        () -> {
          lease.renew();
          work.run();
        });
  }

  /**
   * Renews the lease between commits when a long stretch of reading would otherwise let it lapse.
   */
  private void keepLease() {
    if (lease.renewalDue()) commit(() -> {});
  }

  private void skip(String reason) {
    skipped.add(reason);
    LOG.debug("Directory sync of connection '{}' skipped {}", connection.name(), reason);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  /** Counts of one kind of object. */
  private static final class Tally {
    int created;
    int updated;
    int deleted;
    int unchanged;

    SyncReport.Counts counts() {
      return new SyncReport.Counts(created, updated, deleted, unchanged);
    }
  }
}
