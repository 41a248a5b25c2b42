package io.entraid.connector.core.sync;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The pages of a groups delta read merged per group: Graph sends a large group on several pages,
 * each with a part of its {@code members@delta} and only the first with its properties.
 */
public final class GroupChanges {
  private final Map<String, JsonNode> changed = new LinkedHashMap<>();
  private final Map<String, Set<Member>> added = new HashMap<>();
  private final Map<String, Set<Member>> removed = new HashMap<>();
  private final Set<String> removedGroups = new HashSet<>();

  /** Merges one page in. */
  public void add(DeltaReader.DeltaPage page) {
    for (DeltaReader.Change change : page.changes()) {
      String objectId = change.objectId();
      if (change.removed()) {
        removedGroups.add(objectId);
        continue;
      }
      merge(added, objectId, change.membersAdded());
      merge(removed, objectId, change.membersRemoved());
      if (!changed.containsKey(objectId) || change.item().has("displayName"))
        changed.put(objectId, change.item());
    }
  }

  private static void merge(Map<String, Set<Member>> into, String objectId, Set<Member> part) {
    if (!part.isEmpty()) into.computeIfAbsent(objectId, k -> new HashSet<>()).addAll(part);
  }

  /** The groups read (not removed), by object id, in the order first read. */
  public Map<String, JsonNode> changed() {
    return Collections.unmodifiableMap(changed);
  }

  /** Members added to (in a read from the start: members of) the group with this object id. */
  public Set<Member> added(String objectId) {
    return added.getOrDefault(objectId, Set.of());
  }

  /** Members removed from the group with this object id. */
  public Set<Member> removed(String objectId) {
    return removed.getOrDefault(objectId, Set.of());
  }

  /** Object ids of the groups with members added or removed. */
  public Set<String> withMemberChanges() {
    Set<String> ids = new HashSet<>(added.keySet());
    ids.addAll(removed.keySet());
    return ids;
  }

  /** Object ids of the groups Graph reported removed. */
  public Set<String> removedGroups() {
    return Collections.unmodifiableSet(removedGroups);
  }
}
