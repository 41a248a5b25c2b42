package io.entraid.connector.camunda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entraid.emulator.EntraEmulator;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.builder.AbstractFlowNodeBuilder;
import org.camunda.bpm.model.bpmn.builder.ProcessBuilder;
import org.camunda.bpm.model.bpmn.builder.ServiceTaskBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A business error nothing in the model catches becomes an incident with the error's code, cause
 * and fix, instead of Camunda's silent end; every shape that does catch it still does, following
 * the engine's own rules (boundary events on the task and on enclosing subprocesses, error event
 * subprocesses, call activities up to two levels, catch-all events). Real engine, real emulator;
 * the error is ENTRA_NOT_FOUND from getUser of a user that does not exist.
 */
class UncaughtErrorsTest {
  static final String NOT_FOUND = "ENTRA_NOT_FOUND";
  static EntraEmulator emulator;
  static ProcessEngine engine;
  static String ghost;

  @BeforeAll
  static void start() {
    emulator = EntraEmulator.builder().users(3).groups(1).seed(9L).start();
    ghost = "ghost@" + emulator.tenantDomain();
    EntraIdProcessEnginePlugin plugin = TestEngines.plugin(emulator);
    // "lenient": the same tenant, with Camunda's own behaviour for uncaught errors.
    plugin.setConnections(
        Map.of(
            "lenient",
            Map.of(
                "TenantID",
                emulator.tenantId(),
                "ClientID",
                emulator.clientId(),
                "ClientSecret",
                emulator.clientSecret(),
                "AuthorityHost",
                emulator.authorityHost(),
                "GraphEndpoint",
                emulator.graphEndpoint())));
    plugin.setConnectionUncaughtErrors(Map.of("lenient", "end"));
    engine = TestEngines.start(plugin);
  }

  @AfterAll
  static void stop() {
    engine.close();
    emulator.close();
  }

  static ServiceTaskBuilder getUser(AbstractFlowNodeBuilder<?, ?> flow, boolean async) {
    ServiceTaskBuilder task =
        flow.serviceTask("task")
            .name("Get user")
            .camundaDelegateExpression("${entraId}")
            .camundaInputParameter("operation", "getUser")
            .camundaInputParameter("user", "${user}")
            .camundaInputParameter("connection", "${connectionName}");
    return async ? task.camundaAsyncBefore() : task;
  }

  static void deploy(BpmnModelInstance... models) {
    var deployment = engine.getRepositoryService().createDeployment();
    for (BpmnModelInstance model : models) {
      String key =
          model
              .getModelElementsByType(org.camunda.bpm.model.bpmn.instance.Process.class)
              .iterator()
              .next()
              .getId();
      deployment.addModelInstance(key + ".bpmn", model);
    }
    deployment.deploy();
  }

  static ProcessInstance start(String key, String connection) {
    return engine
        .getRuntimeService()
        .startProcessInstanceByKey(key, Map.of("user", ghost, "connectionName", connection));
  }

  static boolean passed(ProcessInstance instance, String activityId) {
    return engine
            .getHistoryService()
            .createHistoricActivityInstanceQuery()
            .processInstanceId(instance.getId())
            .activityId(activityId)
            .finished()
            .count()
        > 0;
  }

  @Test
  void errorBoundaryEventOnTheTaskCatchesIt() {
    deploy(
        getUser(
                Bpmn.createExecutableProcess("on-task").camundaHistoryTimeToLive(1).startEvent(),
                false)
            .endEvent("done")
            .moveToActivity("task")
            .boundaryEvent("caught")
            .error(NOT_FOUND)
            .endEvent("handled")
            .done());
    ProcessInstance instance = start("on-task", "default");
    assertThat(passed(instance, "handled")).isTrue();
    assertThat(passed(instance, "done")).isFalse();
  }

  @Test
  void catchAllBoundaryEventCatchesIt() {
    deploy(
        getUser(
                Bpmn.createExecutableProcess("catch-all").camundaHistoryTimeToLive(1).startEvent(),
                true)
            .endEvent("done")
            .moveToActivity("task")
            .boundaryEvent("caught")
            .error()
            .endEvent("handled")
            .done());
    ProcessInstance instance = start("catch-all", "default");
    executeJob(instance);
    assertThat(passed(instance, "handled")).isTrue();
  }

