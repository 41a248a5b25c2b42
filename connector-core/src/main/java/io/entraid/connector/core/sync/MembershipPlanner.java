package io.entraid.connector.core.sync;

import static io.entraid.connector.core.sync.SyncRun.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.entraid.connector.core.graph.GraphException;
import io.entraid.connector.core.graph.GraphPath;
import io.entraid.connector.core.graph.GraphRequest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Brings the members of synced groups in step with Entra ID, planned and written group by group (a
 * first sync of a large tenant never holds every group's members, or every planned write, at once).
 * A full round sets each group's members to those read; a delta round applies the members added and
 * removed to the current ones. With {@code nestedAsDirect} members of nested groups count as direct
 * members.
 */
final class MembershipPlanner {
  private final SyncRun run;
  private final DirectoryTarget target;
  private final SyncOptions options;
  private final Writes writes;

  MembershipPlanner(SyncRun run) {
    this.run = run;
    this.target = run.target;
    this.options = run.options;
    this.writes = new Writes(run);
  }

  /** Plans and writes the members of the groups in scope and of those the delta touched. */
  void syncMemberships(boolean full, Set<String> inScope, GroupChanges delta) {
    if (full) {
      for (String objectId : inScope) {
        Set<String> wanted =
            options.nestedAsDirect()
                ? transitiveUsers(objectId, delta)
                : users(delta.added(objectId));
        planMembers(objectId, wanted, delta);
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
        planMembers(objectId, wanted, delta);
      }
    }
    writes.finish(() -> {});
  }

  /**
   * Users an incremental run created may already be members in Entra ID without any membership
   * change being reported: Graph's delta reports membership removals only for permanently deleted
   * users, so a user deleted (or disabled) and restored keeps its groups. Their groups are read
   * once, here.
   */
  void restoreMemberships() {
    for (String objectId : run.createdInDelta) {
      String userId = run.syncedUserId(objectId).orElse(null);
      if (userId == null) continue;
      String relation = options.nestedAsDirect() ? "transitiveMemberOf" : "memberOf";
      readIds(
          GraphPath.of("users").key(objectId).segments(relation),
          g ->
              target
                  .syncedGroupIdByObjectId(g.objectId())
                  .ifPresent(
                      groupId -> {
                        if (!target.memberIds(groupId).contains(userId)) {
                          writes.add(() -> target.addMember(groupId, userId));
                          run.memberships.created++;
                        }
                      }));
    }
    writes.finish(() -> {});
  }

  /**
   * Compares a synced group's members with what they should be: {@code wanted} user object ids, or
   * (when null) the current members plus the delta's added minus its removed ones.
   */
  private void planMembers(String objectId, Set<String> wanted, GroupChanges delta) {
    JsonNode group = delta.changed().get(objectId);
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
        run.memberships.unchanged++;
      } else {
        writes.add(() -> target.addMember(groupId, userId));
        run.memberships.created++;
      }
    }
    for (String userId : current) {
      if (!desired.contains(userId)) {
        writes.add(() -> target.removeMember(groupId, userId));
        run.memberships.deleted++;
      }
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
   * count (its target lists them as synced).
   */
  private Set<String> mapUsers(Set<String> objectIds) {
    Set<String> synced = target.syncedUserIds();
    Set<String> ids = new HashSet<>();
    for (String objectId : objectIds) {
      if (run.goneUsers.contains(objectId)) continue;
      String id =
          options.userIds() == IdMapping.OBJECT_ID
              ? IdMapping.OBJECT_ID.id(objectId, null, null)
              : run.runUserIds.getOrDefault(
                  objectId, target.syncedUserIdByObjectId(objectId).orElse(null));
      if (id != null && synced.contains(id)) ids.add(id);
    }
    return ids;
  }

  /**
   * Transitive user members from the direct memberships read in a full groups round (cycles
   * tolerated).
   */
  private static Set<String> transitiveUsers(String objectId, GroupChanges direct) {
    Set<String> result = new HashSet<>();
    Set<String> visited = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(objectId));
    while (!todo.isEmpty()) {
      String group = todo.pop();
      if (!visited.add(group)) continue;
      for (Member m : direct.added(group)) {
        if (m.user()) result.add(m.objectId());
        else todo.push(m.objectId());
      }
    }
    return result;
  }

  private Set<String> transitiveUsersFromGraph(String objectId) {
    Set<String> ids = new HashSet<>();
    readIds(
        GraphPath.of("groups").key(objectId).segments("transitiveMembers"),
        m -> {
          if (m.user()) ids.add(m.objectId());
        });
    return ids;
  }

  private Set<String> syncedAncestors(String objectId) {
    Set<String> ancestors = new HashSet<>();
    try {
      readIds(
          GraphPath.of("groups").key(objectId).segments("transitiveMemberOf"),
          g -> {
            if (target.syncedGroupIdByObjectId(g.objectId()).isPresent())
              ancestors.add(g.objectId());
          });
    } catch (GraphException e) {
      if (e.status() != 404) throw e; // a deleted group has no ancestors left
    }
    return ancestors;
  }

  /** Reads a listing of directory objects by id, page by page, keeping the lease meanwhile. */
  private void readIds(GraphPath path, Consumer<Member> each) {
    GraphRequest request =
        GraphRequest.get(path)
            .withQuery("$select", "id")
            .withQuery("$top", "999")
            .forOperation("syncDirectory");
    run.graph
        .pages(request, JsonNode.class)
        .forEachRemaining(
            page -> {
              run.pageRead();
              run.keepLease();
              for (JsonNode item : page.items()) each.accept(Member.of(item));
            });
  }
}
