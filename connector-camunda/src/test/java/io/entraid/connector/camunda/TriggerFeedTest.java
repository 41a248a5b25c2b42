package io.entraid.connector.camunda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.entraid.connector.camunda.trigger.Triggers;
import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.graph.GraphPath;
import io.entraid.connector.core.graph.GraphRequest;
import io.entraid.connector.core.trigger.EventKind;
import io.entraid.emulator.EntraEmulator;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricJobLog;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Directory change triggers in a real engine (H2, no job executor: each poll is the test executing
 * the trigger's poll job, then the delivery jobs it created) against the emulator, every change
 * made through Graph.
 */
class TriggerFeedTest {
  private static final AtomicInteger NAMES = new AtomicInteger();
  EntraEmulator emulator;
  ProcessEngine engine;
  EntraIdProcessEnginePlugin plugin;
  RuntimeService runtime;
  ManagementService management;
  EntraConnection graph;
  final java.util.Set<String> checked = new java.util.HashSet<>();

  @BeforeEach
  void start() {
    emulator = EntraEmulator.builder().users(20).groups(4).seed(18L).start();
    plugin = TestEngines.plugin(emulator);
    Map<String, String> all = new LinkedHashMap<>();
    all.put("events", String.join(",", EventKind.ids()));
    plugin.setTriggers(Map.of("all", all));
    engine = TestEngines.start(plugin);
    runtime = engine.getRuntimeService();
    management = engine.getManagementService();
    graph = plugin.getConnectionRegistry().get("default");
    for (EventKind kind : EventKind.values()) deployStartProcess(kind);
  }

  @AfterEach
  void stop() {
    engine.close();
    emulator.close();
  }

  /** A process per event kind: message start entraid.<kind>, then a user task that keeps it. */
  void deployStartProcess(EventKind kind) {
    engine
        .getRepositoryService()
        .createDeployment()
        .addModelInstance(
            kind + ".bpmn",
            Bpmn.createExecutableProcess("on-" + kind)
                .camundaHistoryTimeToLive(1)
                .startEvent()
                .message(kind.defaultMessage())
                .userTask("seen")
                .endEvent()
                .done())
        .deploy();
  }

  // ---------------------------------------------------------------------------------------------

  @Test
  void aNewFeedRecordsABaselineAndDeliversNothingThenAnIdlePollCostsOneRequestPerDeltaQuery() {
    poll();
    assertThat(runtime.createProcessInstanceQuery().count()).isZero();
    assertThat(deliveryJobs()).isEmpty();

    emulator.clearRequests();
    poll();
    assertThat(emulator.requests())
        .filteredOn(r -> r.path().contains("/delta"))
        .hasSize(2); // users and groups
    assertThat(emulator.requests()).filteredOn(r -> r.path().startsWith("/v1.0")).hasSize(2);
    assertThat(runtime.createProcessInstanceQuery().count()).isZero();
  }

  /**
   * Poll and delivery jobs belong to no process instance, so the engine gives their job log no
   * removal time; the plugin does (P7D by default), or the history cleanup would never remove it.
   */
  @Test
  void theJobLogOfPollsAndDeliveriesGetsARemovalTimeAndHistoryCleanupRemovesIt() {
    poll();
    createUsers(1);
    poll();
    List<HistoricJobLog> logs = triggerJobLogs();
    assertThat(logs)
        .extracting(HistoricJobLog::getJobDefinitionType)
        .contains(Triggers.POLL_JOB, Triggers.DELIVERY_JOB);
    assertThat(logs)
        .allSatisfy(
            log ->
                assertThat(log.getRemovalTime())
                    .isEqualTo(Date.from(log.getTimestamp().toInstant().plus(Duration.ofDays(7)))));

    ClockUtil.setCurrentTime(Date.from(Instant.now().plus(Duration.ofDays(8))));
    try {
      String cleanup = engine.getHistoryService().cleanUpHistoryAsync(true).getId();
      management.executeJob(cleanup);
    } finally {
      ClockUtil.reset();
    }
    assertThat(triggerJobLogs()).isEmpty();
  }

  List<HistoricJobLog> triggerJobLogs() {
    return engine.getHistoryService().createHistoricJobLogQuery().list().stream()
        .filter(
            log ->
                List.of(Triggers.POLL_JOB, Triggers.DELIVERY_JOB)
                    .contains(log.getJobDefinitionType()))
        .toList();
  }

  @Test
  void everyEventKindMadeThroughGraphStartsItsProcessWithinOnePoll() {
    poll(); // baseline
    String manager =
        graph
            .graph()
            .send(GraphRequest.get(GraphPath.of("users")).withQuery("$top", "1"))
            .body()
            .path("value")
            .get(0)
            .path("id")
            .asText();

    String upn = "joiner" + NAMES.incrementAndGet() + "@" + emulator.tenantDomain();
    String id =
        send(GraphRequest.post(
                GraphPath.of("users"),
                Map.of(
                    "accountEnabled",
                    true,
                    "displayName",
                    "Jo Iner",
                    "mailNickname",
                    "joiner",
                    "userPrincipalName",
                    upn,
                    "department",
                    "Sales",
                    "passwordProfile",
                    Map.of("password", "Xy!" + System.nanoTime()))))
            .path("id")
            .asText();
    poll();
    ProcessInstance created = only(EventKind.USER_CREATED);
    assertThat(created.getBusinessKey()).isEqualTo(upn);
    Map<String, Object> v = runtime.getVariables(created.getId());
    assertThat(v)
        .containsEntry("entraUserId", id)
        .containsEntry("userPrincipalName", upn)
        .containsEntry("displayName", "Jo Iner")
        .containsEntry("department", "Sales")
        .containsEntry("accountEnabled", true)
        .containsEntry("entraEvent", "userCreated")
        .containsEntry("entraTrigger", "all")
        .containsEntry("entraConnection", "default")
        .containsKey("entraEventId");

    send(GraphRequest.patch(GraphPath.of("users").key(id), Map.of("department", "Finance")));
    poll();
    Map<String, Object> updated = runtime.getVariables(only(EventKind.USER_UPDATED).getId());
    assertThat(updated.get("changes"))
        .isEqualTo("{\"department\":{\"old\":\"Sales\",\"new\":\"Finance\"}}");
    assertThat(updated).containsEntry("department", "Finance");

    send(
        GraphRequest.of(
                GraphRequest.Method.PUT, GraphPath.of("users").key(id).segments("manager", "$ref"))
            .withBody(Map.of("@odata.id", graph.settings().graphBaseUri() + "/users/" + manager)));
    poll();
    Map<String, Object> managerChanged =
        runtime.getVariables(only(EventKind.MANAGER_CHANGED).getId());
    assertThat(managerChanged)
        .containsEntry("managerId", manager)
        .containsEntry("changes", "{\"manager\":{\"old\":null,\"new\":\"" + manager + "\"}}");

    send(GraphRequest.patch(GraphPath.of("users").key(id), Map.of("accountEnabled", false)));
    poll();
    assertThat(runtime.getVariables(only(EventKind.USER_DISABLED).getId()))
        .containsEntry("accountEnabled", false);

    send(GraphRequest.patch(GraphPath.of("users").key(id), Map.of("accountEnabled", true)));
    poll();
    only(EventKind.USER_ENABLED);

    send(GraphRequest.delete(GraphPath.of("users").key(id)));
    poll();
    assertThat(runtime.getVariables(only(EventKind.USER_DELETED).getId()))
        .containsEntry("deletion", "soft")
        .containsEntry("userPrincipalName", upn);

    send(
        GraphRequest.post(
            GraphPath.of("directory", "deletedItems").key(id).segments("restore"), null));
    poll();
    only(EventKind.USER_RESTORED);

    String groupId =
        send(GraphRequest.post(
                GraphPath.of("groups"),
                Map.of(
                    "displayName",
                    "Priv-Admins",
                    "mailNickname",
                    "privadmins",
                    "mailEnabled",
                    false,
                    "securityEnabled",
                    true)))
            .path("id")
            .asText();
    poll();
    assertThat(runtime.getVariables(only(EventKind.GROUP_CREATED).getId()))
        .containsEntry("entraGroupId", groupId)
        .containsEntry("group", "Priv-Admins");

    send(
        GraphRequest.post(
            GraphPath.of("groups").key(groupId).segments("members", "$ref"),
            Map.of("@odata.id", graph.settings().graphBaseUri() + "/directoryObjects/" + id)));
    poll();
    ProcessInstance added = only(EventKind.GROUP_MEMBER_ADDED);
    assertThat(added.getBusinessKey()).isEqualTo(groupId);
    assertThat(runtime.getVariables(added.getId()))
        .containsEntry("entraGroupId", groupId)
        .containsEntry("group", "Priv-Admins")
        .containsEntry("entraUserId", id)
        .containsEntry("userPrincipalName", upn);

    send(GraphRequest.delete(GraphPath.of("groups").key(groupId).segments("members", id, "$ref")));
    poll();
    only(EventKind.GROUP_MEMBER_REMOVED);

    send(GraphRequest.delete(GraphPath.of("groups").key(groupId)));
    poll();
    assertThat(runtime.getVariables(only(EventKind.GROUP_DELETED).getId()))
        .containsEntry("group", "Priv-Admins");

    // userUpdated also came for accountEnabled and manager (both watched by default): 1 + 1 + 2
    assertThat(instances(EventKind.USER_UPDATED)).hasSize(4);
    poll();
    assertThat(deliveryJobs()).isEmpty();
  }

  @Test
  void anInstanceWaitingForTheMessageIsReachedByEntraUserIdInsteadOfStartingOne() {
    poll();
    String userId = anyUserId();
    engine
        .getRepositoryService()
        .createDeployment()
        .addModelInstance(
            "waiting.bpmn",
            Bpmn.createExecutableProcess("waiting")
                .camundaHistoryTimeToLive(1)
                .startEvent()
                .intermediateCatchEvent("disabled")
                .message("entraid.userDisabled")
                .userTask("after")
                .endEvent()
                .done())
        .deploy();
    ProcessInstance waiting =
        runtime.startProcessInstanceByKey("waiting", Map.of("entraUserId", userId));
    String other = runtime.startProcessInstanceByKey("waiting", Map.of("entraUserId", "x")).getId();

    send(GraphRequest.patch(GraphPath.of("users").key(userId), Map.of("accountEnabled", false)));
    poll();

    assertThat(engine.getTaskService().createTaskQuery().processInstanceId(waiting.getId()).count())
        .isOne();
    assertThat(runtime.getVariable(waiting.getId(), "entraEvent")).isEqualTo("userDisabled");
    assertThat(engine.getTaskService().createTaskQuery().processInstanceId(other).count()).isZero();
    assertThat(instances(EventKind.USER_DISABLED))
        .as(
            "reached, not started: %s",
            instances(EventKind.USER_DISABLED).stream()
                .map(i -> runtime.getVariables(i.getId()))
                .toList())
        .isEmpty();
  }

  @Test
  void hundredChangesInOnePollStartExactlyHundredInstances() {
    poll();
    createUsers(100);
    poll();
    List<ProcessInstance> started = instances(EventKind.USER_CREATED);
    assertThat(started).hasSize(100);
    assertThat(started.stream().map(ProcessInstance::getBusinessKey).distinct()).hasSize(100);
    poll();
    assertThat(instances(EventKind.USER_CREATED)).hasSize(100);
  }

  /**
   * The page's transaction fails when it commits (the database refuses the 50th delivery job), as
   * when the node dies between reading Graph and committing; the next poll reads the page again.
   */
  @Test
  void aCrashBetweenTheGraphReadAndTheCommitThenARerunLeavesExactlyOneInstancePerChange()
      throws SQLException {
    poll();
    createUsers(100);
    FailingInsert.remaining.set(49);
    sql(
        "CREATE TRIGGER FAIL_JOBS BEFORE INSERT ON ACT_RU_JOB FOR EACH ROW CALL \""
            + FailingInsert.class.getName()
            + "\"");
    Job pollJob = pollJob();
    assertThatThrownBy(() -> management.executeJob(pollJob.getId()))
        .hasStackTraceContaining("the database failed");
    sql("DROP TRIGGER FAIL_JOBS");
    assertThat(deliveryJobs()).isEmpty();

    poll();
    assertThat(instances(EventKind.USER_CREATED)).hasSize(100);
    assertThat(
            instances(EventKind.USER_CREATED).stream()
                .map(ProcessInstance::getBusinessKey)
                .distinct())
        .hasSize(100);
  }

  @Test
  void anExpiredDeltaLinkRecordsANewBaselineAndLogsTheChangesItDoesNotDeliver() {
    poll();
    String userId = anyUserId();
    send(GraphRequest.patch(GraphPath.of("users").key(userId), Map.of("department", "Dept-18")));
    emulator.faults().expireDeltaTokens();
    try (CapturedLogs logs = new CapturedLogs()) {
      poll();
      List<String> lines = logs.events().stream().map(CapturedLogs::text).toList();
      assertThat(lines).anyMatch(l -> l.startsWith("ENTRAID-04001 Trigger 'all'"));
      assertThat(lines)
          .anyMatch(
              l ->
                  l.startsWith("ENTRAID-04002 Trigger 'all'")
                      && l.contains("userUpdated " + userId));
    }
    assertThat(runtime.createProcessInstanceQuery().count()).isZero();

    send(GraphRequest.patch(GraphPath.of("users").key(userId), Map.of("department", "Dept-19")));
    poll();
    assertThat(instances(EventKind.USER_UPDATED)).hasSize(1);
  }

  @Test
  void aDeliveryThatFailsEndsAsAnIncidentThatCarriesTheEvent() {
    poll();
    engine
        .getRepositoryService()
        .createDeployment()
        .addModelInstance(
            "failing.bpmn",
            Bpmn.createExecutableProcess("on-" + EventKind.USER_UPDATED)
                .camundaHistoryTimeToLive(1)
                .startEvent()
                .message(EventKind.USER_UPDATED.defaultMessage())
                .serviceTask("broken")
                .camundaExpression("${noSuchBean.call()}")
                .endEvent()
                .done())
        .deploy();
    String userId = anyUserId();
    send(GraphRequest.patch(GraphPath.of("users").key(userId), Map.of("jobTitle", "Title-19")));
    management.executeJob(pollJob().getId());
    Job delivery = deliveryJobs().get(0);
    for (int attempt = 0; attempt < 3; attempt++)
      assertThatThrownBy(() -> management.executeJob(delivery.getId()))
          .hasMessageContaining("could not deliver userUpdated of " + userId);
    var incident = runtime.createIncidentQuery().configuration(delivery.getId()).list();
    assertThat(incident).hasSize(1);
    assertThat(incident.get(0).getIncidentMessage())
        .startsWith("Entra ID trigger 'all' could not deliver userUpdated of " + userId)
        .contains("Cannot resolve identifier 'noSuchBean'");
    // the incident message is cut to Camunda's limit; the stack trace has the whole event
    assertThat(management.getJobExceptionStacktrace(delivery.getId()))
        .contains("\"changes\":\"{\\\"jobTitle\\\":{\\\"old\\\":");
    assertThat(instances(EventKind.USER_UPDATED)).isEmpty();
  }

  @Test
  void anEventNoProcessWantsIsCountedAndLogged() {
    poll();
    engine
        .getRepositoryService()
        .createDeploymentQuery()
        .list()
        .forEach(d -> engine.getRepositoryService().deleteDeployment(d.getId(), true));
    String userId = anyUserId();
    send(GraphRequest.patch(GraphPath.of("users").key(userId), Map.of("jobTitle", "Title-18")));
    try (CapturedLogs logs = new CapturedLogs()) {
      poll();
      assertThat(logs.events().stream().map(CapturedLogs::text))
          .anyMatch(
              l -> l.contains("no process waits for or starts with message 'entraid.userUpdated'"));
    }
    assertThat(plugin.getTriggers().status("all").unsubscribedCount()).isOne();
  }

  // ---------------------------------------------------------------------------------------------

  /** Lets {@link #remaining} inserts through, then fails every one (an H2 trigger). */
  public static final class FailingInsert implements org.h2.api.Trigger {
    static final AtomicInteger remaining = new AtomicInteger();

    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
      if (remaining.getAndDecrement() <= 0) throw new SQLException("the database failed");
    }
  }

  void sql(String statement) throws SQLException {
    try (Connection c =
            ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
                .getDataSource()
                .getConnection();
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  JsonNode send(GraphRequest request) {
    return graph.graph().send(request).body();
  }

  String anyUserId() {
    return send(GraphRequest.get(GraphPath.of("users")).withQuery("$top", "1"))
        .path("value")
        .get(0)
        .path("id")
        .asText();
  }

  void createUsers(int count) {
    for (int i = 0; i < count; i++) {
      int n = NAMES.incrementAndGet();
      send(
          GraphRequest.post(
              GraphPath.of("users"),
              Map.of(
                  "accountEnabled", true,
                  "displayName", "New Hire " + n,
                  "mailNickname", "hire" + n,
                  "userPrincipalName", "hire" + n + "@" + emulator.tenantDomain(),
                  "passwordProfile", Map.of("password", "Xy!" + System.nanoTime()))));
    }
  }

  Job pollJob() {
    return management.createJobQuery().list().stream()
        .filter(j -> Triggers.POLL_JOB.equals(((JobEntity) j).getJobHandlerType()))
        .findFirst()
        .orElseThrow();
  }

  List<Job> deliveryJobs() {
    return management.createJobQuery().list().stream()
        .filter(j -> Triggers.DELIVERY_JOB.equals(((JobEntity) j).getJobHandlerType()))
        .toList();
  }

  /** One poll as the job executor would run it: the poll job, then the deliveries it created. */
  void poll() {
    management.executeJob(pollJob().getId());
    for (Job job : deliveryJobs()) management.executeJob(job.getId());
  }

  List<ProcessInstance> instances(EventKind kind) {
    return runtime.createProcessInstanceQuery().processDefinitionKey("on-" + kind).list();
  }

  /** The one instance an event kind started since the last call; fails if there is none or more. */
  ProcessInstance only(EventKind kind) {
    List<ProcessInstance> fresh = new ArrayList<>(instances(kind));
    fresh.removeIf(i -> !checked.add(i.getId()));
    assertThat(fresh).as("new instances started by %s", kind).hasSize(1);
    return fresh.get(0);
  }
}
