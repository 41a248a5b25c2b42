package io.entraid.emulator.graph;

import io.entraid.emulator.Faults;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Entra ID's eventual consistency (devblogs "Designing for Eventual Consistency for Microsoft
 * Entra", concepts/aad-advanced-queries.md, group-post-members.md): for {@link
 * Faults#replicationLag(int)} milliseconds after a write through Graph, the replica that answers
 * does not know it yet.
 *
 * <ul>
 *   <li>a new user or group: reads by id or user principal name, and requests on it, answer 404
 *       Request_ResourceNotFound; a reference to it (manager/$ref) answers 404, a member reference
 *       (members/$ref, members@odata.bind) answers 400 "The source resource object or one of the
 *       objects being referenced do not exist." (group-post-members.md); listings, $filter, $search
 *       and $count leave it out (stale, not an error);
 *   <li>a new membership: members, memberOf, transitive relations and checkMemberGroups leave it
 *       out.
 * </ul>
 *
 * Changes made through {@code emu.directory()} are not delayed; switching the fault off replicates
 * everything.
 */
final class ReplicationLag {
  private final Faults faults;
  private final Map<String, Long> objects = new ConcurrentHashMap<>();
  private final Map<String, Long> memberships = new ConcurrentHashMap<>();
  private volatile long resets;

  ReplicationLag(Faults faults) {
    this.faults = faults;
  }

  void created(String id) {
    record(objects, key(id));
  }

  void memberAdded(String groupId, String memberId) {
    record(memberships, key(groupId) + "/" + key(memberId));
  }

  boolean hidden(String id) {
    return id != null && on() && pending(objects, key(id));
  }

  boolean membershipHidden(String groupId, String memberId) {
    return on() && pending(memberships, key(groupId) + "/" + key(memberId));
  }

  /** Switching the fault off (or {@code reset()}) replicates every pending write at once. */
  private boolean on() {
    boolean on = faults.replicationLag() > 0;
    if (!on || resets != faults.resets()) {
      resets = faults.resets();
      objects.clear();
      memberships.clear();
    }
    return on;
  }

  /** 404 for a request on an object the answering replica does not know yet. */
  void requireReplicated(String id) {
    if (hidden(id)) {
      throw GraphError.notFound(id);
    }
  }

  /** group-post-members.md: adding a member the replica does not know yet. */
  void requireReplicatedMember(String groupId, String memberId) {
    if (hidden(groupId) || hidden(memberId)) {
      throw GraphError.badRequest(
          "The source resource object or one of the objects being referenced do not exist.");
    }
  }

  private void record(Map<String, Long> pendingWrites, String key) {
    int lag = faults.replicationLag();
    if (on()) {
      pendingWrites.put(key, System.nanoTime() + lag * 1_000_000L);
    }
  }

  private static boolean pending(Map<String, Long> pendingWrites, String key) {
    if (pendingWrites.isEmpty()) {
      return false;
    }
    Long visibleAt = pendingWrites.get(key);
    if (visibleAt == null) {
      return false;
    }
    if (System.nanoTime() - visibleAt >= 0) {
      pendingWrites.remove(key, visibleAt);
      return false;
    }
    return true;
  }

  private static String key(String id) {
    return id.toLowerCase(Locale.ROOT);
  }
}
