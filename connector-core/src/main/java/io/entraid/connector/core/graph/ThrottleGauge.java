package io.entraid.connector.core.graph;

import java.time.Duration;
import java.util.Optional;

/**
 * Remembers how close Graph last said this app is to its throttling limit
 * (x-ms-throttle-limit-percentage, sent from 0.8 on) so background work can slow down before it is
 * throttled.
 */
final class ThrottleGauge {
  private volatile double lastPercentage;

  /** Graph sends the header only above 80 %, so an answer without it means "below". */
  void observe(Optional<String> header) {
    double percentage = 0;
    if (header.isPresent()) {
      try {
        percentage = Double.parseDouble(header.get().trim());
      } catch (NumberFormatException ignored) {
        // a malformed hint is no reason to fail a request
      }
    }
    lastPercentage = percentage;
  }

  /** No pause below 80 % of the limit; above it, one {@code unit} per 20 points. */
  Duration slowdown(Duration unit) {
    double over = lastPercentage - 0.8;
    return over <= 0 ? Duration.ZERO : Duration.ofMillis((long) (unit.toMillis() * over * 5));
  }
}
