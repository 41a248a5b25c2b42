package io.entraid.connector.camunda;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.entraid.emulator.EntraEmulator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The password probe: a {@code password} given to createUser from a start variable (the README's
 * advice: from a secret store) and from a start form, with history {@code full} and every logger at
 * DEBUG. The value reaches Entra ID, but no history table, no runtime table once the instance has
 * ended, and no log line of the connector. Camunda's own DEBUG loggers that do print it are listed,
 * which the README names.
 */
class SensitiveInputsTest {
  static EntraEmulator emulator;
  static EntraIdProcessEnginePlugin plugin;
  static ProcessEngine engine;

  @BeforeAll
  static void start() {
    emulator = EntraEmulator.builder().users(3).groups(1).seed(3L).start();
    plugin = TestEngines.plugin(emulator);
    engine = TestEngines.start(plugin);
  }

  @AfterAll
  static void stop() {
    engine.close();
    emulator.close();
  }

  static BpmnModelInstance onboarding() {
    return Bpmn.createExecutableProcess("with-password")
        .camundaHistoryTimeToLive(1)
        .startEvent()
        .serviceTask("create")
        .camundaAsyncBefore()
        .camundaDelegateExpression("${entraId}")
        .camundaInputParameter("operation", "createUser")
        .camundaInputParameter("userPrincipalName", "${upn}")
        .camundaInputParameter("displayName", "Password Probe")
        .camundaInputParameter("password", "${initialPassword}")
        .camundaInputParameter("temporaryPasswordVariable", "handOverPassword")
        .endEvent()
        .done();
  }

  /**
   * A generated password (an output marked sensitive) stays out of history too, while the process
   * can use it.
   */
  @Test
  void aGeneratedPasswordIsKeptOutOfHistory() throws Exception {
    engine
        .getRepositoryService()
        .createDeployment()
        .addModelInstance(
            "generated.bpmn",
            Bpmn.createExecutableProcess("generated")
                .camundaHistoryTimeToLive(1)
                .startEvent()
                .serviceTask("create")
                .camundaAsyncBefore()
                .camundaDelegateExpression("${entraId}")
                .camundaInputParameter("operation", "createUser")
                .camundaInputParameter("userPrincipalName", "${upn}")
                .camundaInputParameter("displayName", "Generated")
                .camundaInputParameter("temporaryPasswordVariable", "handOver")
                .userTask("handOverTask")
                .endEvent()
                .done())
        .deploy();
    assertThat(plugin.getSensitiveVariables().of("generated")).containsExactly("handOver");
    var instance =
        engine
            .getRuntimeService()
            .startProcessInstanceByKey(
                "generated", Map.of("upn", "gen@" + emulator.tenantDomain()));
    SecretHygieneTest.runJob(engine, instance.getId());
    String generated =
        (String) engine.getRuntimeService().getVariable(instance.getId(), "handOver");
    assertThat(generated).hasSizeGreaterThanOrEqualTo(12);
    engine
        .getTaskService()
        .complete(
            engine
                .getTaskService()
                .createTaskQuery()
                .processInstanceId(instance.getId())
                .singleResult()
                .getId());
    assertThat(
            engine
                .getHistoryService()
                .createHistoricVariableInstanceQuery()
                .processInstanceId(instance.getId())
                .variableName("upn")
                .count())
        .isEqualTo(1);
    assertThat(
            SecretHygieneTest.databaseText(
                (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()))
        .noneMatch(p -> p.contains(generated));
  }

  @Test
  void aPasswordInputIsKeptOutOfHistoryAndTheConnectorsLogs() throws Exception {
    List<String> passwords = List.of("Pw1-" + UUID.randomUUID(), "Pw2-" + UUID.randomUUID());
    try (CapturedLogs captured = new CapturedLogs()) {
      ProcessDefinition definition =
          engine
              .getRepositoryService()
              .createDeployment()
              .addModelInstance("with-password.bpmn", onboarding())
              .deployWithResult()
              .getDeployedProcessDefinitions()
              .get(0);
      assertThat(plugin.getSensitiveVariables().of("with-password"))
          .containsExactlyInAnyOrder("password", "initialPassword", "handOverPassword");

      String domain = "@" + emulator.tenantDomain();
      var started =
          engine
              .getRuntimeService()
              .startProcessInstanceByKey(
                  "with-password",
                  Map.of(
                      "upn",
                      "probe.one" + domain,
                      "initialPassword",
                      passwords.get(0),
                      "note",
                      "visible"));
      var submitted =
          engine
              .getFormService()
              .submitStartForm(
                  definition.getId(),
                  Map.of("upn", "probe.two" + domain, "initialPassword", passwords.get(1)));
      for (var instance : List.of(started, submitted)) {
        SecretHygieneTest.runJob(engine, instance.getId());
        assertThat(
                engine
                    .getHistoryService()
                    .createHistoricProcessInstanceQuery()
                    .processInstanceId(instance.getId())
                    .singleResult()
                    .getState())
            .isEqualTo("COMPLETED");
      }
      assertThat(emulator.directory().user("probe.one" + domain)).isPresent();
      assertThat(emulator.directory().user("probe.two" + domain)).isPresent();

      List<String> stored =
          SecretHygieneTest.databaseText(
              (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration());
      // Positive controls: the other variables of the same instances are in history.
      assertThat(stored).anyMatch(p -> p.startsWith("ACT_HI_VARINST") && p.contains("visible"));
      assertThat(stored)
          .anyMatch(p -> p.startsWith("ACT_HI_VARINST") && p.contains("probe.two" + domain));
      assertThat(captured.events()).hasSizeGreaterThan(100);
      Set<String> camundaLoggers = new TreeSet<>();
      for (String password : passwords) {
        assertThat(stored)
            .as("stored in the engine's database")
            .noneMatch(p -> p.contains(password));
        for (ILoggingEvent event : captured.events()) {
          if (!CapturedLogs.text(event).contains(password)) continue;
          assertThat(event.getLoggerName())
              .as("a connector log line with the password")
              .doesNotStartWith("io.entraid");
          camundaLoggers.add(event.getLoggerName());
        }
      }
      // What Camunda itself prints at DEBUG, which the README names: input mappings with their
      // values
      // (ENGINE-17001) and MyBatis statements with their parameters (the runtime variable's
      // insert).
      assertThat(camundaLoggers)
          .contains("org.camunda.bpm.engine.core")
          .allMatch(
              name ->
                  name.equals("org.camunda.bpm.engine.core")
                      || name.startsWith("org.camunda.bpm.engine.impl.persistence.entity."));
    }
  }
}
