package io.entraid.connector.camunda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entraid.emulator.EntraEmulator;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A create whose answer was lost (emulator fault applyThenFail: Graph created the group, then the
 * gateway answered 504) is not retried by the job executor, which would create a second group: the
 * job fails at once into an incident that says the group may exist and what to check.
 */
class OutcomeUnknownIncidentTest {
  static EntraEmulator emulator;
  static ProcessEngine engine;

  @BeforeAll
  static void start() {
    emulator = EntraEmulator.builder().users(3).groups(1).seed(9L).start();
    engine = TestEngines.start(TestEngines.plugin(emulator));
    engine
        .getRepositoryService()
        .createDeployment()
        .addModelInstance(
            "create-group.bpmn",
            Bpmn.createExecutableProcess("create-group")
                .camundaHistoryTimeToLive(1)
                .startEvent()
                .serviceTask("create")
                .name("Create group")
                .camundaAsyncBefore()
                .camundaDelegateExpression("${entraId}")
                .camundaInputParameter("operation", "createGroup")
                .camundaInputParameter("displayName", "Lost answer group")
                .camundaInputParameter("mailNickname", "lostanswer")
                .userTask("done")
                .endEvent()
                .done())
        .deploy();
  }

  @AfterAll
  static void stop() {
    engine.close();
    emulator.close();
  }

  @Test
  void aLostCreateAnswerIsAnIncidentAtOnceNotARetry() {
    emulator.faults().applyThenFail(1, 504, "POST", "/v1.0/groups");
    String instance = engine.getRuntimeService().startProcessInstanceByKey("create-group").getId();
    Job job =
        engine.getManagementService().createJobQuery().processInstanceId(instance).singleResult();
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
        engine.getRuntimeService().createIncidentQuery().processInstanceId(instance).singleResult();
    assertThat(incident.getIncidentMessage()).contains("may have been created", "'lostanswer'");
    assertThat(emulator.directory().groups())
        .filteredOn(g -> "lostanswer".equals(g.mailNickname()))
        .hasSize(1);
    assertThat(emulator.requests())
        .filteredOn(r -> r.method().equals("POST") && r.path().equals("/v1.0/groups"))
        .hasSize(1);
  }
}
