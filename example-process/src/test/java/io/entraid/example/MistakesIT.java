package io.entraid.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The mistakes a user makes with the example processes, each through the REST API and through the
 * REST calls Tasklist makes (submit-form): each ends where a person sees it, a user task with the
 * message or a refused call, and never in an instance that completes without doing its work. The
 * packaged app in demo mode (shared with {@link DemoModeIT}). Misspelled start variables are a REST
 * mistake only: Tasklist submits the start form's own fields.
 */
class MistakesIT {
  private static final String DOMAIN = "@contoso.onmicrosoft.com";
  private static ExampleApp app;
  private static Rest rest;

  @BeforeAll
  static void start() {
    app = DemoApp.shared();
    rest = app.rest;
  }

  @Test
  void startWithMisspelledAndMissingVariablesIsRefusedNamingAllOfThemAndTheExpectedNames() {
    Map<String, Object> variables =
        Map.of(
            "variables",
            Map.of(
                "givenName",
                Map.of("value", "Typo"),
                "userPrincipleName",
                Map.of("value", "jane.typo" + DOMAIN),
                "departement",
                Map.of("value", "Sales")));
    Rest.Failure failure =
        rest.postFailing("/engine-rest/process-definition/key/entra-onboarding/start", variables);
    // The REST API answers a start that the engine refuses with 500 and the engine's message.
    assertThat(failure.status()).isEqualTo(500);
    assertThat(failure.message())
        .contains(
            "Process 'entra-onboarding' was not started",
            "unknown variable 'userPrincipleName' (did you mean 'userPrincipalName'?)",
            "unknown variable 'departement' (did you mean 'department'?)",
            "missing required variable 'surname'",
            "missing required variable 'userPrincipalName'",
            "givenName (required), surname (required), userPrincipalName (required), department, managerUpn, groups");
    assertThat(
            rest.get(
                    "/engine-rest/history/process-instance?processDefinitionKey=entra-onboarding&variables="
                        + "givenName_eq_Typo")
                .size())
        .isZero();
  }

  /**
   * How a mistake reaches the app: the REST API as a script calls it, or the calls Tasklist makes
   * for its generated forms (submit-form with typed values, every required field of a task form
   * filled in).
   */
  enum Channel {
    REST,
    TASKLIST;

    String start(String processKey, Map<String, String> variables) {
      return this == REST
          ? rest.start(processKey, variables)
          : rest.submitStartForm(processKey, variables);
    }

    /** Completes a correction task; Tasklist submits the whole form, REST only what changes. */
    void complete(JsonNode task, Map<String, Object> changed, Map<String, Object> wholeForm) {
      if (this == REST) rest.complete(task, changed);
      else rest.submitTaskForm(task, wholeForm);
    }

    /** A user principal name of this channel's own, so both runs of a test use fresh accounts. */
    String upn(String name) {
      return name + "." + name().toLowerCase(Locale.ROOT) + DOMAIN;
    }
  }

  @ParameterizedTest
  @EnumSource(Channel.class)
  void aUserPrincipalNameWithASpaceIsCorrectedInATask(Channel channel) {
    String good = channel.upn("jane.space");
    String instance =
        channel.start(
            "entra-onboarding", inputs("Jane", "Space", good.replace("jane.space", "jane space")));
    JsonNode correct = rest.task(instance, "Task_CorrectUpn");
    assertThat(correct.path("description").asText())
        .contains("Input 'userPrincipalName' of createUser", "is not a user principal name");
    assertThat(taskVariable(correct, "errorMessage"))
        .contains("'" + good.replace("jane.space", "jane space") + "'");
    channel.complete(
        correct,
        Map.of("userPrincipalName", good),
        Map.of(
            "givenName",
            "Jane",
            "surname",
            "Space",
            "userPrincipalName",
            good,
            "department",
            "Sales"));
    handOver(instance);
    assertThat(rest.get("/demo/directory/users/" + good).path("displayName").asText())
        .isEqualTo("Jane Space");
  }

  @ParameterizedTest
  @EnumSource(Channel.class)
  void aNameTooLongIsCorrectedInATask(Channel channel) {
    String upn = channel.upn("long.name");
    String instance = channel.start("entra-onboarding", inputs("L" + "o".repeat(323), "Long", upn));
    JsonNode correct = rest.task(instance, "Task_CorrectUpn");
    assertThat(correct.path("description").asText())
        .contains("Input 'givenName' of createUser is 324 characters long");
    channel.complete(
        correct,
        Map.of("givenName", "Lo"),
        Map.of(
            "givenName", "Lo", "surname", "Long", "userPrincipalName", upn, "department", "Sales"));
    handOver(instance);
    assertThat(rest.get("/demo/directory/users/" + upn).path("displayName").asText())
        .isEqualTo("Lo Long");
  }

  @ParameterizedTest
  @EnumSource(Channel.class)
  void aGroupThatDoesNotExistIsListedInTheFixTaskAndTheAccountIsStillHandedOver(Channel channel) {
    String upn = channel.upn("gina.groups");
    Map<String, String> inputs = inputs("Gina", "Groups", upn);
    inputs.put("groups", "Sales, Project Atlantis");
    String instance = channel.start("entra-onboarding", inputs);
    JsonNode fix = rest.task(instance, "Task_FixMemberships");
    String missing = taskVariable(fix, "groupsMissing");
    assertThat(missing).startsWith("Project Atlantis (").doesNotContain("Sales (");
    // The other group was added; the account exists and is handed over with its password.
    assertThat(DemoModeIT.names(rest.get("/demo/directory/users/" + upn).path("memberOf")))
        .contains("Sales");
    channel.complete(fix, Map.of(), Map.of());
    String password = taskVariable(rest.task(instance, "Task_HandOver"), "temporaryPassword");
    assertThat(password).hasSizeGreaterThanOrEqualTo(12);
    handOver(instance);
  }

