package io.entraid.connector.core.operation.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.entraid.connector.core.graph.GraphErrorCategory;
import io.entraid.connector.core.graph.GraphException;
import io.entraid.connector.core.operation.Result;
import io.entraid.emulator.RecordedRequest;
import io.entraid.emulator.User;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CreateUserTest extends EmulatorTestBase {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void createsTheUserWithDefaultsAndReturnsAGeneratedPasswordOnce() throws Exception {
    Result result =
        run(
            "createUser",
            Map.of(
                "userPrincipalName",
                upn("jorg.o'neil.create"),
                "givenName",
                "Jörg",
                "surname",
                "O'Neil",
                "department",
                "Sales",
                "jobTitle",
                "Clerk"));

    @SuppressWarnings("unchecked")
    Map<String, Object> created = (Map<String, Object>) result.result();
    User user = stored((String) created.get("id"));
    assertThat(user.userPrincipalName()).isEqualTo(upn("jorg.o'neil.create"));
    assertThat(user.displayName()).isEqualTo("Jörg O'Neil");
    assertThat(user.mailNickname()).isEqualTo("jorg.o'neil.create");
    assertThat(user.department()).isEqualTo("Sales");
    assertThat(user.jobTitle()).isEqualTo("Clerk");
    assertThat(user.accountEnabled()).isTrue();
    assertThat(created)
        .containsOnlyKeys("id", "userPrincipalName", "displayName")
        .containsEntry("displayName", "Jörg O'Neil");

    String password = (String) result.values().get("temporaryPassword");
    assertThat(password)
        .hasSizeGreaterThanOrEqualTo(16)
        .matches(".*[A-Z].*")
        .matches(".*[a-z].*")
        .matches(".*[0-9].*")
        .matches(".*[^A-Za-z0-9].*");
    assertThat(result.toString()).doesNotContain(password);

    assertThat(graphCalls()).containsExactly("POST /v1.0/users");
    JsonNode body = JSON.readTree(graphRequests().get(0).body());
    assertThat(body.path("passwordProfile").path("password").asText()).isEqualTo(password);
    assertThat(body.path("passwordProfile").path("forceChangePasswordNextSignIn").asBoolean())
        .isTrue();
  }

  @Test
  void aGivenPasswordIsSentButNeverReturned() throws Exception {
    Result result =
        run(
            "createUser",
            Map.of(
                "userPrincipalName",
                upn("given.password"),
                "displayName",
                "Given",
                "password",
                "Correct-Horse-42!",
                "forceChangePasswordNextSignIn",
                false,
                "accountEnabled",
                "false"));

    assertThat(result.values()).doesNotContainKey("temporaryPassword");
    @SuppressWarnings("unchecked")
    User user = stored((String) ((Map<String, Object>) result.result()).get("id"));
    assertThat(user.accountEnabled()).isFalse();
    JsonNode profile = JSON.readTree(graphRequests().get(0).body()).path("passwordProfile");
    assertThat(profile.path("password").asText()).isEqualTo("Correct-Horse-42!");
    assertThat(profile.path("forceChangePasswordNextSignIn").asBoolean()).isFalse();
  }

  @Test
  void aTakenUserPrincipalNameIsAlreadyExistsNamingTheUser() {
    User existing = newUser("taken");
    int before = emulator.directory().userCount();

    GraphException e =
        failure(
            "createUser",
            Map.of("userPrincipalName", existing.userPrincipalName(), "displayName", "Second"));

    assertThat(e.category()).isEqualTo(GraphErrorCategory.ALREADY_EXISTS);
    assertThat(e.getMessage())
        .contains("User '" + existing.userPrincipalName() + "' already exists")
        .contains("Fix:");
    assertThat(emulator.directory().userCount()).isEqualTo(before);
    assertThat(graphCalls()).containsExactly("POST /v1.0/users");
  }

  @Test
  void anInvalidUserPrincipalNameIsRefusedBeforeAnyRequest() {
    GraphException e =
        failure("createUser", Map.of("userPrincipalName", "no-domain", "displayName", "X"));

    assertThat(e.category()).isEqualTo(GraphErrorCategory.INVALID_INPUT);
    assertThat(e.getMessage()).contains("Input 'userPrincipalName' of createUser");
    assertThat(graphCalls()).isEmpty();
  }

  @Test
  void withoutAnyNameTheDisplayNameIsMissing() {
    GraphException e = failure("createUser", Map.of("userPrincipalName", upn("nameless")));

    assertThat(e.category()).isEqualTo(GraphErrorCategory.INVALID_INPUT);
    assertThat(e.getMessage()).contains("Input 'displayName' of createUser");
    assertThat(graphCalls()).isEmpty();
  }

  @Test
  void aWrongPasswordIsNeverEchoedInTheMessage() {
    GraphException e =
        failure(
            "createUser",
            Map.of(
                "userPrincipalName",
                upn("secret.echo"),
                "displayName",
                "X",
                "password",
                "S3cret!".repeat(40)));

    assertThat(e.category()).isEqualTo(GraphErrorCategory.INVALID_INPUT);
    assertThat(e.getMessage()).contains("Input 'password'").doesNotContain("S3cret");
  }

  @Test
  void anUnverifiedDomainIsInvalidInput() {
    GraphException e =
        failure(
            "createUser",
            Map.of("userPrincipalName", "jane@not-our-domain.example", "displayName", "Jane"));

    assertThat(e.category()).isEqualTo(GraphErrorCategory.INVALID_INPUT);
    assertThat(e.getMessage()).contains("domain portion");
    assertThat(graphRequests()).extracting(RecordedRequest::status).containsExactly(400);
  }

  /**
   * A gateway timeout that hides a create Graph applied (emulator fault applyThenFail), with
   * replication lag on: the create is not repeated; the user is found by its user principal name
   * once replicated, and the call succeeds.
   */
  @Test
  void aLostAnswerToACreateThatWasAppliedIsResolvedThroughTheUserPrincipalName() {
    emulator.faults().applyThenFail(1, 504, "POST", "/v1.0/users").replicationLag(1_500);
    try {
      var lagAware =
          fixture.connection(
              io.entraid.connector.core.operation.EmulatorFixture.TEST_GRAPH_OPTIONS
                  .withReplicationWindow(java.time.Duration.ofSeconds(10)));
      Result result =
          CATALOG.execute(
              lagAware,
              "createUser",
              Map.of("userPrincipalName", upn("lost.answer"), "displayName", "Lost Answer"));
      @SuppressWarnings("unchecked")
      Map<String, Object> created = (Map<String, Object>) result.result();
      assertThat(stored((String) created.get("id")).userPrincipalName())
          .isEqualTo(upn("lost.answer"));
      assertThat(result.values()).containsKey("temporaryPassword");
      assertThat(graphRequests())
          .filteredOn(r -> r.method().equals("POST"))
          .extracting(RecordedRequest::status)
          .containsExactly(504);
      assertThat(graphRequests())
          .filteredOn(r -> r.method().equals("GET"))
          .extracting(RecordedRequest::status)
          .contains(404)
          .endsWith(200);
    } finally {
      emulator.faults().reset();
    }
  }

  /**
   * A 504 that hides nothing: no user with the name was created, so the outcome is known (not
   * created) and the failure is an ordinary transient one, which the job's retries repeat.
   */
  @Test
  void aLostAnswerToACreateThatWasNotAppliedIsTransient() {
    emulator.faults().failNext(1, 504, "/v1.0/users");
    GraphException e =
        failure(
            "createUser",
            Map.of("userPrincipalName", upn("not.applied"), "displayName", "Not Applied"));
    assertThat(e.category()).isEqualTo(GraphErrorCategory.TRANSIENT);
    assertThat(e.getMessage()).contains("was not created", "can be retried");
    assertThat(emulator.directory().user(upn("not.applied"))).isEmpty();
    assertThat(graphCalls()).filteredOn(c -> c.startsWith("POST")).hasSize(1);
  }

  /**
   * user-post-users.md: a userPrincipalName allows A-Z a-z 0-9 ' . - _ ! # ^ ~ before the @; Entra
   * refuses "jürgen" and quotes with 400, which is ENTRA_INVALID_INPUT with the fix.
   */
  @Test
  void aUserPrincipalNameEntraRefusesIsInvalidInputWithTheFix() {
    for (String local : List.of("jürgen.refused", "quote\"d")) {
      GraphException e =
          failure("createUser", Map.of("userPrincipalName", upn(local), "displayName", "Refused"));
      assertThat(e.category()).as(e.getMessage()).isEqualTo(GraphErrorCategory.INVALID_INPUT);
      assertThat(e.getMessage())
          .contains("Entra ID refused the userPrincipalName", "juergen, not jürgen");
      assertThat(emulator.directory().user(upn(local))).isEmpty();
    }
  }

  /** Entra's password policy: "a" does not comply; the fix says what does. */
  @Test
  void aPasswordThatFailsComplexityIsInvalidInputWithTheFix() {
    GraphException e =
        failure(
            "createUser",
            Map.of(
                "userPrincipalName", upn("weak.password"), "displayName", "Weak", "password", "a"));
    assertThat(e.category()).isEqualTo(GraphErrorCategory.INVALID_INPUT);
    assertThat(e.getMessage())
        .contains("does not comply with password complexity requirements", "three of")
        .doesNotContain("password 'a'");
    assertThat(emulator.directory().user(upn("weak.password"))).isEmpty();
  }
}
