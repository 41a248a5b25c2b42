package io.entraid.connector.core.sync;

import io.entraid.connector.core.graph.BatchResult;
import io.entraid.connector.core.graph.GraphPath;
import io.entraid.connector.core.graph.GraphRequest;
import io.entraid.connector.core.sync.SyncOptions.RemovedUsers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The end of a users round: synced users that are gone from Entra ID (or disabled) are deleted, or
 * taken out of every synced group, once the deletion guard let them pass.
 */
final class UserRemovals {
  /**
   * Users looked up and checked per part after a resumed run, with the lease kept between parts.
   */
  private static final int CHECKS_PER_PART = 500;

  private final SyncRun run;
  private final DirectoryTarget target;
  private final SyncOptions options;

  UserRemovals(SyncRun run) {
    this.run = run;
    this.target = run.target;
    this.options = run.options;
  }

  /**
   * After a resumed full round: which candidates are really gone from Entra ID (not merely unseen
   * by this JVM).
   */
  Set<String> stillGone(Set<String> candidates) {
    Map<String, String> byObjectId = new LinkedHashMap<>();
    int looked = 0;
    for (String id : candidates) {
      // a lookup per user: after a late crash in a large tenant they outlast a lease
      if (++looked % CHECKS_PER_PART == 0) run.keepLease();
      target.syncedUser(id).ifPresent(u -> byObjectId.put(u.objectId(), id));
    }
    List<String> objectIds = List.copyOf(byObjectId.keySet());
    List<BatchResult> results = new ArrayList<>();
    // in parts, keeping the lease between them: after a late crash in a large tenant these are many
    // requests
    for (int from = 0; from < objectIds.size(); from += CHECKS_PER_PART) {
      run.keepLease();
      results.addAll(
          run.graph.batch(
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
   *
   * @throws SyncAbortedException when the guard stops the deletions
   */
  void apply(Set<String> ids, Runnable finish) {
    guard(ids);
    Writes writes = new Writes(run);
    Map<String, Set<String>> groupMembers = new HashMap<>();
    if (options.removedUsers() == RemovedUsers.REMOVE_FROM_GROUPS && !ids.isEmpty()) {
      for (String groupId : target.syncedGroupIds())
        groupMembers.put(groupId, target.memberIds(groupId));
    }
    for (String id : ids) {
      if (options.removedUsers() == RemovedUsers.DELETE) {
        writes.add(() -> target.deleteUser(id));
        run.users.deleted++;
      } else {
        groupMembers.forEach(
            (groupId, members) -> {
              if (members.contains(id)) {
                writes.add(() -> target.removeMember(groupId, id));
                run.memberships.deleted++;
              }
            });
      }
    }
    writes.finish(finish);
  }

  private void guard(Set<String> ids) {
    int synced = target.syncedUserIds().size();
    if (options.removedUsers() == RemovedUsers.DELETE
        && !options.force()
        && synced > 0
        && ids.size() * 100.0 / synced > options.deletionGuardPercent()) {
      throw new SyncAbortedException(
          "Directory sync of connection '"
              + run.connection.name()
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
  }
}
