package io.entraid.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What an operator sees of the packaged app: a clean start-up log, the Actuator health indicator
 * and meters behind the same HTTP Basic login as the REST API, and a start-up failure report.
 */
class OperationsIT {
  private static ExampleApp app;
  private static Rest rest;

  @BeforeAll
  static void start() {
    app = ExampleApp.start("operations", Map.of(), List.of(), List.of());
    rest = app.rest;
  }

  @AfterAll
  static void stop() {
    if (app != null) app.close();
  }

  @Test
  void demoModeStartsWithoutAWarning() {
    List<String> warnings =
        app.log()
            .lines()
            .filter(line -> line.contains(" WARN ") || line.contains(" ERROR "))
            .toList();
    assertThat(warnings).isEmpty();
  }

  @Test
  void healthShowsTheEntraIdIndicatorBehindHttpBasic() {
    assertThat(rest.as(null, null).status("/actuator/health")).isEqualTo(401);
    assertThat(rest.as("nobody", "demo").status("/actuator/health")).isEqualTo(401);
    JsonNode health = rest.get("/actuator/health");
    assertThat(health.path("status").asText()).isEqualTo("UP");
    JsonNode entraid = health.path("components").path("entraid");
    assertThat(entraid.path("status").asText()).isEqualTo("UP");
    JsonNode connection = entraid.path("details").path("connections").path("default");
    assertThat(connection.path("status").asText()).isEqualTo("UP");
    assertThat(texts(connection.path("permissions")))
        .contains("User.ReadWrite.All", "GroupMember.ReadWrite.All");
  }

  @Test
  void metricsShowTheEntraIdMetersBehindHttpBasic() {
    assertThat(rest.as(null, null).status("/actuator/metrics/entraid.graph.requests"))
        .isEqualTo(401);
    assertThat(texts(rest.get("/actuator/metrics").path("names")))
        .contains("entraid.graph.requests", "entraid.token.acquisitions");
    // demo mode syncs the emulated directory at start: at least the users and groups delta requests
    JsonNode requests =
        rest.get(
            "/actuator/metrics/entraid.graph.requests?tag=operation:syncDirectory&tag=status:200");
    assertThat(requests.path("measurements").get(0).path("statistic").asText()).isEqualTo("COUNT");
    assertThat(requests.path("measurements").get(0).path("value").asDouble())
        .isGreaterThanOrEqualTo(2);
    JsonNode tokens =
        rest.get(
            "/actuator/metrics/entraid.token.acquisitions?tag=connection:default&tag=source:entra");
    assertThat(tokens.path("measurements").get(0).path("value").asDouble())
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void syncProgressIsReadableOverHttpAndAsGauges() {
    assertThat(rest.as(null, null).status("/actuator/entraidsync")).isEqualTo(401);
    // demo mode synced the emulated directory at start: 300 users read, one Graph page each round
    JsonNode atStart = rest.get("/actuator/entraidsync").path("connections").path("default");
    assertThat(atStart.path("syncedUsers").asLong()).isGreaterThan(250);
    assertThat(atStart.path("lastRunOnThisNode").path("running").asBoolean(true)).isFalse();
    assertThat(atStart.path("lastRunOnThisNode").path("users").asInt()).isEqualTo(300);
    assertThat(app.log())
        .contains(
            "Directory sync of connection 'default': page 1 (users) done, 300 users and 0 groups so far");
    JsonNode gauge = rest.get("/actuator/metrics/entraid.sync.users?tag=connection:default");
    assertThat(gauge.path("measurements").get(0).path("value").asDouble()).isEqualTo(300);

    // a run of the sync process (a delta: nothing changed since) replaces it
    String instance = rest.start("entra-directory-sync", Map.of());
    rest.ended(instance);
    JsonNode after =
        rest.get("/actuator/entraidsync")
            .path("connections")
            .path("default")
            .path("lastRunOnThisNode");
    assertThat(after.path("running").asBoolean(true)).isFalse();
    assertThat(after.path("users").asInt()).isZero();
    assertThat(after.path("pages").asInt()).isEqualTo(2);
  }

  @Test
  void explicitConnectionParametersAreUsedInsteadOfTheEmulatorAndInvalidOnesFailTheStartOnce() {
    String log =
        ExampleApp.refusedStart(
            "explicit-parameters",
            Map.of("ADMIN_USER", "ops", "ADMIN_PASSWORD", "ops-pass-1"),
            List.of(
                "--camunda.bpm.plugin.entraid.connections.default.parameters.TenantID=nonsense"));
    assertThat(count(log, "APPLICATION FAILED TO START")).isEqualTo(1);
    // each problem once (no nested exception repeating it), its fix under Action
    assertThat(count(log, "'nonsense' is neither a GUID nor a domain name")).isEqualTo(1);
    assertThat(count(log, "ClientID is empty")).isEqualTo(1);
    assertThat(log)
        .contains("Action:", "Connection 'default', TenantID: use the Directory (tenant) ID")
        .doesNotContain("DEMO MODE", "\tat org.springframework");
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }

  private static int count(String text, String part) {
    return text.split(Pattern.quote(part), -1).length - 1;
  }
}
