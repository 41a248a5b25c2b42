package io.entraid.connector.camunda.spring;

import io.entraid.connector.core.GraphListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Micrometer metrics of the connector: {@code entraid.graph.requests} (by operation, method,
 * status), {@code entraid.graph.retries} and the {@code entraid.graph.retry.wait} timer (by
 * operation and status, 429 being throttling), the {@code entraid.graph.replication.wait} timer (by
 * operation: waits for Entra ID's replication of a recent write), and {@code
 * entraid.token.acquisitions} (by connection and source).
 */
public final class MicrometerGraphListener implements GraphListener {
  private final MeterRegistry registry;

  public MicrometerGraphListener(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void onResponse(String operation, String method, int status) {
    Counter.builder("entraid.graph.requests")
        .description("Microsoft Graph requests by answer")
        .tag("operation", tag(operation))
        .tag("method", method)
        .tag("status", Integer.toString(status))
        .register(registry)
        .increment();
  }

  @Override
  public void onRetry(String operation, int status, Duration wait) {
    String statusTag = status == 0 ? "network" : Integer.toString(status);
    Counter.builder("entraid.graph.retries")
        .description("Graph requests retried")
        .tag("operation", tag(operation))
        .tag("status", statusTag)
        .register(registry)
        .increment();
    Timer.builder("entraid.graph.retry.wait")
        .description("Time spent waiting before retries (429: throttling)")
        .tag("operation", tag(operation))
        .tag("status", statusTag)
        .register(registry)
        .record(wait);
  }

  @Override
  public void onReplicationWait(String operation, Duration wait) {
    Timer.builder("entraid.graph.replication.wait")
        .description(
            "Time spent waiting for Entra ID to replicate an object or membership a recent write created")
        .tag("operation", tag(operation))
        .register(registry)
        .record(wait);
  }

  @Override
  public void onTokenAcquired(String connection, boolean fromNetwork) {
    Counter.builder("entraid.token.acquisitions")
        .description("Tokens requested from MSAL")
        .tag("connection", connection)
        .tag("source", fromNetwork ? "entra" : "cache")
        .register(registry)
        .increment();
  }

  private static String tag(String operation) {
    return operation == null ? "none" : operation;
  }
}
