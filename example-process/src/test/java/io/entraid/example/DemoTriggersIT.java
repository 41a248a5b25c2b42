package io.entraid.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's directory-trigger walk in demo mode: the demo's write endpoint changes the emulated
 * directory as an HR system would change Entra ID, and the example's triggers (10 s polls in demo
 * mode) start entra-joiner, entra-mover and entra-leaver. Shares the demo app with {@link
 * DemoModeIT}.
 */
class DemoTriggersIT {
  private static final String UPN = "jo.joiner@contoso.onmicrosoft.com";
  private static Rest rest;

  @BeforeAll
  static void start() {
    rest = DemoApp.shared().rest;
  }

  @Test
  void theReadmeCurlsStartAJoinerAMoverAndALeaver() {
    JsonNode created =
        rest.post(
            "/demo/directory/users",
            Map.of("userPrincipalName", UPN, "displayName", "Jo Joiner", "department", "Sales"));
    assertThat(created.path("department").asText()).isEqualTo("Sales");
    assertThat(created.path("accountEnabled").asBoolean()).isTrue();

    String joiner = instance("entra-joiner");
    // Each step waits for the triggers to poll once after the change before it: two changes in one
    // poll are seen as their sum (created already in Finance), as Graph's delta reports them.
    rest.awaitTriggerPolls(Instant.now());
    JsonNode welcome = rest.task(joiner, "Task_Welcome");
    assertThat(welcome.path("name").asText()).isEqualTo("Welcome Jo Joiner");
    assertThat(directoryUser().path("memberOf").toString()).contains("\"Sales\"");
    rest.complete(welcome, Map.of());
    rest.ended(joiner);

    assertThat(rest.status("PATCH", path(), Map.of("department", "Finance"))).isEqualTo(200);
    String mover = instance("entra-mover");
    rest.awaitTriggerPolls(Instant.now());
    rest.ended(mover);
    assertThat(rest.historicVariable(mover, "oldDepartment").asText()).isEqualTo("Sales");
    assertThat(rest.historicVariable(mover, "newDepartment").asText()).isEqualTo("Finance");
    assertThat(directoryUser().path("memberOf").toString())
        .contains("\"Finance\"")
        .doesNotContain("\"Sales\"");

    assertThat(rest.status("PATCH", path(), Map.of("accountEnabled", false))).isEqualTo(200);
    String leaver = instance("entra-leaver");
    rest.ended(leaver);
    assertThat(rest.passed(leaver, "EndEvent_Offboarded")).isTrue();
    assertThat(rest.status(path())).as("deleted after the retention").isEqualTo(404);
  }

  @Test
  void onlyAdminsChangeTheDemoDirectoryAndRefusalsSayWhy() {
    try {
      viewerIsRefused();
    } finally {
      // the demo app is shared: DemoModeIT counts its Camunda users
      rest.status("DELETE", "/engine-rest/user/viewer", Map.of());
    }
    assertThat(
            rest.status(
                "POST",
                "/demo/directory/users",
                Map.of("userPrincipalName", "no.name@contoso.onmicrosoft.com")))
        .isEqualTo(400);
    assertThat(
            rest.status(
                "PATCH",
                "/demo/directory/users/nobody@contoso.onmicrosoft.com",
                Map.of("department", "Legal")))
        .isEqualTo(404);
  }

  private static void viewerIsRefused() {
    rest.post(
        "/engine-rest/user/create",
        Map.of(
            "profile",
            Map.of("id", "viewer", "firstName", "View", "lastName", "Er", "email", "v@example.org"),
            "credentials",
            Map.of("password", "Viewer-pass-1")));
    Rest viewer = rest.as("viewer", "Viewer-pass-1");
    assertThat(
            viewer.status(
                "POST",
                "/demo/directory/users",
                Map.of("userPrincipalName", "x@contoso.onmicrosoft.com", "displayName", "X")))
        .isEqualTo(403);
    assertThat(viewer.status("PATCH", path(), Map.of("department", "Legal"))).isEqualTo(403);
  }

  private static String instance(String processKey) {
    return Rest.await(
        processKey + " for " + UPN,
        () -> {
          JsonNode found =
              rest.get(
                  "/engine-rest/history/process-instance?processDefinitionKey="
                      + processKey
                      + "&processInstanceBusinessKey="
                      + URLEncoder.encode(UPN, StandardCharsets.UTF_8));
          assertThat(found.size()).isLessThanOrEqualTo(1);
          return found.size() == 1 ? found.get(0).path("id").asText() : null;
        });
  }

  private static String path() {
    return "/demo/directory/users/" + UPN;
  }

  private static JsonNode directoryUser() {
    return rest.get(path());
  }
}
