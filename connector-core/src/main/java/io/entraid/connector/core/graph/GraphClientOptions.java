package io.entraid.connector.core.graph;

import java.time.Duration;

/**
 * How hard the Graph client tries before giving up on throttling (429) or transient failures (503,
 * 504, network errors).
 *
 * @param maxAttempts attempts per request, the first included
 * @param deadline overall time one call may take, waits included; a wait that would pass it is not
 *     started
 * @param initialBackoff first wait when Graph gives no Retry-After; doubles per attempt, with
 *     jitter
 * @param maxBackoff cap of a single wait
 * @param replicationWindow how long one request that names a possibly new object (a reference, a
 *     lookup in an onboarding chain) keeps retrying Graph's "does not exist" while Entra ID
 *     replicates a recent write; zero turns this off. Bounded per request, because a task cannot
 *     know what another task or node created.
 */
public record GraphClientOptions(
    int maxAttempts,
    Duration deadline,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration replicationWindow) {

  /**
   * Entra's replication usually completes within seconds; 30 s covers the slow cases without hiding
   * a real 404 for long.
   */
  public static final Duration DEFAULT_REPLICATION_WINDOW = Duration.ofSeconds(30);

  public static final GraphClientOptions DEFAULTS =
      new GraphClientOptions(
          6, Duration.ofMinutes(2), Duration.ofSeconds(1), Duration.ofSeconds(60));

  public GraphClientOptions {
    if (maxAttempts < 1)
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    if (deadline.isNegative() || deadline.isZero())
      throw new IllegalArgumentException("deadline must be positive");
    if (replicationWindow.isNegative())
      throw new IllegalArgumentException("replicationWindow must not be negative");
  }

  public GraphClientOptions(
      int maxAttempts, Duration deadline, Duration initialBackoff, Duration maxBackoff) {
    this(maxAttempts, deadline, initialBackoff, maxBackoff, DEFAULT_REPLICATION_WINDOW);
  }

  public GraphClientOptions withReplicationWindow(Duration window) {
    return new GraphClientOptions(maxAttempts, deadline, initialBackoff, maxBackoff, window);
  }
}
