package io.entraid.connector.core.connection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The memberships this connection added within the replication window, so that a membership check
 * right after addGroupMembers does not take a lagging replica's stale "no" for the answer (read
 * your own writes). Holds only what this JVM wrote: a membership another node added is not known
 * here; its check can still read a stale "no" for the few seconds Entra ID takes to replicate.
 */
public final class RecentMemberships {
  static final int MAX_ENTRIES = 10_000;

  private final Clock clock;
  private final Duration window;
  private final Map<String, Instant> added = new ConcurrentHashMap<>();

  public RecentMemberships(Clock clock, Duration window) {
    this.clock = clock;
    this.window = window;
  }

  public void added(String groupId, String memberId) {
    if (window.isZero()) return;
    Instant now = clock.instant();
    if (added.size() >= MAX_ENTRIES) added.values().removeIf(at -> at.plus(window).isBefore(now));
    if (added.size() < MAX_ENTRIES) added.put(key(groupId, memberId), now);
  }

  /** True if this connection added the member to the group within the replication window. */
  public boolean addedRecently(String groupId, String memberId) {
    Instant at = added.get(key(groupId, memberId));
    return at != null && !at.plus(window).isBefore(clock.instant());
  }

  private static String key(String groupId, String memberId) {
    return groupId.toLowerCase(Locale.ROOT) + "/" + memberId.toLowerCase(Locale.ROOT);
  }
}
