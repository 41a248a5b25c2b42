package io.entraid.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged app in demo mode, as a new user starts it: no Entra variables, so it runs on its
 * embedded emulator. Each process is driven through the REST API, user tasks included, and the
 * outcome is read from the emulated directory through the app's demo directory view.
 */
class DemoModeIT {
  private static final String DOMAIN = "@contoso.onmicrosoft.com";
  private static ExampleApp app;
  private static Rest rest;

  @BeforeAll
  static void start() {
    app = DemoApp.shared();
    rest = app.rest;
  }

  @Test
  void startsInDemoModeAndSaysWhereToLogIn() {
    String log = app.log();
    assertThat(log)
        .contains(
            "running in DEMO MODE: embedded Entra emulator",
            "with 300 users and 40 groups",
            "Connection 'default' works",
            "Log in at " + rest.base + "/camunda/app/ as demo / demo");
    for (String process :
        List.of(
            "entra-onboarding",
            "entra-offboarding",
            "entra-access-request",
            "entra-directory-sync")) {
      assertThat(log).contains("Process '" + process + "' is ready");
    }
    assertThat(log).doesNotContain("REAL-TENANT MODE");
  }

  @Test
  void restApiAndDirectoryViewNeedHttpBasic() {
    assertThat(rest.as(null, null).status("/engine-rest/process-definition")).isEqualTo(401);
    assertThat(rest.as("nobody", "demo").status("/engine-rest/process-definition")).isEqualTo(401);
    assertThat(rest.as(null, null).status("/demo/directory/users/nobody" + DOMAIN)).isEqualTo(401);
    assertThat(rest.status("/engine-rest/process-definition")).isEqualTo(200);
    assertThat(rest.status("/demo/directory/users/nobody" + DOMAIN)).isEqualTo(404);
    assertThat(rest.as(null, null).status("/camunda/app/welcome/default/")).isEqualTo(200);
  }

  @Test
  void onboardingCreatesTheUserSetsTheManagerAddsGroupsAndHandsOverThePassword() {
    String manager =
        onboard("Maria", "Lead", "maria.lead" + DOMAIN, null, null)
            .path("userPrincipalName")
            .asText();
    Map<String, String> inputs = inputs("Noah", "New", "noah.new" + DOMAIN);
    inputs.put("managerUpn", manager);
    inputs.put("groups", "Sales, Project Atlas");
    String instance = rest.start("entra-onboarding", inputs);

    JsonNode handOver = rest.task(instance, "Task_HandOver");
    String password =
        rest.get("/engine-rest/task/" + handOver.path("id").asText() + "/variables")
            .path("temporaryPassword")
            .path("value")
            .asText();
    assertThat(password).hasSizeGreaterThanOrEqualTo(12);
    rest.complete(handOver, Map.of());
    rest.ended(instance);

    JsonNode user = rest.get("/demo/directory/users/noah.new" + DOMAIN);
    assertThat(user.path("department").asText()).isEqualTo("Sales");
    assertThat(user.path("manager").asText()).isEqualTo(manager);
    assertThat(names(user.path("memberOf"))).contains("Sales", "Project Atlas");
    assertThat(rest.historicVariable(instance, "userId").asText())
        .isEqualTo(user.path("id").asText());
    assertThat(rest.passed(instance, "Task_FixMemberships")).isFalse();
    assertThat(rest.passed(instance, "EndEvent_Onboarded")).isTrue();

    // The temporary password: shown to the task, then gone from the process, from history and never
    // logged.
    assertThat(rest.historicVariable(instance, "temporaryPassword")).isNull();
    assertThat(rest.get("/engine-rest/history/detail?processInstanceId=" + instance).toString())
        .doesNotContain(password);
    assertThat(
            rest.get("/engine-rest/history/variable-instance?processInstanceId=" + instance)
                .toString())
        .doesNotContain(password);
    assertThat(app.log()).doesNotContain(password);
  }

  @Test
  void aTakenUserPrincipalNameIsCorrectedInAUserTask() {
    onboard("Ada", "First", "ada.first" + DOMAIN, null, null);
    String instance = rest.start("entra-onboarding", inputs("Ada", "Second", "ada.first" + DOMAIN));

    JsonNode correct = rest.task(instance, "Task_CorrectUpn");
    assertThat(correct.path("description").asText())
        .contains("Entra ID refused to create the account", "ada.first" + DOMAIN);
    rest.complete(correct, Map.of("userPrincipalName", "ada.second" + DOMAIN));
    rest.complete(rest.task(instance, "Task_HandOver"), Map.of());
    rest.ended(instance);

    assertThat(rest.get("/demo/directory/users/ada.second" + DOMAIN).path("displayName").asText())
        .isEqualTo("Ada Second");
    assertThat(rest.get("/demo/directory/users/ada.first" + DOMAIN).path("displayName").asText())
        .isEqualTo("Ada First");
  }

