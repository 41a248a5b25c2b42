package io.entraid.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged app in demo mode with Entra ID's eventual consistency switched on in its emulator:
 * every write stays invisible to reads for 3 seconds
 * (devblogs.microsoft.com/identity/designing-for-eventual-consistency-for-microsoft-entra).
 * Onboarding runs createUser, setManager, addGroupMembers and checkGroupMembership back to back;
 * the connector, not the BPMN, must carry it through without an incident and without the "fix the
 * memberships" detour.
 */
class ReplicationLagIT {
  private static final String DOMAIN = "@contoso.onmicrosoft.com";
  private static ExampleApp app;
  private static Rest rest;

  @BeforeAll
  static void start() {
    app =
        ExampleApp.start(
            "replication-lag",
            Map.of(),
            List.of(),
            List.of(
                "--example.demo.replication-lag-ms=3000",
                // the connector's replication waits are logged at DEBUG: the proof that the lag was
                // met, not missed
                "--logging.level.io.entraid.connector.core.graph.GraphClient=DEBUG"));
    rest = app.rest;
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (app != null) app.close();
  }

  @Test
  void onboardingSucceedsWithAThreeSecondReplicationLag() {
    String manager = onboard("Lena", "Lead", "lena.lead" + DOMAIN, null);
    String instance =
        onboardingOf("Liam", "Lag", "liam.lag" + DOMAIN, manager, "Sales, Project Atlas");
    rest.complete(rest.task(instance, "Task_HandOver"), Map.of());
    rest.ended(instance);

    JsonNode user = rest.get("/demo/directory/users/liam.lag" + DOMAIN);
    assertThat(user.path("manager").asText()).isEqualTo(manager);
    assertThat(user.path("memberOf").toString()).contains("Sales", "Project Atlas");
    assertThat(rest.passed(instance, "Task_FixMemberships"))
        .as("no stale 'not a member'")
        .isFalse();
    assertThat(rest.passed(instance, "EndEvent_Onboarded")).isTrue();
    assertThat(app.log()).contains("Entra ID may not have replicated a recent write yet");
  }

  private static String onboard(String givenName, String surname, String upn, String groups) {
    String instance = onboardingOf(givenName, surname, upn, null, groups);
    rest.complete(rest.task(instance, "Task_HandOver"), Map.of());
    rest.ended(instance);
    return upn;
  }

  private static String onboardingOf(
      String givenName, String surname, String upn, String manager, String groups) {
    Map<String, String> inputs = DemoModeIT.inputs(givenName, surname, upn);
    if (manager != null) inputs.put("managerUpn", manager);
    if (groups != null) inputs.put("groups", groups);
    return rest.start("entra-onboarding", inputs);
  }
}