  @ParameterizedTest
  @EnumSource(Channel.class)
  void groupsAsJsonArrayTextAreTheGroupsNotTheirPunctuation(Channel channel) {
    String upn = channel.upn("jason.array");
    Map<String, String> inputs = inputs("Jason", "Array", upn);
    inputs.put("groups", "[\"Sales\", \"Project Atlas\"]");
    String instance = channel.start("entra-onboarding", inputs);
    handOver(instance);
    assertThat(rest.passed(instance, "Task_FixMemberships")).isFalse();
    assertThat(DemoModeIT.names(rest.get("/demo/directory/users/" + upn).path("memberOf")))
        .contains("Sales", "Project Atlas");
  }

  @ParameterizedTest
  @EnumSource(Channel.class)
  void aManagerThatDoesNotExistIsCorrectedOrLeftOut(Channel channel) {
    String upn = channel.upn("mona.managed");
    Map<String, String> inputs = inputs("Mona", "Managed", upn);
    inputs.put("managerUpn", "no.such.manager" + DOMAIN);
    String instance = channel.start("entra-onboarding", inputs);
    JsonNode correct = rest.task(instance, "Task_CorrectManager");
    assertThat(correct.path("description").asText()).contains(upn, "no.such.manager" + DOMAIN);
    channel.complete(correct, Map.of("managerUpn", ""), Map.of("managerUpn", ""));
    handOver(instance);
    JsonNode manager = rest.get("/demo/directory/users/" + upn).path("manager");
    assertThat(manager.isMissingNode() || manager.isNull()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Channel.class)
  void offboardingANameThatIsNoUserPrincipalNameAsksForTheRightOne(Channel channel) {
    String upn = channel.upn("amara.fischerova");
    DemoModeIT.onboard("Amara", "Fischerova", upn, null, null);
    String typed = "amara fischerova " + channel.name().toLowerCase(Locale.ROOT);
    String instance = channel.start("entra-offboarding", Map.of("userPrincipalName", typed));
    JsonNode correct = rest.task(instance, "Task_CorrectUser");
    assertThat(correct.path("description").asText()).contains(typed);
    channel.complete(
        correct,
        Map.of("userPrincipalName", upn),
        Map.of("userPrincipalName", upn, "cancelled", false));
    rest.ended(instance);
    assertThat(rest.passed(instance, "EndEvent_Deleted")).isTrue();
    assertThat(rest.status("/demo/directory/users/" + upn)).isEqualTo(404);
  }

  @ParameterizedTest
  @EnumSource(Channel.class)
  void anAccessRequestForAnUnknownGroupIsCorrectedByTheRequester(Channel channel) {
    String upn = channel.upn("rory.request");
    DemoModeIT.onboard("Rory", "Request", upn, null, null);
    String instance =
        channel.start(
            "entra-access-request", Map.of("userPrincipalName", upn, "group", "Project Atlantis"));
    JsonNode correct = rest.task(instance, "Task_CorrectRequest");
    assertThat(correct.path("description").asText()).contains("Project Atlantis");
    channel.complete(
        correct,
        Map.of("group", "Legal"),
        Map.of("userPrincipalName", upn, "group", "Legal", "withdrawn", false));
    channel.complete(
        rest.task(instance, "Task_Approve"), Map.of("approved", true), Map.of("approved", true));
    rest.ended(instance);
    assertThat(rest.passed(instance, "EndEvent_Granted")).isTrue();
    assertThat(DemoModeIT.names(rest.get("/demo/directory/users/" + upn).path("memberOf")))
        .contains("Legal");
  }

  @ParameterizedTest
  @EnumSource(Channel.class)
  void aWithdrawnRequestEndsAsWithdrawnNotAsDone(Channel channel) {
    String upn = channel.upn("nobody.at.all");
    String instance =
        channel.start("entra-access-request", Map.of("userPrincipalName", upn, "group", "Legal"));
    channel.complete(
        rest.task(instance, "Task_CorrectRequest"),
        Map.of("withdrawn", true),
        Map.of("userPrincipalName", upn, "group", "Legal", "withdrawn", true));
    rest.ended(instance);
    assertThat(rest.passed(instance, "EndEvent_NotFound")).isTrue();
    assertThat(rest.passed(instance, "EndEvent_Granted")).isFalse();
  }

  private static void handOver(String instance) {
    rest.complete(rest.task(instance, "Task_HandOver"), Map.of());
    rest.ended(instance);
    assertThat(rest.passed(instance, "EndEvent_Onboarded")).isTrue();
  }

  private static String taskVariable(JsonNode task, String name) {
    return rest.get("/engine-rest/task/" + task.path("id").asText() + "/variables")
        .path(name)
        .path("value")
        .asText();
  }

  private static Map<String, String> inputs(String givenName, String surname, String upn) {
    return DemoModeIT.inputs(givenName, surname, upn);
  }
}