  @Test
  void offboardingDisablesRevokesRemovesGroupsAndDeletesAfterTheRetentionPeriod() {
    onboard("Otto", "Leaving", "otto.leaving" + DOMAIN, null, "Marketing, Project Orion");
    String instance =
        rest.start("entra-offboarding", Map.of("userPrincipalName", "otto.leaving" + DOMAIN));
    rest.ended(instance);

    assertThat(rest.passed(instance, "EndEvent_Deleted")).isTrue();
    assertThat(rest.historicVariable(instance, "accountEnabled").asBoolean(true)).isFalse();
    assertThat(rest.historicVariable(instance, "sessionsRevoked").asBoolean()).isTrue();
    List<String> removed = new ArrayList<>();
    readJson(rest.historicVariable(instance, "removedMemberships"))
        .forEach(g -> removed.add(g.path("displayName").asText()));
    assertThat(removed).containsExactlyInAnyOrder("Marketing", "Project Orion");
    assertThat(rest.status("/demo/directory/users/otto.leaving" + DOMAIN)).isEqualTo(404);
  }

  @Test
  void offboardingAnUnknownUserAsksForTheRightOneAndMayBeCancelled() {
    String instance =
        rest.start("entra-offboarding", Map.of("userPrincipalName", "nobody.here" + DOMAIN));
    JsonNode correct = rest.task(instance, "Task_CorrectUser");
    assertThat(correct.path("description").asText())
        .contains("User 'nobody.here" + DOMAIN + "' does not exist");
    rest.complete(correct, Map.of("cancelled", true));
    rest.ended(instance);
    assertThat(rest.passed(instance, "EndEvent_NotFound")).isTrue();
    assertThat(rest.passed(instance, "Task_Revoke")).isFalse();
  }

  @Test
  void accessRequestEndsForMembersAndOtherwiseWaitsForAnApprover() {
    onboard("Rita", "Requester", "rita.requester" + DOMAIN, null, "Finance");
    String upn = "rita.requester" + DOMAIN;

    String member =
        rest.start("entra-access-request", Map.of("userPrincipalName", upn, "group", "Finance"));
    rest.ended(member);
    assertThat(rest.passed(member, "EndEvent_AlreadyMember")).isTrue();

    String granted =
        rest.start("entra-access-request", Map.of("userPrincipalName", upn, "group", "Legal"));
    JsonNode approval = rest.task(granted, "Task_Approve");
    // The approval is offered to the Camunda group Approvers, of which demo is a member.
    assertThat(
            rest.get("/engine-rest/task?candidateGroup=Approvers&processInstanceId=" + granted)
                .size())
        .isEqualTo(1);
    assertThat(rest.get("/engine-rest/task?candidateUser=demo&processInstanceId=" + granted).size())
        .isEqualTo(1);
    rest.complete(approval, Map.of("approved", true));
    rest.ended(granted);
    assertThat(rest.passed(granted, "EndEvent_Granted")).isTrue();

    String rejected =
        rest.start("entra-access-request", Map.of("userPrincipalName", upn, "group", "Operations"));
    rest.complete(rest.task(rejected, "Task_Approve"), Map.of("approved", false));
    rest.ended(rejected);
    assertThat(rest.passed(rejected, "EndEvent_Rejected")).isTrue();

    assertThat(names(rest.get("/demo/directory/users/" + upn).path("memberOf")))
        .contains("Finance", "Legal")
        .doesNotContain("Operations");
  }

  @Test
  void directorySyncCopiesTheDirectoryIntoCamunda() {
    String instance = rest.start("entra-directory-sync", Map.of());
    rest.ended(instance);
    JsonNode report = readJson(rest.historicVariable(instance, "syncReport"));
    // Demo mode synced everything at start; this run reads only what the other tests changed since.
    assertThat(report.path("mode").asText()).isEqualTo("delta");
    int synced =
        rest.get("/engine-rest/user/count?memberOfGroup=entraidsyncdefault").path("count").asInt();
    assertThat(synced).isGreaterThan(250);
    // The synced users next to the local admin user demo, which the sync leaves alone.
    assertThat(rest.get("/engine-rest/user/count").path("count").asInt()).isEqualTo(synced + 1);
    // Approvers is the synced Entra group, and demo stays its local member.
    assertThat(rest.get("/engine-rest/group/Approvers").path("type").asText())
        .startsWith("entraid:");
    assertThat(
            rest.get("/engine-rest/user/count?memberOfGroup=Approvers&id=demo")
                .path("count")
                .asInt())
        .isEqualTo(1);
  }

  /** Runs a whole onboarding and returns the new user as the directory shows it. */
  static JsonNode onboard(
      String givenName, String surname, String upn, String manager, String groups) {
    Rest rest = DemoApp.shared().rest;
    Map<String, String> inputs = inputs(givenName, surname, upn);
    if (manager != null) inputs.put("managerUpn", manager);
    if (groups != null) inputs.put("groups", groups);
    String instance = rest.start("entra-onboarding", inputs);
    rest.complete(rest.task(instance, "Task_HandOver"), Map.of());
    rest.ended(instance);
    return rest.get("/demo/directory/users/" + upn);
  }

  static Map<String, String> inputs(String givenName, String surname, String upn) {
    Map<String, String> inputs = new HashMap<>();
    inputs.put("givenName", givenName);
    inputs.put("surname", surname);
    inputs.put("userPrincipalName", upn);
    inputs.put("department", "Sales");
    return inputs;
  }

  static List<String> names(JsonNode array) {
    List<String> names = new ArrayList<>();
    array.forEach(n -> names.add(n.asText()));
    return names;
  }

  static JsonNode readJson(JsonNode value) {
    try {
      return Rest.JSON.readTree(value.asText());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
