package io.entraid.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The mistakes a user makes with the example processes, through the REST API and through the REST
 * calls Tasklist makes (submit-form): each ends where a person sees it, a user task with the message
 * or a refused call, and never in an instance that completes without doing its work. The packaged
 * app in demo mode (shared with {@link DemoModeIT}).
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
    Map<String, Object> variables = Map.of("variables", Map.of(
        "givenName", Map.of("value", "Jane"), "userPrincipleName", Map.of("value", "jane.typo" + DOMAIN),
        "departement", Map.of("value", "Sales")));
    Rest.Failure failure = rest.postFailing("/engine-rest/process-definition/key/entra-onboarding/start", variables);
    // The REST API answers a start that the engine refuses with 500 and the engine's message.
    assertThat(failure.status()).isEqualTo(500);
    assertThat(failure.message()).contains("Process 'entra-onboarding' was not started",
        "unknown variable 'userPrincipleName' (did you mean 'userPrincipalName'?)",
        "unknown variable 'departement' (did you mean 'department'?)",
        "missing required variable 'surname'", "missing required variable 'userPrincipalName'",
        "givenName (required), surname (required), userPrincipalName (required), department, managerUpn, groups");
    assertThat(rest.get("/engine-rest/history/process-instance?processDefinitionKey=entra-onboarding&variables="
        + "givenName_eq_Jane").size()).isZero();
  }

  @Test
  void aUserPrincipalNameWithASpaceIsCorrectedInATaskFromTasklist() {
    String instance = rest.submitStartForm("entra-onboarding", Map.of("givenName", "Jane", "surname", "Space",
        "userPrincipalName", "jane space" + DOMAIN, "department", "Sales"));
    JsonNode correct = rest.task(instance, "Task_CorrectUpn");
    assertThat(correct.path("description").asText()).contains("Input 'userPrincipalName' of createUser",
        "is not a user principal name");
    assertThat(taskVariable(correct, "errorMessage")).contains("'jane space" + DOMAIN + "'");
    rest.submitTaskForm(correct, Map.of("givenName", "Jane", "surname", "Space", "userPrincipalName", "jane.space" + DOMAIN,
        "department", "Sales"));
    handOver(instance);
    assertThat(rest.get("/demo/directory/users/jane.space" + DOMAIN).path("displayName").asText()).isEqualTo("Jane Space");
  }

  @Test
  void aNameTooLongIsCorrectedInATask() {
    Map<String, String> inputs = inputs("L" + "o".repeat(323), "Long", "long.name" + DOMAIN);
    String instance = rest.start("entra-onboarding", inputs);
    JsonNode correct = rest.task(instance, "Task_CorrectUpn");
    assertThat(correct.path("description").asText()).contains("Input 'givenName' of createUser is 324 characters long");
    rest.complete(correct, Map.of("givenName", "Lo"));
    handOver(instance);
    assertThat(rest.get("/demo/directory/users/long.name" + DOMAIN).path("displayName").asText()).isEqualTo("Lo Long");
  }

  @Test
  void aGroupThatDoesNotExistIsListedInTheFixTaskAndTheAccountIsStillHandedOver() {
    Map<String, String> inputs = inputs("Gina", "Groups", "gina.groups" + DOMAIN);
    inputs.put("groups", "Sales, Project Atlantis");
    String instance = rest.start("entra-onboarding", inputs);
    JsonNode fix = rest.task(instance, "Task_FixMemberships");
    String missing = taskVariable(fix, "groupsMissing");
    assertThat(missing).startsWith("Project Atlantis (").doesNotContain("Sales (");
    // The other group was added; the account exists and is handed over with its password.
    assertThat(DemoModeIT.names(rest.get("/demo/directory/users/gina.groups" + DOMAIN).path("memberOf"))).contains("Sales");
    rest.complete(fix, Map.of());
    String password = taskVariable(rest.task(instance, "Task_HandOver"), "temporaryPassword");
    assertThat(password).hasSizeGreaterThanOrEqualTo(12);
    handOver(instance);
  }

  @Test
  void groupsAsJsonArrayTextAreTheGroupsNotTheirPunctuation() {
    Map<String, String> inputs = inputs("Jason", "Array", "jason.array" + DOMAIN);
    inputs.put("groups", "[\"Sales\", \"Project Atlas\"]");
    String instance = rest.start("entra-onboarding", inputs);
    handOver(instance);
    assertThat(rest.passed(instance, "Task_FixMemberships")).isFalse();
    assertThat(DemoModeIT.names(rest.get("/demo/directory/users/jason.array" + DOMAIN).path("memberOf")))
        .contains("Sales", "Project Atlas");
  }

  @Test
  void aManagerThatDoesNotExistIsCorrectedOrLeftOut() {
    Map<String, String> inputs = inputs("Mona", "Managed", "mona.managed" + DOMAIN);
    inputs.put("managerUpn", "no.such.manager" + DOMAIN);
    String instance = rest.start("entra-onboarding", inputs);
    JsonNode correct = rest.task(instance, "Task_CorrectManager");
    assertThat(correct.path("description").asText()).contains("mona.managed" + DOMAIN, "no.such.manager" + DOMAIN);
    rest.submitTaskForm(correct, Map.of("managerUpn", ""));
    handOver(instance);
    assertThat(rest.get("/demo/directory/users/mona.managed" + DOMAIN).path("manager").isMissingNode()
        || rest.get("/demo/directory/users/mona.managed" + DOMAIN).path("manager").isNull()).isTrue();
  }

  @Test
  void offboardingANameThatIsNoUserPrincipalNameAsksForTheRightOne() {
    DemoModeIT.onboard("Amara", "Fischerova", "amara.fischerova" + DOMAIN, null, null);
    String instance = rest.submitStartForm("entra-offboarding", Map.of("userPrincipalName", "amara fischerova"));
    JsonNode correct = rest.task(instance, "Task_CorrectUser");
    assertThat(correct.path("description").asText()).contains("amara fischerova");
    rest.submitTaskForm(correct, Map.of("userPrincipalName", "amara.fischerova" + DOMAIN, "cancelled", false));
    rest.ended(instance);
    assertThat(rest.passed(instance, "EndEvent_Deleted")).isTrue();
    assertThat(rest.status("/demo/directory/users/amara.fischerova" + DOMAIN)).isEqualTo(404);
  }

  @Test
  void anAccessRequestForAnUnknownGroupIsCorrectedByTheRequester() {
    DemoModeIT.onboard("Rory", "Request", "rory.request" + DOMAIN, null, null);
    String instance = rest.start("entra-access-request", Map.of("userPrincipalName", "rory.request" + DOMAIN,
        "group", "Project Atlantis"));
    JsonNode correct = rest.task(instance, "Task_CorrectRequest");
    assertThat(correct.path("description").asText()).contains("Project Atlantis");
    rest.submitTaskForm(correct, Map.of("userPrincipalName", "rory.request" + DOMAIN, "group", "Legal", "withdrawn", false));
    rest.complete(rest.task(instance, "Task_Approve"), Map.of("approved", true));
    rest.ended(instance);
    assertThat(rest.passed(instance, "EndEvent_Granted")).isTrue();
    assertThat(DemoModeIT.names(rest.get("/demo/directory/users/rory.request" + DOMAIN).path("memberOf"))).contains("Legal");
  }

  @Test
  void aWithdrawnRequestEndsAsWithdrawnNotAsDone() {
    String instance = rest.start("entra-access-request", Map.of("userPrincipalName", "nobody.at.all" + DOMAIN,
        "group", "Legal"));
    rest.complete(rest.task(instance, "Task_CorrectRequest"), Map.of("withdrawn", true));
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
    return rest.get("/engine-rest/task/" + task.path("id").asText() + "/variables").path(name).path("value").asText();
  }

  private static Map<String, String> inputs(String givenName, String surname, String upn) {
    return DemoModeIT.inputs(givenName, surname, upn);
  }
}