  @Test
  void boundaryEventOnAnEnclosingSubprocessCatchesIt() {
    deploy(
        getUser(
                Bpmn.createExecutableProcess("on-subprocess")
                    .camundaHistoryTimeToLive(1)
                    .startEvent()
                    .subProcess("sub")
                    .embeddedSubProcess()
                    .startEvent(),
                true)
            .endEvent()
            .subProcessDone()
            .endEvent("done")
            .moveToActivity("sub")
            .boundaryEvent("caught")
            .error(NOT_FOUND)
            .endEvent("handled")
            .done());
    ProcessInstance instance = start("on-subprocess", "default");
    executeJob(instance);
    assertThat(passed(instance, "handled")).isTrue();
  }

  @Test
  void errorEventSubprocessCatchesIt() {
    ProcessBuilder process =
        Bpmn.createExecutableProcess("event-subprocess").camundaHistoryTimeToLive(1);
    getUser(process.startEvent(), false).endEvent("done");
    process.eventSubProcess().startEvent("caught").error(NOT_FOUND).endEvent("handled");
    deploy(process.done());
    ProcessInstance instance = start("event-subprocess", "default");
    assertThat(passed(instance, "handled")).isTrue();
  }

  @Test
  void callActivityTwoLevelsUpCatchesIt() {
    BpmnModelInstance child =
        getUser(
                Bpmn.createExecutableProcess("child").camundaHistoryTimeToLive(1).startEvent(),
                true)
            .endEvent()
            .done();
    BpmnModelInstance middle =
        Bpmn.createExecutableProcess("middle")
            .camundaHistoryTimeToLive(1)
            .startEvent()
            .callActivity("callChild")
            .calledElement("child")
            .camundaIn("user", "user")
            .camundaIn("connectionName", "connectionName")
            .endEvent()
            .done();
    BpmnModelInstance top =
        Bpmn.createExecutableProcess("top")
            .camundaHistoryTimeToLive(1)
            .startEvent()
            .callActivity("callMiddle")
            .calledElement("middle")
            .camundaIn("user", "user")
            .camundaIn("connectionName", "connectionName")
            .endEvent("done")
            .moveToActivity("callMiddle")
            .boundaryEvent("caught")
            .error(NOT_FOUND)
            .endEvent("handledAtTop")
            .done();
    deploy(child, middle, top);
    ProcessInstance instance = start("top", "default");
    Job job =
        engine.getManagementService().createJobQuery().processDefinitionKey("child").singleResult();
    engine.getManagementService().executeJob(job.getId());
    assertThat(passed(instance, "handledAtTop")).isTrue();
    assertThat(engine.getRuntimeService().createIncidentQuery().count()).isZero();
  }

  @Test
  void uncaughtInAnAsyncTaskRaisesAnIncidentAtOnceWithCodeCauseAndFix() {
    deploy(
        getUser(
                Bpmn.createExecutableProcess("uncaught-async")
                    .camundaHistoryTimeToLive(1)
                    .startEvent(),
                true)
            .endEvent("done")
            .done());
    ProcessInstance instance = start("uncaught-async", "default");
    Job job = job(instance);
    assertThatThrownBy(() -> engine.getManagementService().executeJob(job.getId()))
        .isInstanceOfSatisfying(EntraIdTaskFailure.class, e -> assertThat(e.retryable()).isFalse());
    assertThat(
            engine
                .getManagementService()
                .createJobQuery()
                .jobId(job.getId())
                .singleResult()
                .getRetries())
        .isZero();
    Incident incident =
        engine
            .getRuntimeService()
            .createIncidentQuery()
            .processInstanceId(instance.getId())
            .singleResult();
    assertThat(incident.getActivityId()).isEqualTo("task");
    assertThat(incident.getIncidentMessage())
        .contains(
            "Entra ID task 'Get user' (operation getUser, connection default)",
            "uncaught BPMN error " + NOT_FOUND + ": nothing in the model catches it",
            "Fix: correct the input and retry",
            "Cause: User '" + ghost + "' does not exist");
    assertThat(passed(instance, "done")).isFalse();
  }

