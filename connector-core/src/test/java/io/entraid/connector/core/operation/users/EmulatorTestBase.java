package io.entraid.connector.core.operation.users;

import io.entraid.connector.core.connection.ConnectionDefinition;
import io.entraid.connector.core.connection.ConnectionOptions;
import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.connection.EntraIdConnectionType;
import io.entraid.connector.core.graph.GraphException;
import io.entraid.connector.core.operation.OperationCatalog;
import io.entraid.connector.core.operation.Result;
import io.entraid.emulator.AppRegistration;
import io.entraid.emulator.EntraEmulator;
import io.entraid.emulator.RecordedRequest;
import io.entraid.emulator.User;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * One emulator per test class, reached over HTTPS through the real connection, token provider and Graph
 * client; operations run through the standard catalog, as the delegate runs them.
 */
abstract class EmulatorTestBase {
  static final OperationCatalog CATALOG = OperationCatalog.standard();
  private static final AtomicInteger COUNTER = new AtomicInteger();

  static EntraEmulator emulator;
  static EntraConnection connection;

  @BeforeAll
  static void startEmulator() {
    emulator = EntraEmulator.builder().users(20).groups(5).seed(42).start();
    connection = connect("users-test", emulator.clientId(), emulator.clientSecret());
  }

  @AfterAll
  static void stopEmulator() {
    emulator.close();
  }

  @BeforeEach
  void forgetRequests() {
    connection.tokens().token(); // the token request is not what the tests count
    emulator.clearRequests();
  }

  static EntraConnection connect(String name, String clientId, String secret) {
    Map<String, String> parameters = Map.of("TenantID", emulator.tenantId(), "ClientID", clientId,
        "ClientSecret", secret, "AuthorityHost", emulator.authorityHost(), "GraphEndpoint", emulator.graphEndpoint());
    return EntraConnection.create(EntraIdConnectionType.validate(new ConnectionDefinition(name, "EntraID", parameters)),
        ConnectionOptions.DEFAULTS.withSslContext(emulator.sslContext()));
  }

  /** A connection whose app holds only the given application permissions. */
  static EntraConnection connectionWithRoles(String... roles) {
    AppRegistration app = emulator.registerApp("limited-" + UUID.randomUUID(), Set.of(roles));
    return connect("limited", app.clientId(), app.secret().value());
  }

  static Result run(String operation, Map<String, ?> inputs) {
    return CATALOG.execute(connection, operation, inputs);
  }

  static GraphException failure(String operation, Map<String, ?> inputs) {
    return failure(connection, operation, inputs);
  }

  static GraphException failure(EntraConnection on, String operation, Map<String, ?> inputs) {
    try {
      CATALOG.execute(on, operation, inputs);
    } catch (GraphException e) {
      return e;
    }
    throw new AssertionError(operation + " was expected to fail");
  }

  /** Graph requests received since the test began (token requests left out), as "METHOD /path". */
  static List<String> graphCalls() {
    return graphRequests().stream().map(r -> r.method() + " " + r.path()).toList();
  }

  static List<RecordedRequest> graphRequests() {
    return emulator.requests().stream().filter(r -> r.path().startsWith("/v1.0/")).toList();
  }

  /** A fresh user with a unique name, so tests do not depend on each other or on the seeded directory. */
  static User newUser(String name) {
    String unique = name + COUNTER.incrementAndGet();
    return emulator.directory().createUser(unique + "@" + emulator.directory().defaultDomain(), unique);
  }

  static String upn(String localPart) {
    return localPart + "@" + emulator.directory().defaultDomain();
  }

  static User stored(String id) {
    return emulator.directory().user(id).orElseThrow(() -> new AssertionError("no active user " + id));
  }
}
