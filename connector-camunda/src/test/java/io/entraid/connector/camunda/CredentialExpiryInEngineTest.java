package io.entraid.connector.camunda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.entraid.emulator.AppRegistration;
import io.entraid.emulator.EntraEmulator;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.spin.json.SpinJsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A plain engine configured through the plugin's bean properties: the connection opts in to the
 * Graph expiry check, testConnection reports a secret that expires in ten days, and tasks that use
 * the connection log the coded warning once a day, however many run.
 */
class CredentialExpiryInEngineTest {
  static EntraEmulator emulator;
  static AppRegistration app;
  static ProcessEngine engine;

  @BeforeAll
  static void start() {
    emulator = EntraEmulator.builder().start();
    app = emulator.registerApp("expiring", Set.of("Application.Read.All", "User.Read.All"));
    AppRegistration.Secret secret =
        app.expireSecretAt(app.secret().id(), Instant.now().plus(10, ChronoUnit.DAYS));
    EntraIdProcessEnginePlugin plugin = TestEngines.plugin(emulator);
    plugin.setClientId(app.clientId());
    plugin.setClientSecret(secret.value());
    plugin.setConnectionCredentialExpiryCheck(Map.of("default", "graph"));
    plugin.setCredentialExpiryWarning("P30D");
    engine = TestEngines.start(plugin);
    engine
        .getRepositoryService()
        .createDeployment()
        .addModelInstance(
            "test-connection.bpmn",
            Bpmn.createExecutableProcess("test-connection")
                .camundaHistoryTimeToLive(1)
                .startEvent()
                .serviceTask("test")
                .camundaDelegateExpression("${entraId}")
                .camundaInputParameter("operation", "testConnection")
                .camundaInputParameter("resultVariable", "connectionTest")
                .userTask("look")
                .endEvent()
                .done())
        .deploy();
  }

  @AfterAll
  static void stop() {
    engine.close();
    emulator.close();
  }

  static long applicationReads() {
    return emulator.requests().stream()
        .filter(r -> r.path().equals("/v1.0/applications(appId='" + app.clientId() + "')"))
        .count();
  }

  @Test
  void testConnectionReportsTheSecretsExpiryAndTasksWarnOnceADay() {
    try (CapturedLogs logs = new CapturedLogs()) {
      String first =
          engine.getRuntimeService().startProcessInstanceByKey("test-connection").getId();
      engine.getRuntimeService().startProcessInstanceByKey("test-connection");

      SpinJsonNode result =
          (SpinJsonNode) engine.getRuntimeService().getVariable(first, "connectionTest");
      SpinJsonNode expiry = result.prop("credentialExpiry");
      assertThat(expiry.prop("status").stringValue()).isEqualTo("EXPIRING");
      assertThat(expiry.prop("daysLeft").numberValue().longValue()).isEqualTo(10L);
      assertThat(expiry.prop("source").stringValue()).isEqualTo("GRAPH");
      assertThat(applicationReads()).isEqualTo(1);
      assertThat(
              logs.events().stream()
                  .map(ILoggingEvent::getFormattedMessage)
                  .filter(m -> m.startsWith("ENTRAID-05050 ")))
          .singleElement()
          .asString()
          .contains("connection 'default'", "(in 10 days)", "Create a new client secret");
    }
  }

  @Test
  void badSettingsNameTheSettingAndTheFix() {
    assertThatThrownBy(
            () ->
                new EntraIdProcessEnginePlugin()
                    .setConnectionCredentialExpiryCheck(Map.of("hr", "sometimes")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("connectionCredentialExpiryCheck.hr 'sometimes'")
        .hasMessageContaining("off, graph")
        .hasMessageContaining("Application.Read.All");
    assertThatThrownBy(() -> new EntraIdProcessEnginePlugin().setCredentialExpiryWarning("30 days"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("credentialExpiryWarning '30 days' is not an ISO-8601 duration")
        .hasMessageContaining("P30D");
  }
}
