package io.entraid.connector.camunda.spring;

import io.entraid.connector.core.GraphListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether this node reaches Microsoft Graph, from the traffic its tasks cause: unreachable from the
 * first request that got no HTTP answer at all (a network failure, retried) until the next one that
 * got any answer. A token in MSAL's cache keeps the token check green while Graph is cut off; this
 * is what makes the health indicator say so (found by the reliability suite, issue #16). No request
 * of its own: while nothing calls Graph it keeps the last outcome.
 */
public final class GraphReachability implements GraphListener {
  /** Since when, and how many requests failed without an answer since. */
  public record Outage(Instant since, int failures) {}

  private final Clock clock;
  private Outage outage;

  public GraphReachability(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized void onResponse(String operation, String method, int status) {
    outage = null;
  }

  @Override
  public synchronized void onRetry(String operation, int status, Duration wait) {
    if (status != 0) return;
    outage =
        outage == null
            ? new Outage(clock.instant(), 1)
            : new Outage(outage.since(), outage.failures() + 1);
  }

  /** The outage going on, if the last Graph request got no answer. */
  public synchronized Optional<Outage> outage() {
    return Optional.ofNullable(outage);
  }
}
