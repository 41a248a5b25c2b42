package io.entraid.connector.core.sync;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a sync run did (or, in a dry run, would do).
 *
 * @param mode full, delta, dry-run, or skipped: the run did not sync (another run holds the
 *     connection's lease, or the node runs its limit of syncs); the counts are what it wrote before
 *     it stopped
 * @param skipped objects not synced, each with the reason (an id the target refuses, a local user
 *     in the way)
 * @param reason why a skipped run did not sync; null otherwise
 */
public record SyncReport(
    String mode,
    Counts users,
    Counts groups,
    Counts memberships,
    List<String> skipped,
    int graphPages,
    Duration duration,
    String reason) {
  public static final String SKIPPED = "skipped";

  public SyncReport(
      String mode,
      Counts users,
      Counts groups,
      Counts memberships,
      List<String> skipped,
      int graphPages,
      Duration duration) {
    this(mode, users, groups, memberships, skipped, graphPages, duration, null);
  }

  /** A run that did not sync at all. */
  public static SyncReport skipped(String reason) {
    Counts none = new Counts(0, 0, 0, 0);
    return new SyncReport(SKIPPED, none, none, none, List.of(), 0, Duration.ZERO, reason);
  }

  /** This report, as a run that stopped for {@code why} (its counts say what it wrote before). */
  public SyncReport stopped(String why) {
    return new SyncReport(SKIPPED, users, groups, memberships, skipped, graphPages, duration, why);
  }

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
    map.put(
        "skipped",
        skipped.size() > 100 ? List.copyOf(skipped.subList(0, 100)) : List.copyOf(skipped));
    map.put("skippedCount", skipped.size());
    map.put("graphPages", graphPages);
    map.put("durationMillis", duration.toMillis());
    if (reason != null) map.put("reason", reason);
    return map;
  }
}
