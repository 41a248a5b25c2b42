package io.entraid.connector.core.sync;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a sync run did (or, in a dry run, would do).
 *
 * @param mode full, delta or dry-run
 * @param skipped objects not synced, each with the reason (an id the target refuses, a local user in the way)
 */
public record SyncReport(String mode, Counts users, Counts groups, Counts memberships, List<String> skipped,
    int graphPages, Duration duration) {

  /** Created, updated, deleted and unchanged objects of one kind. */
  public record Counts(int created, int updated, int deleted, int unchanged) {
    public Map<String, Object> toMap() {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("created", created);
      map.put("updated", updated);
      map.put("deleted", deleted);
      map.put("unchanged", unchanged);
      return map;
    }
  }

  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("mode", mode);
    map.put("users", users.toMap());
    map.put("groups", groups.toMap());
    map.put("memberships", memberships.toMap());
    map.put("skipped", skipped.size() > 100 ? List.copyOf(skipped.subList(0, 100)) : List.copyOf(skipped));
    map.put("skippedCount", skipped.size());
    map.put("graphPages", graphPages);
    map.put("durationMillis", duration.toMillis());
    return map;
  }
}
