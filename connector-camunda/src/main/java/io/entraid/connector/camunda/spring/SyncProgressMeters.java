package io.entraid.connector.camunda.spring;

import io.entraid.connector.camunda.sync.SyncProgressTracker;
import io.entraid.connector.core.connection.ConnectionRegistry;
import io.entraid.connector.core.sync.SyncProgress;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Gauges of each connection's running (or last) directory sync on this node: {@code
 * entraid.sync.users}, {@code entraid.sync.groups} (read so far) and {@code entraid.sync.pages},
 * tagged by connection; stored connections get theirs when they are created and lose them when they
 * are deleted.
 */
public final class SyncProgressMeters {
  public SyncProgressMeters(
      MeterRegistry registry, SyncProgressTracker tracker, ConnectionRegistry connections) {
    new PerConnectionMeters(
        registry,
        connections,
        name ->
            List.of(
                gauge(
                    registry,
                    tracker,
                    name,
                    "entraid.sync.users",
                    "Users read by the directory sync so far",
                    SyncProgress::users),
                gauge(
                    registry,
                    tracker,
                    name,
                    "entraid.sync.groups",
                    "Groups read by the directory sync so far",
                    SyncProgress::groups),
                gauge(
                    registry,
                    tracker,
                    name,
                    "entraid.sync.pages",
                    "Graph pages read by the directory sync so far",
                    SyncProgress::pages)));
  }

  private static Meter gauge(
      MeterRegistry registry,
      SyncProgressTracker tracker,
      String connection,
      String name,
      String description,
      ToIntFunction<SyncProgress> value) {
    return Gauge.builder(name, tracker, t -> t.latest(connection).map(value::applyAsInt).orElse(0))
        .description(description)
        .tag("connection", connection)
        .register(registry);
  }
}
