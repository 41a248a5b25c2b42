package io.entraid.connector.camunda.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.entraid.connector.core.connection.ConnectionRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/**
 * Graph cut off while the token is still cached: the health indicator says DOWN with the reason,
 * and UP again at the first answer (found by the reliability suite, #16).
 */
class GraphReachabilityTest {
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-29T23:00:00Z"), ZoneOffset.UTC);
  private final GraphReachability graph = new GraphReachability(clock);
  private final EntraIdHealthIndicator health =
      new EntraIdHealthIndicator(
          ConnectionRegistry.of(List.of(), Set.of(), settings -> null),
          Duration.ZERO,
          clock,
          graph);

  @Test
  void downFromARequestWithoutAnswerUntilTheNextAnswer() {
    assertThat(health.health().getStatus()).isEqualTo(Status.UP);

    graph.onRetry("getUser", 0, Duration.ofSeconds(1));
    graph.onRetry("getUser", 0, Duration.ofSeconds(2));
    Health down = health.health();
    assertThat(down.getStatus()).isEqualTo(Status.DOWN);
    assertThat(down.getDetails().get("graph").toString())
        .startsWith("unreachable since 2026-11-29T23:00:00Z: 2 Graph request(s) got no answer")
        .contains("Fix: check the network");

    graph.onResponse("getUser", "GET", 503);
    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
  }

  @Test
  void throttlingAndServerErrorsAreNoOutage() {
    graph.onRetry("getUser", 429, Duration.ofSeconds(1));
    graph.onRetry("getUser", 503, Duration.ofSeconds(1));
    assertThat(graph.outage()).isEmpty();
    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
  }
}
