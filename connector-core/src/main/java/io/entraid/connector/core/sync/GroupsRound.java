package io.entraid.connector.core.sync;

import static io.entraid.connector.core.sync.SyncRun.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.entraid.connector.core.UserText;
import io.entraid.connector.core.graph.GraphException;
import io.entraid.connector.core.graph.GraphPath;
import io.entraid.connector.core.sync.DirectoryTarget.Group;
import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The groups round: reads Graph's groups delta with members (all pages merged, see {@link
 * GroupChanges}), writes the groups in scope, deletes the synced ones gone or out of scope, has the
 * {@link MembershipPlanner} bring their members in step, and stores the new delta link only after
 * the last of those writes: after a crash the round is read again from the previous link, which
 * repeats changes idempotently.
 */
final class GroupsRound {
  private static final Logger LOG = LoggerFactory.getLogger(DirectorySync.class);

  static final String GROUPS_DELTA = "groups.deltaLink";
  private static final String GROUP_FIELDS = "displayName,mailNickname,securityEnabled,groupTypes";

  private final SyncRun run;
  private final DirectoryTarget target;
  private final SyncOptions options;

  GroupsRound(SyncRun run) {
    this.run = run;
    this.target = run.target;
    this.options = run.options;
  }

  void sync(boolean full) {
    SyncStateStore state = target.state();
    run.fullRun |= full;
    GroupChanges delta = new GroupChanges();
    String deltaLink;
    try {
      deltaLink =
          DeltaReader.groups(run.graph, GROUP_FIELDS, true, "syncDirectory")
              .read(
                  full ? null : state.get(GROUPS_DELTA).orElseThrow(),
                  page -> {
                    run.pageRead();
                    delta.add(page);
                    run.pageDone("groups", page.changes().size());
                  });
    } catch (GraphException e) {
      if (full || !DeltaReader.isExpiredDeltaToken(e)) throw e;
      LOG.warn(
          "ENTRAID-03003 Directory sync of connection '{}': the groups delta token is no longer valid ({}); reading all groups",
          run.connection.name(),
          e.code());
      sync(true);
      return;
    }

    Set<String> inScope = writeGroups(full, delta);
    MembershipPlanner planner = new MembershipPlanner(run);
    planner.syncMemberships(full, inScope, delta);
    if (!full) planner.restoreMemberships();
    run.commit(() -> state.put(GROUPS_DELTA, deltaLink));
  }

  /** Creates, updates and deletes the groups; returns the object ids of the groups in scope. */
  private Set<String> writeGroups(boolean full, GroupChanges delta) {
    Set<String> removedGroups = new HashSet<>(delta.removedGroups());
    Writes writes = new Writes(run);
    Set<String> inScope = new HashSet<>();
    Set<String> keep = new HashSet<>();
    for (JsonNode g : delta.changed().values()) {
      String objectId = g.path("id").asText();
      String id = options.groupIds().id(objectId, null, text(g, "mailNickname"));
      if (!inScope(g)) {
        removedGroups.add(objectId); // renamed or changed out of scope: no longer synced
        continue;
      }
      if (id == null || !target.acceptsGroupId(id)) {
        run.skip(
            "group "
                + UserText.escape(text(g, "displayName"))
                + ": id "
                + UserText.quote(id)
                + " is not accepted by the engine's id rules");
        continue;
      }
      if (target.isForeignGroup(id)) {
        run.skip("group " + id + ": a local group with this id exists and is left alone");
        continue;
      }
      inScope.add(objectId);
      keep.add(id);
      Group wanted = new Group(id, objectId, text(g, "displayName"));
      var existing = target.syncedGroup(id);
      if (existing.isEmpty()) {
        writes.add(() -> target.createGroup(wanted));
        run.groups.created++;
      } else if (!Objects.equals(existing.get().name(), wanted.name())) {
        writes.add(() -> target.updateGroup(wanted));
        run.groups.updated++;
      } else {
        run.groups.unchanged++;
      }
    }
    Set<String> groupDeletions = new HashSet<>();
    if (full) {
      // everything synced that this round did not keep is gone or out of scope
      for (String id : target.syncedGroupIds()) if (!keep.contains(id)) groupDeletions.add(id);
    } else {
      for (String objectId : removedGroups)
        target.syncedGroupIdByObjectId(objectId).ifPresent(groupDeletions::add);
    }
    for (String id : groupDeletions) {
      writes.add(() -> target.deleteGroup(id));
      run.groups.deleted++;
    }
    writes.finish(() -> {});
    return inScope;
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
}
