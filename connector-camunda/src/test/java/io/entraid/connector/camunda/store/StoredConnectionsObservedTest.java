package io.entraid.connector.camunda.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.entraid.connector.camunda.EntraIdProcessEnginePlugin;
import io.entraid.connector.camunda.spring.CredentialExpiryMeters;
import io.entraid.connector.camunda.spring.EntraIdHealthIndicator;
import io.entraid.connector.camunda.spring.SyncProgressEndpoint;
import io.entraid.connector.camunda.spring.SyncProgressMeters;
import io.entraid.connector.camunda.sync.SyncProgressTracker;
import io.entraid.connector.core.connection.ConnectionRegistry;
import io.entraid.emulator.AppRegistration;
import io.entraid.emulator.EntraEmulator;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/**
 * The health indicator, the sync progress endpoint and the meters follow the stored connections
 * without a restart: a connection created at run time appears in each, a rotated one is tested
 * again, a deleted one disappears. A real engine (H2) with the store, against the emulator.
 */
class StoredConnectionsObservedTest {
  EntraEmulator emulator;
  AppRegistration app;
  ProcessEngine engine;
  EntraIdProcessEnginePlugin plugin;
  EntraIdHealthIndicator health;
  SyncProgressEndpoint endpoint;
  SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @BeforeEach
  void start() {
    emulator = EntraEmulator.builder().users(3).seed(2L).start();
    app = emulator.registerApp("observed", Set.of("User.Read.All"));
    plugin = ConnectionStoreTest.plugin(emulator, ConnectionStoreTest.newKey());
    engine = ConnectionStoreTest.engine(plugin);
    ConnectionRegistry connections = plugin.getConnectionRegistry();
    SyncProgressTracker tracker = new SyncProgressTracker();
    // an hour: a result is reused unless the connection changed
    health = new EntraIdHealthIndicator(connections, Duration.ofHours(1), Clock.systemUTC());
    endpoint = new SyncProgressEndpoint(tracker, connections, engine);
    new SyncProgressMeters(meters, tracker, connections);
    new CredentialExpiryMeters(meters, connections);
  }

  @AfterEach
  void stop() {
    engine.close();
    emulator.close();
  }

  @Test
  void aStoredConnectionAppearsIsRetestedWhenRotatedAndDisappearsWhenDeleted() {
    assertThat(healthOf()).containsOnlyKeys("default");
    assertThat(syncedConnections()).containsOnlyKeys("default");
    assertThat(meteredConnections()).containsOnly("default");

    plugin
        .getConnectionAdmin()
        .create(ConnectionStoreTest.body(emulator, app, "stored1", app.secret().value()), "alice");
    int tokens = emulator.tokenRequestCount(app.clientId());
    Health h = health.health();
    assertThat(h.getStatus()).isEqualTo(Status.UP);
    assertThat(healthOf()).containsOnlyKeys("default", "stored1");
    assertThat(detail("stored1")).containsEntry("status", "UP");
    assertThat(emulator.tokenRequestCount(app.clientId())).isEqualTo(tokens + 1);
    health.health();
    assertThat(emulator.tokenRequestCount(app.clientId()))
        .as("the result is reused within the cache period")
        .isEqualTo(tokens + 1);
    assertThat(syncedConnections()).containsOnlyKeys("default", "stored1");
    assertThat(syncedConnections().get("stored1")).isEqualTo(Map.of("syncedUsers", 0L));
    assertThat(meteredConnections()).containsOnly("default", "stored1");
    assertThat(meters.get("entraid.sync.users").tag("connection", "stored1").gauge().value())
        .isZero();
    assertThat(meters.get(CredentialExpiryMeters.NAME).tag("connection", "stored1").gauges())
        .hasSize(1);

    AppRegistration.Secret rotated = app.addSecret(Instant.now().plus(Duration.ofDays(90)));
    plugin
        .getConnectionAdmin()
        .rotate(
            "stored1",
            ConnectionStoreTest.JSON.createObjectNode().put("ClientSecret", rotated.value()),
            "alice");
    tokens = emulator.tokenRequestCount(app.clientId());
    assertThat(detail("stored1")).containsEntry("status", "UP");
    assertThat(emulator.tokenRequestCount(app.clientId()))
        .as("the rotated connection is tested again, with its new secret")
        .isEqualTo(tokens + 1);
    assertThat(meters.get(CredentialExpiryMeters.NAME).tag("connection", "stored1").gauges())
        .as("one gauge, re-registered for the new connection")
        .hasSize(1);

    plugin.getConnectionAdmin().delete("stored1", false, "alice");
    assertThat(healthOf()).containsOnlyKeys("default");
    assertThat(syncedConnections()).containsOnlyKeys("default");
    assertThat(meteredConnections()).containsOnly("default");
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> healthOf() {
    return (Map<String, Object>) health.health().getDetails().get("connections");
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> detail(String connection) {
    return (Map<String, Object>) healthOf().get(connection);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> syncedConnections() {
    return (Map<String, Object>) endpoint.progress().get("connections");
  }

  /** The connections tagged on the sync and credential meters (each has all four). */
  private Set<String> meteredConnections() {
    Map<String, Long> perConnection =
        meters.getMeters().stream()
            .collect(
                Collectors.groupingBy(
                    (Meter m) -> m.getId().getTag("connection"), Collectors.counting()));
    assertThat(perConnection.values()).allMatch(count -> count == 4);
    return perConnection.keySet();
  }
}
