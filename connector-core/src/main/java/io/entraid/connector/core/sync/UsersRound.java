package io.entraid.connector.core.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.entraid.connector.core.graph.GraphException;
import io.entraid.connector.core.graph.GraphPath;
import io.entraid.connector.core.graph.GraphRequest;
import io.entraid.connector.core.graph.Page;
import io.entraid.connector.core.sync.SyncOptions.UserScope;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users round: all users through Graph's users delta, or the users of a scope delta cannot
 * follow (members of groups, a filter), listed in full. Users are written page by page, one target
 * transaction per page; a full delta read stores its resume point (the next page's link) with the
 * page's writes. Removals are collected and written last, after the deletion guard, with the new
 * delta link.
 */
final class UsersRound {
  private static final Logger LOG = LoggerFactory.getLogger(DirectorySync.class);

  static final String USERS_DELTA = "users.deltaLink";
  static final String USERS_RESUME = "users.resume";

  private final SyncRun run;
  private final SyncStateStore state;
  private final UserWriter writer;

  UsersRound(SyncRun run) {
    this.run = run;
    this.state = run.target.state();
    this.writer = new UserWriter(run);
  }

  /**
   * @return true if the users round was (or fell back to) a full one
   */
  boolean sync(boolean full) {
    if (run.options.users() != UserScope.ALL) {
      syncScopedUsers();
      run.fullRun = true;
      return true;
    }
    run.fullRun |= full;
    Set<String> seen = new HashSet<>();
    List<String> removedObjectIds = new ArrayList<>();
    boolean resumed = false;
    String first;
    if (!full) {
      first = state.get(USERS_DELTA).orElseThrow();
    } else if (state.get(USERS_RESUME).isPresent() && !run.options.fullSync()) {
      first = state.get(USERS_RESUME).get();
      resumed = true;
      LOG.info(
          "Directory sync of connection '{}': resuming the users round where the last run stopped",
          run.connection.name());
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
          run.connection.name(),
          e.code());
      run.commit(() -> state.remove(USERS_DELTA));
      return sync(true);
    }

    UserRemovals removals = new UserRemovals(run);
    Set<String> deletions = new HashSet<>();
    if (full) {
      Set<String> candidates = new HashSet<>(run.target.syncedUserIds());
      candidates.removeAll(seen);
      deletions.addAll(resumed ? removals.stillGone(candidates) : candidates);
    } else {
      for (String objectId : removedObjectIds) run.syncedUserId(objectId).ifPresent(deletions::add);
    }
    removals.apply(
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
    return DeltaReader.users(run.graph, UserWriter.USER_FIELDS, "syncDirectory")
        .prefetching()
        .read(
            first,
            page -> {
              run.pageRead();
              run.commit(
                  () -> {
                    var existing = writer.existingUsers(page.items());
                    for (DeltaReader.Change change : page.changes()) {
                      JsonNode item = change.item();
                      if (change.removed() || !item.path("accountEnabled").asBoolean(true)) {
                        // removed (soft or hard) or disabled: with the deletions, after the guard
                        removedObjectIds.add(change.objectId());
                        run.goneUsers.add(change.objectId());
                        continue;
                      }
                      String id = writer.upsertUser(item, existing);
                      if (id != null) seen.add(id);
                    }
                    if (full && page.nextLink() != null) state.put(USERS_RESUME, page.nextLink());
                  });
              run.pageDone("users", page.changes().size());
            });
  }

  /** Users of a scope Graph cannot follow with delta: listed in full on every run. */
  private void syncScopedUsers() {
    Set<String> seen = new HashSet<>();
    List<GraphRequest> sources = new ArrayList<>();
    if (run.options.users() == UserScope.FILTER) {
      sources.add(
          GraphRequest.get(GraphPath.of("users"))
              .withQuery("$filter", run.options.userFilter())
              .withQuery("$select", UserWriter.USER_FIELDS)
              .withQuery("$top", "999"));
    } else {
      for (String groupId :
          run.connection.groups().resolve(run.options.userGroups(), "syncDirectory").values()) {
        sources.add(
            GraphRequest.get(GraphPath.of("groups").key(groupId).segments("transitiveMembers"))
                .withQuery("$select", UserWriter.USER_FIELDS)
                .withQuery("$top", "999"));
      }
    }
    for (GraphRequest source : sources) {
      Iterator<Page<JsonNode>> it =
          run.graph.pagesAdvancedIfNeeded(source.forOperation("syncDirectory"), JsonNode.class);
      while (it.hasNext()) {
        Page<JsonNode> page = it.next();
        run.pageRead();
        run.commit(
            () -> {
              Map<String, DirectoryTarget.Existing> existing = writer.existingUsers(page.items());
              for (JsonNode item : page.items()) {
                if (item.has("@odata.type") && !Member.of(item).user()) continue;
                if (!item.path("accountEnabled").asBoolean(true)) {
                  run.goneUsers.add(item.path("id").asText());
                  continue;
                }
                String id = writer.upsertUser(item, existing);
                if (id != null) seen.add(id);
              }
            });
        run.pageDone("users", page.items().size());
      }
    }
    Set<String> deletions = new HashSet<>(run.target.syncedUserIds());
    deletions.removeAll(seen);
    new UserRemovals(run).apply(deletions, () -> {});
  }
}
