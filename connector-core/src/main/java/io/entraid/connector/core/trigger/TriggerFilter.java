package io.entraid.connector.core.trigger;

import io.entraid.connector.core.graph.GraphPath;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which events of a trigger's kinds are delivered: user events whose user has the given property
 * values (any of the listed values; for a change, before or after it), group and member events of
 * the given groups (by id or display name) or of groups whose display name starts with a prefix.
 * Empty parts let everything through. Comparisons ignore case.
 */
public record TriggerFilter(
    Map<String, Set<String>> userProperties, Set<String> groups, String groupPrefix) {
  public static final TriggerFilter NONE = new TriggerFilter(Map.of(), Set.of(), null);

  public TriggerFilter {
    userProperties = Map.copyOf(userProperties);
    groups = Set.copyOf(groups);
  }

  boolean isEmpty() {
    return userProperties.isEmpty() && groups.isEmpty() && groupPrefix == null;
  }

  /**
   * @param now the user's values after the change
   * @param before its values before (empty for a new user)
   */
  boolean matchesUser(Map<String, String> now, Map<String, String> before) {
    for (Map.Entry<String, Set<String>> e : userProperties.entrySet()) {
      if (!contains(e.getValue(), now.get(e.getKey()))
          && !contains(e.getValue(), before.get(e.getKey()))) return false;
    }
    return true;
  }

  boolean matchesGroup(String groupId, String displayName) {
    if (groups.isEmpty() && groupPrefix == null) return true;
    for (String ref : groups) {
      if (GraphPath.isObjectId(ref)
          ? ref.equalsIgnoreCase(groupId)
          : ref.equalsIgnoreCase(displayName)) return true;
    }
    return groupPrefix != null
        && displayName != null
        && displayName.toLowerCase(Locale.ROOT).startsWith(groupPrefix.toLowerCase(Locale.ROOT));
  }

  private static boolean contains(Set<String> values, String value) {
    return value != null && values.stream().anyMatch(value::equalsIgnoreCase);
  }

  /** A canonical text of the filter, part of a trigger's selection. */
  String canonical() {
    return new java.util.TreeMap<>(
            userProperties.entrySet().stream()
                .collect(
                    java.util.stream.Collectors.toMap(
                        Map.Entry::getKey, e -> new java.util.TreeSet<>(e.getValue()))))
        + "|"
        + new java.util.TreeSet<>(groups)
        + "|"
        + groupPrefix;
  }

  @Override
  public String toString() {
    return isEmpty() ? "none" : canonical();
  }
}
