package io.entraid.connector.core.operation.advanced;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.entraid.connector.core.graph.GraphErrorCategory;
import io.entraid.connector.core.graph.GraphException;
import io.entraid.connector.core.operation.ConnectionPolicy;
import io.entraid.connector.core.operation.EmulatorFixture;
import io.entraid.connector.core.operation.PolicyViolation;
import io.entraid.emulator.User;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * graphRequest fenced by the connection's policy, over HTTPS against the emulator: what the policy
 * forbids is refused before anything is sent (the emulator records no Graph request), a $batch
 * included, whose inner requests Graph would run with the same token (JSON batching:
 * learn.microsoft.com/graph/json-batching).
 */
class GraphRequestPolicyTest {
  static EmulatorFixture fixture;
  static final ConnectionPolicy READ_USERS =
      ConnectionPolicy.of(List.of(), List.of(), List.of("GET users/*"));

  @BeforeAll
  static void start() {
    fixture = new EmulatorFixture(10, 3);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  private static PolicyViolation refused(
      ConnectionPolicy policy, String process, Map<String, ?> inputs) {
    PolicyViolation e =
        catchThrowableOfType(
            PolicyViolation.class, () -> fixture.run("graphRequest", inputs, policy, process));
    assertThat(e).as("expected a policy violation for %s", inputs).isNotNull();
    assertThat(fixture.graphRequests()).as("sent despite the policy: %s", inputs).isEmpty();
    return e;
  }

  private static User anyUser() {
    return fixture.emulator().directory().users().get(2);
  }

  @Test
  void graphRequestIsOffByDefault() {
    PolicyViolation e = refused(ConnectionPolicy.DEFAULT, "p", Map.of("path", "users"));
    assertThat(e.rule()).isEqualTo("operations");
    assertThat(e.getMessage())
        .contains(
            "Connection 'test' may not run graphRequest",
            "every operation except graphRequest",
            "Fix: allow the calls it needs",
            "graph-requests",
            "camunda.bpm.plugin.entraid.connections.test.policy");
  }

  @Test
  void anAllowedCallIsSentAndOthersAreRefusedNamingTheRule() {
    User user = anyUser();
    assertThat(
            fixture
                .run(
                    "graphRequest",
                    Map.of("path", "users/" + user.id(), "query", "$select=id"),
                    READ_USERS,
                    "p")
                .result())
        .isEqualTo(Map.of("id", user.id()));
    assertThat(fixture.graphRequests()).hasSize(1);

    // The attacker's calls from the issue: each would hand the app's token to a tenant takeover if
    // granted.
    for (Map<String, String> attack :
        List.of(
            Map.of("method", "GET", "path", "applications"),
            Map.of("method", "GET", "path", "servicePrincipals"),
            Map.of("method", "POST", "path", "applications/1f0e/addPassword"),
            Map.of("method", "POST", "path", "roleManagement/directory/roleAssignments"),
            Map.of("method", "GET", "path", "users/" + user.id() + "/memberOf"),
            Map.of("method", "DELETE", "path", "users/" + user.id()),
            Map.of("method", "GET", "path", "users"))) {
      PolicyViolation e = refused(READ_USERS, "p", attack);
      assertThat(e.rule()).isEqualTo("graph-requests");
      assertThat(e.getMessage())
          .as(attack.toString())
          .contains(
              "may not send " + attack.get("method"),
              "(policy rule graph-requests: GET users/*)",
              "Fix: if this call is intended, add a rule such as");
    }
  }

  @Test
  void aBatchIsRefusedUnlessEveryRequestInsideItIsAllowed() {
    User user = anyUser();
    Map<String, Object> smuggling =
        Map.of(
            "requests",
            List.of(
                Map.of("id", "1", "method", "GET", "url", "/users/" + user.id()),
                Map.of(
                    "id",
                    "2",
                    "method",
                    "POST",
                    "url",
                    "/applications/1f0e/addPassword",
                    "body",
                    Map.of(),
                    "headers",
                    Map.of("Content-Type", "application/json"))));
    PolicyViolation e =
        refused(READ_USERS, "p", Map.of("method", "POST", "path", "$batch", "body", smuggling));
    assertThat(e.getMessage()).contains("may not send POST applications/1f0e/addPassword");

    Map<String, Object> allowed =
        Map.of(
            "requests",
            List.of(
                Map.of("id", "1", "method", "GET", "url", "/users/" + user.id() + "?$select=id"),
                Map.of("id", "2", "method", "get", "url", "users/" + user.userPrincipalName())));
    assertThat(
            fixture
                .run(
                    "graphRequest",
                    Map.of("method", "POST", "path", "$batch", "body", allowed),
                    READ_USERS,
                    "p")
                .result())
        .isNotNull();
    assertThat(fixture.httpRequests()).hasSize(1);
    assertThat(fixture.graphRequests()).filteredOn(r -> r.batchItem()).hasSize(2);
  }

  @Test
  void aBatchThatHidesItsTargetIsInvalidInput() {
    for (Map<String, Object> request :
        List.<Map<String, Object>>of(
            Map.of("id", "1", "method", "POST", "url", "/$batch"),
            Map.of("id", "1", "method", "GET", "url", "https://evil.example/v1.0/users/x"),
            Map.of("id", "1", "method", "GET", "url", "/users/x/../../applications"),
            Map.of("id", "1", "method", "GET", "url", "/beta/users/x"),
            Map.of("id", "1", "method", "GET"),
            Map.of("id", "1", "method", "TRACE", "url", "/users/x"),
            Map.of(
                "id",
                "1",
                "method",
                "GET",
                "url",
                "/users/x",
                "headers",
                Map.of("Authorization", "Bearer x")))) {
      GraphException e =
          catchThrowableOfType(
              GraphException.class,
              () ->
                  fixture.run(
                      "graphRequest",
                      Map.of(
                          "method",
                          "POST",
                          "path",
                          "$batch",
                          "body",
                          Map.of("requests", List.of(request))),
                      READ_USERS,
                      "p"));
      assertThat(e).as(request.toString()).isNotNull();
      assertThat(e.category()).isEqualTo(GraphErrorCategory.INVALID_INPUT);
      assertThat(fixture.graphRequests()).isEmpty();
    }
    GraphException notABatch =
        catchThrowableOfType(
            GraphException.class,
            () ->
                fixture.run(
                    "graphRequest",
                    Map.of("method", "POST", "path", "$batch", "body", Map.of("x", 1)),
                    READ_USERS,
                    "p"));
    assertThat(notABatch.getMessage()).contains("Input 'body' of graphRequest is not a JSON batch");
  }

  @Test
  void onlyTheNamedProcessesMayUseTheConnection() {
    ConnectionPolicy entraOnly =
        ConnectionPolicy.of(List.of(), List.of("entra-*", "audit"), List.of());
    PolicyViolation e =
        catchThrowableOfType(
            PolicyViolation.class,
            () ->
                fixture.run(
                    "getUser", Map.of("user", anyUser().id()), entraOnly, "mallory-process"));
    assertThat(e.rule()).isEqualTo("processes");
    assertThat(e.getMessage())
        .contains(
            "may not be used by process 'mallory-process'",
            "(policy rule processes: entra-*, audit)");
    assertThat(fixture.graphRequests()).isEmpty();
    assertThat(
            fixture
                .run("getUser", Map.of("user", anyUser().id()), entraOnly, "entra-onboarding")
                .result())
        .isNotNull();
    assertThat(fixture.run("getUser", Map.of("user", anyUser().id()), entraOnly, "audit").result())
        .isNotNull();
    assertThat(
            catchThrowableOfType(
                PolicyViolation.class,
                () -> fixture.run("getUser", Map.of("user", anyUser().id()), entraOnly, "audit2")))
        .isNotNull();
  }

  @Test
  void theRulesDocumentTheirPermissions() {
    ConnectionPolicy policy =
        ConnectionPolicy.of(
            List.of(),
            List.of(),
            List.of("GET users/*", "POST groups/*/members/$ref", "GET sites/**"));
    assertThat(policy.graphPermissions()).containsExactly("Group.ReadWrite.All", "User.Read.All");
  }
}
