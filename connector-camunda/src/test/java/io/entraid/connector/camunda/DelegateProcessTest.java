package io.entraid.connector.camunda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import io.entraid.emulator.EntraEmulator;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.camunda.spin.json.SpinJsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The delegate in a real Camunda engine (H2, no Spring), wired by the process engine plugin,
 * against the emulator: results as variables a gateway reads, BPMN errors, incidents.
 */
class DelegateProcessTest {
  static EntraEmulator emulator;
  static ProcessEngine engine;

  @RegisterExtension
  ProcessEngineExtension extension =
      ProcessEngineExtension.builder().useProcessEngine(engine()).build();

  @BeforeAll
  static void start() {
    engine();
  }

  static synchronized ProcessEngine engine() {
    if (engine != null) return engine;
    emulator = EntraEmulator.builder().users(10).groups(5).seed(5L).start();
    engine = TestEngines.start(TestEngines.plugin(emulator));
    engine
        .getRepositoryService()
        .createDeployment()
        .addClasspathResource("bpmn/membership-gateway.bpmn")
        .addClasspathResource("bpmn/get-user-async.bpmn")
        .deploy();
    return engine;
  }

  @AfterAll
  static void stop() {
    engine.close();
    emulator.close();
  }

  @BeforeEach
  void clean() {
    emulator.clearRequests();
  }

  static String member() {
    var group = emulator.directory().groups().get(0);
    return emulator.directory().memberIds(group.id()).stream()
        .filter(id -> emulator.directory().user(id).isPresent())
        .findFirst()
        .orElseGet(
            () -> {
              String id = emulator.directory().users().get(0).id();
              emulator.directory().addMember(group.id(), id);
              return id;
            });
  }

  @Test
  void gatewayReadsTheBooleanResult() {
    var group = emulator.directory().groups().get(0);
    ProcessInstance instance =
        engine
            .getRuntimeService()
            .startProcessInstanceByKey(
                "membership-gateway",
                Map.of("user", member(), "groups", List.of(group.displayName())));
    assertThat(instance).isEnded().hasPassed("member");
    HistoricVariableInstance isMember =
        engine
            .getHistoryService()
            .createHistoricVariableInstanceQuery()
            .processInstanceId(instance.getId())
            .variableName("isMember")
            .singleResult();
    assertThat(isMember.getTypedValue().getType().getName()).isEqualTo("boolean");
    assertThat(isMember.getValue()).isEqualTo(true);
    HistoricVariableInstance matched =
        engine
            .getHistoryService()
            .createHistoricVariableInstanceQuery()
            .processInstanceId(instance.getId())
            .variableName("matched")
            .singleResult();
    assertThat(matched.getTypeName()).isEqualTo("json");
    assertThat(matched.getValue().toString()).isEqualTo("[\"" + group.displayName() + "\"]");
  }

  @Test
  void unknownUserIsABpmnErrorCaughtByTheBoundaryEvent() {
    String ghost = "ghost@" + emulator.tenantDomain();
    ProcessInstance instance =
        engine
            .getRuntimeService()
            .startProcessInstanceByKey(
                "membership-gateway",
                Map.of("user", ghost, "groups", emulator.directory().groups().get(0).id()));
    assertThat(instance).isEnded().hasPassed("noSuchUser").hasNotPassed("member", "notMember");
    Object message =
        engine
            .getHistoryService()
            .createHistoricVariableInstanceQuery()
            .processInstanceId(instance.getId())
            .variableName("errorMessage")
            .singleResult()
            .getValue();
    assertThat(message.toString()).startsWith("User '" + ghost + "' does not exist");
  }

  @Test
  void objectResultIsAJsonVariableEvenWhenNamedLikeAnInput() {
    var someone = emulator.directory().users().get(2);
    ProcessInstance instance =
        engine
            .getRuntimeService()
            .startProcessInstanceByKey(
                "get-user-async",
                Map.of("user", someone.userPrincipalName(), "connectionName", "default"));
    Job job =
        engine
            .getManagementService()
            .createJobQuery()
            .processInstanceId(instance.getId())
            .singleResult();
    engine.getManagementService().executeJob(job.getId());
    assertThat(instance).isWaitingAt("done");
    TypedValue user = engine.getRuntimeService().getVariableTyped(instance.getId(), "user");
    assertThat(user.getType().getName()).isEqualTo("json");
    SpinJsonNode json = (SpinJsonNode) user.getValue();
    assertThat(json.prop("id").stringValue()).isEqualTo(someone.id());
    assertThat(json.prop("userPrincipalName").stringValue()).isEqualTo(someone.userPrincipalName());
  }

  @Test
  void unknownConnectionRaisesAnIncidentAtOnceNamingTheConfiguredConnections() {
    ProcessInstance instance =
        engine
            .getRuntimeService()
            .startProcessInstanceByKey(
                "get-user-async",
                Map.of("user", "x@" + emulator.tenantDomain(), "connectionName", "finance"));
    Job job =
        engine
            .getManagementService()
            .createJobQuery()
            .processInstanceId(instance.getId())
            .singleResult();
    assertThatThrownBy(() -> engine.getManagementService().executeJob(job.getId()))
        .isInstanceOfSatisfying(EntraIdTaskFailure.class, e -> assertThat(e.retryable()).isFalse());
    Job failed = engine.getManagementService().createJobQuery().jobId(job.getId()).singleResult();
    assertThat(failed.getRetries()).isZero();
    Incident incident =
        engine
            .getRuntimeService()
            .createIncidentQuery()
            .processInstanceId(instance.getId())
            .singleResult();
    assertThat(incident.getIncidentType()).isEqualTo(Incident.FAILED_JOB_HANDLER_TYPE);
    assertThat(incident.getIncidentMessage())
        .contains(
            "Entra ID task 'Get user' (operation getUser, connection finance)",
            "No EntraID connection named 'finance'. Configured connections: default.");
    assertThat(emulator.requests()).isEmpty();
  }

  @Test
  void transientFailureFollowsTheTasksRetryCycleInput() {
    emulator.faults().failNext(20, 503, "/v1.0/users");
    try {
      ProcessInstance instance =
          engine
              .getRuntimeService()
              .startProcessInstanceByKey(
                  "get-user-async",
                  Map.of(
                      "user",
                      emulator.directory().users().get(3).id(),
                      "connectionName",
                      "default"));
      Job job =
          engine
              .getManagementService()
              .createJobQuery()
              .processInstanceId(instance.getId())
              .singleResult();
      assertThatThrownBy(() -> engine.getManagementService().executeJob(job.getId()))
          .isInstanceOfSatisfying(
              EntraIdTaskFailure.class, e -> assertThat(e.retryable()).isTrue());
      Job failed = engine.getManagementService().createJobQuery().jobId(job.getId()).singleResult();
      // retryCycle R2/PT10S wins over the BPMN's own R3/PT5M: two tries in all, one left.
      assertThat(failed.getRetries()).isEqualTo(1);
      assertThat(failed.getDuedate())
          .isAfter(new java.util.Date(System.currentTimeMillis() + 5_000));
      assertThat(
              engine
                  .getRuntimeService()
                  .createIncidentQuery()
                  .processInstanceId(instance.getId())
                  .count())
          .isZero();
      assertThat(failed.getExceptionMessage()).contains("Graph answered 503");
    } finally {
      emulator.faults().reset();
    }
  }
}
