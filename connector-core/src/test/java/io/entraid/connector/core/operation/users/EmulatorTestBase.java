package io.entraid.connector.core.operation.users;

import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.graph.GraphException;
import io.entraid.connector.core.operation.EmulatorFixture;
import io.entraid.connector.core.operation.OperationCatalog;
import io.entraid.connector.core.operation.Result;
import io.entraid.emulator.EntraEmulator;
import io.entraid.emulator.RecordedRequest;
import io.entraid.emulator.User;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * One emulator per test class, reached over HTTPS through the real connection, token provider and
 * Graph client; operations run through the standard catalog, as the delegate runs them.
 */
abstract class EmulatorTestBase {
  static final OperationCatalog CATALOG = OperationCatalog.standard();
  private static final AtomicInteger COUNTER = new AtomicInteger();

  static EmulatorFixture fixture;
  static EntraEmulator emulator;
  static EntraConnection connection;

  @BeforeAll
  static void startEmulator() {
    fixture = new EmulatorFixture(20, 5);
    emulator = fixture.emulator();
    connection = fixture.connection();
  }

  @AfterAll
  static void stopEmulator() {
    fixture.close();
  }

  @BeforeEach
  void forgetRequests() {
    connection.tokens().token(); // the token request is not what the tests count
    emulator.clearRequests();
  }

  /** A connection whose app holds only the given application permissions. */
  static EntraConnection connectionWithRoles(String... roles) {
    return fixture.connectionWith(roles);
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
    return fixture.graphRequests();
  }

  /**
   * A fresh user with a unique name, so tests do not depend on each other or on the seeded
   * directory.
   */
  static User newUser(String name) {
    String unique = name + COUNTER.incrementAndGet();
    return emulator
        .directory()
        .createUser(unique + "@" + emulator.directory().defaultDomain(), unique);
  }

  static String upn(String localPart) {
    return localPart + "@" + emulator.directory().defaultDomain();
  }

  static User stored(String id) {
    return emulator
        .directory()
        .user(id)
        .orElseThrow(() -> new AssertionError("no active user " + id));
  }
}
