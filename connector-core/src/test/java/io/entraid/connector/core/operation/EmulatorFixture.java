package io.entraid.connector.core.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.entraid.connector.core.connection.ConnectionDefinition;
import io.entraid.connector.core.connection.ConnectionOptions;
import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.connection.EntraIdConnectionType;
import io.entraid.connector.core.graph.GraphClientOptions;
import io.entraid.connector.core.graph.GraphErrorCategory;
import io.entraid.connector.core.graph.GraphException;
import io.entraid.emulator.AppRegistration;
import io.entraid.emulator.EntraEmulator;
import io.entraid.emulator.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One emulator for a test class and the means to run catalog operations against it over HTTPS, the
 * way the delegate does: {@link OperationCatalog#standard()}, validation included.
 */
public final class EmulatorFixture implements AutoCloseable {
  private final EntraEmulator emulator;
  private final EntraConnection connection;

  public EmulatorFixture(int users, int groups) {
    emulator = EntraEmulator.builder().users(users).groups(groups).seed(42).start();
    connection = connect(emulator.clientId(), emulator.clientSecret());
  }

  public EntraEmulator emulator() {
    return emulator;
  }

  /** The connection of the emulator's default app, which holds every role. */
  public EntraConnection connection() {
    return connection;
  }

  /** A connection whose app holds exactly these application roles. */
  public EntraConnection connectionWith(String... roles) {
    AppRegistration app = emulator.registerApp("limited-" + UUID.randomUUID(), Set.of(roles));
    return connect(app.clientId(), app.secret().value());
  }

  private EntraConnection connect(String clientId, String secret) {
    return connect(clientId, secret, TEST_GRAPH_OPTIONS);
  }

  /**
   * The default client options with a 1 s replication window: the emulator shows writes at once
   * unless a test switches replication lag on, so a real "not found" should not wait 30 s. Lag
   * tests pass their own window.
   */
  public static final GraphClientOptions TEST_GRAPH_OPTIONS =
      GraphClientOptions.DEFAULTS.withReplicationWindow(Duration.ofSeconds(1));

  public EntraConnection connect(String clientId, String secret, GraphClientOptions options) {
    Map<String, String> parameters =
        Map.of(
            "TenantID",
            emulator.tenantId(),
            "ClientID",
            clientId,
            "ClientSecret",
            secret,
            "AuthorityHost",
            emulator.authorityHost(),
            "GraphEndpoint",
            emulator.graphEndpoint());
    return EntraConnection.create(
        EntraIdConnectionType.validate(new ConnectionDefinition("test", "EntraID", parameters)),
        ConnectionOptions.DEFAULTS.withSslContext(emulator.sslContext()).withGraph(options));
  }

  /** A connection of the emulator's default app with these client options. */
  public EntraConnection connection(GraphClientOptions options) {
    return connect(emulator.clientId(), emulator.clientSecret(), options);
  }

  public Result run(String operation, Map<String, ?> inputs) {
    return run(connection, operation, inputs);
  }

  public Result run(EntraConnection on, String operation, Map<String, ?> inputs) {
    // Tokens are fetched before the request log is cleared, so the log holds Graph calls only.
    on.tokens().token();
    emulator.clearRequests();
    return OperationCatalog.standard().execute(on, operation, inputs);
  }

  /** Runs the operation as the process {@code processKey} would, within the connection's policy. */
  public Result run(
      String operation, Map<String, ?> inputs, ConnectionPolicy policy, String processKey) {
    connection.tokens().token();
    emulator.clearRequests();
    return OperationCatalog.standard().execute(connection, operation, inputs, policy, processKey);
  }

  /** Runs the operation, expecting it to fail with this category. */
  public GraphException failure(
      GraphErrorCategory category, String operation, Map<String, ?> inputs) {
    return failure(connection, category, operation, inputs);
  }

  public GraphException failure(
      EntraConnection on, GraphErrorCategory category, String operation, Map<String, ?> inputs) {
    GraphException e = catchThrowableOfType(GraphException.class, () -> run(on, operation, inputs));
    assertThat(e).as("expected %s to fail with %s: %s", operation, category, inputs).isNotNull();
    assertThat(e.category()).as(e.getMessage()).isEqualTo(category);
    return e;
  }

  /** The Graph requests of the last run, batch items included (marked). */
  public List<RecordedRequest> graphRequests() {
    return emulator.requests().stream().filter(r -> r.path().startsWith("/v1.0")).toList();
  }

  /** The Graph requests of the last run that went over the wire (batch items left out). */
  public List<RecordedRequest> httpRequests() {
    return graphRequests().stream().filter(r -> !r.batchItem()).toList();
  }

  @Override
  public void close() {
    emulator.close();
  }
}