  @Test
  void uncaughtInASynchronousTaskFailsTheCallersCommandAndNothingIsStored() {
    deploy(
        getUser(
                Bpmn.createExecutableProcess("uncaught-sync")
                    .camundaHistoryTimeToLive(1)
                    .startEvent(),
                false)
            .endEvent("done")
            .done());
    assertThatThrownBy(() -> start("uncaught-sync", "default"))
        .isInstanceOf(EntraIdTaskFailure.class)
        .hasMessageContaining("uncaught BPMN error " + NOT_FOUND)
        .hasMessageContaining("Cause: User '" + ghost + "' does not exist");
    assertThat(
            engine
                .getHistoryService()
                .createHistoricProcessInstanceQuery()
                .processDefinitionKey("uncaught-sync")
                .count())
        .isZero();
  }

  @Test
  void boundaryEventForAnotherCodeDoesNotCountAsCatching() {
    deploy(
        getUser(
                Bpmn.createExecutableProcess("other-code").camundaHistoryTimeToLive(1).startEvent(),
                true)
            .endEvent("done")
            .moveToActivity("task")
            .boundaryEvent("caught")
            .error("ENTRA_ALREADY_EXISTS")
            .endEvent("handled")
            .done());
    ProcessInstance instance = start("other-code", "default");
    Job job = job(instance);
    assertThatThrownBy(() -> engine.getManagementService().executeJob(job.getId()))
        .isInstanceOf(EntraIdTaskFailure.class);
    assertThat(
            engine
                .getRuntimeService()
                .createIncidentQuery()
                .processInstanceId(instance.getId())
                .count())
        .isOne();
  }

  @Test
  void callActivityWithoutCatcherAboveIsAnIncidentInTheChild() {
    BpmnModelInstance child =
        getUser(
                Bpmn.createExecutableProcess("lonely-child")
                    .camundaHistoryTimeToLive(1)
                    .startEvent(),
                true)
            .endEvent()
            .done();
    BpmnModelInstance parent =
        Bpmn.createExecutableProcess("lonely-parent")
            .camundaHistoryTimeToLive(1)
            .startEvent()
            .callActivity("call")
            .calledElement("lonely-child")
            .camundaIn("user", "user")
            .camundaIn("connectionName", "connectionName")
            .endEvent("done")
            .done();
    deploy(child, parent);
    ProcessInstance instance = start("lonely-parent", "default");
    Job job =
        engine
            .getManagementService()
            .createJobQuery()
            .processDefinitionKey("lonely-child")
            .singleResult();
    assertThatThrownBy(() -> engine.getManagementService().executeJob(job.getId()))
        .isInstanceOf(EntraIdTaskFailure.class);
    assertThat(
            engine
                .getRuntimeService()
                .createIncidentQuery()
                .processDefinitionKeyIn("lonely-child")
                .count())
        .isOne();
    assertThat(passed(instance, "done")).isFalse();
  }

  @Test
  void connectionSetToEndKeepsCamundasSilentEnd() {
    deploy(
        getUser(
                Bpmn.createExecutableProcess("lenient").camundaHistoryTimeToLive(1).startEvent(),
                true)
            .endEvent("done")
            .done());
    ProcessInstance instance = start("lenient", "lenient");
    executeJob(instance);
    assertThat(
            engine
                .getHistoryService()
                .createHistoricProcessInstanceQuery()
                .processInstanceId(instance.getId())
                .singleResult()
                .getEndTime())
        .isNotNull();
    assertThat(
            engine
                .getRuntimeService()
                .createIncidentQuery()
                .processInstanceId(instance.getId())
                .count())
        .isZero();
    assertThat(passed(instance, "done")).isFalse();
  }

  @Test
  void badSettingIsRefusedNamingTheChoices() {
    EntraIdProcessEnginePlugin plugin = new EntraIdProcessEnginePlugin();
    assertThatThrownBy(() -> plugin.setUncaughtErrors("ignore"))
        .hasMessageContaining("'uncaughtErrors' is 'ignore'")
        .hasMessageContaining("'incident'")
        .hasMessageContaining("'end'");
  }

  static Job job(ProcessInstance instance) {
    return engine
        .getManagementService()
        .createJobQuery()
        .processInstanceId(instance.getId())
        .singleResult();
  }

  static void executeJob(ProcessInstance instance) {
    engine.getManagementService().executeJob(job(instance).getId());
  }
}
