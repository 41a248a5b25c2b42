package io.entraid.connector.camunda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entraid.emulator.EntraEmulator;
import io.entraid.emulator.User;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A connection's policy in a real engine configured like a non-Spring installation: the deployment
 * preflight reports a forbidden task before any instance runs, and the task fails at once with an
 * incident naming the rule and the fix, without a Graph request going out.
 */
class PolicyInEngineTest {
  static EntraEmulator emulator;
  static EntraIdProcessEnginePlugin plugin;
  static ProcessEngine engine;

  @BeforeAll
  static void start() {
    emulator = EntraEmulator.builder().users(6).groups(2).seed(13L).start();
    plugin = TestEngines.plugin(emulator);
    plugin.setDeploymentPreflight(true);
    plugin.setPolicies(
        Map.of("default", Map.of("processes", "entra-*", "graph-requests", "GET users/*")));
    engine = TestEngines.start(plugin);
  }

  @AfterAll
  static void stop() {
    engine.close();
    emulator.close();
  }

  private static BpmnModelInstance process(String key, Map<String, String> inputs) {
    var task =
        Bpmn.createExecutableProcess(key)
            .camundaHistoryTimeToLive(1)
            .startEvent()
            .serviceTask("task")
            .name("Entra call")
            .camundaAsyncBefore()
            .camundaDelegateExpression("${entraId}");
    inputs.forEach(task::camundaInputParameter);
    return task.endEvent("done").done();
  }

  private static Incident runUntilIncident(String key, Map<String, Object> variables) {
    ProcessInstance instance = engine.getRuntimeService().startProcessInstanceByKey(key, variables);
    Job job =
        engine
            .getManagementService()
            .createJobQuery()
            .processInstanceId(instance.getId())
            .singleResult();
    emulator.clearRequests();
    assertThatThrownBy(() -> engine.getManagementService().executeJob(job.getId()))
        .isInstanceOf(EntraIdTaskFailure.class);
    assertThat(emulator.requests())
        .as("nothing may reach Graph")
        .noneMatch(r -> r.path().startsWith("/v1.0"));
    return engine
        .getRuntimeService()
        .createIncidentQuery()
        .processInstanceId(instance.getId())
        .singleResult();
  }

  @Test
  void aProcessTheConnectionIsNotForCannotDeleteAUser() {
    User victim = emulator.directory().users().get(1);
    engine
        .getRepositoryService()
        .createDeployment()
        .addModelInstance(
            "mallory.bpmn",
            process("mallory", Map.of("operation", "deleteUser", "user", "${target}")))
        .deploy();
    assertThat(plugin.getPreflight().policyFindings())
        .contains(
            new PermissionPreflight.PolicyFinding(
                "mallory", "task", "deleteUser", "default", "processes"));

    Incident incident = runUntilIncident("mallory", Map.of("target", victim.id()));
    assertThat(incident).as("an incident at once, not after retries").isNotNull();
    assertThat(incident.getIncidentMessage())
        .contains(
            "Entra ID task 'Entra call' (operation deleteUser, connection default)",
            "may not be used by process 'mallory' (policy rule processes: entra-*)",
            "Fix: add the process definition key");
    assertThat(emulator.directory().user(victim.id())).isPresent();
  }

  @Test
  void graphRequestSendsOnlyWhatTheAllowListNames() {
    engine
        .getRepositoryService()
        .createDeployment()
        .addModelInstance(
            "entra-takeover.bpmn",
            process(
                "entra-takeover",
                Map.of(
                    "operation",
                    "graphRequest",
                    "method",
                    "POST",
                    "path",
                    "applications/1f0e/addPassword")))
        .addModelInstance(
            "entra-read.bpmn",
            process("entra-read", Map.of("operation", "graphRequest", "path", "${path}")))
        .deploy();
    assertThat(plugin.getPreflight().policyFindings())
        .contains(
            new PermissionPreflight.PolicyFinding(
                "entra-takeover", "task", "graphRequest", "default", "graph-requests"));
    assertThat(plugin.getPreflight().policyFindings())
        .noneMatch(f -> f.processKey().equals("entra-read"));

    Incident incident = runUntilIncident("entra-takeover", Map.of());
    assertThat(incident.getIncidentMessage())
        .contains(
            "may not send POST applications/1f0e/addPassword",
            "(policy rule graph-requests: GET users/*)");
    assertThat(runUntilIncident("entra-read", Map.of("path", "applications")).getIncidentMessage())
        .contains("may not send GET applications");

    String user = emulator.directory().users().get(2).id();
    ProcessInstance allowed =
        engine
            .getRuntimeService()
            .startProcessInstanceByKey("entra-read", Map.of("path", "users/" + user));
    engine
        .getManagementService()
        .executeJob(
            engine
                .getManagementService()
                .createJobQuery()
                .processInstanceId(allowed.getId())
                .singleResult()
                .getId());
    assertThat(
            engine
                .getHistoryService()
                .createHistoricVariableInstanceQuery()
                .processInstanceId(allowed.getId())
                .variableName("graphResponse")
                .singleResult()
                .getValue()
                .toString())
        .contains(user);
  }
}
