package io.entraid.connector.core.graph;

import java.time.Duration;

/**
 * How hard the Graph client tries before giving up on throttling (429) or transient failures
 * (503, 504, network errors).
 *
 * @param maxAttempts attempts per request, the first included
 * @param deadline overall time one call may take, waits included; a wait that would pass it is not started
 * @param initialBackoff first wait when Graph gives no Retry-After; doubles per attempt, with jitter
 * @param maxBackoff cap of a single wait
 */
public record GraphClientOptions(int maxAttempts, Duration deadline, Duration initialBackoff, Duration maxBackoff) {

  public static final GraphClientOptions DEFAULTS =
      new GraphClientOptions(6, Duration.ofMinutes(2), Duration.ofSeconds(1), Duration.ofSeconds(60));

  public GraphClientOptions {
    if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    if (deadline.isNegative() || deadline.isZero()) throw new IllegalArgumentException("deadline must be positive");
  }
}
