package io.entraid.connector.camunda.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entraid.connector.camunda.EntraIdProcessEnginePlugin;
import io.entraid.connector.camunda.TestEngines;
import io.entraid.connector.camunda.trigger.Triggers;
import io.entraid.connector.core.trigger.InvalidTriggerException;
import io.entraid.emulator.AppRegistration;
import io.entraid.emulator.EntraEmulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngines;
import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.persistence.StrongUuidGenerator;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.JobQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Triggers that read a stored connection (created on the page, not in configuration), in real
 * engines on one H2 database against the emulator: node A administers the connections, node B runs
 * the trigger. The start-up check accepts a stored connection and still refuses one that exists
 * nowhere; a poll whose connection was deleted fails with the trigger, the connection and the fix,
 * and runs again by itself once the connection is created again; a rotated secret is used by the
 * next poll.
 */
class TriggersOnStoredConnectionsTest {
  EntraEmulator emulator;
  AppRegistration app;
  String key;
  String url;
  EntraIdProcessEnginePlugin pluginA;
  final List<ProcessEngine> engines = new ArrayList<>();

  @BeforeEach
  void start() {
    emulator = EntraEmulator.builder().users(5).groups(2).seed(19L).start();
    // users/delta: User.Read.All (learn.microsoft.com/graph/api/user-delta, Permissions)
    app = emulator.registerApp("hr-feed", Set.of("User.Read.All"));
    key = ConnectionStoreTest.newKey();
    url = "jdbc:h2:mem:triggers-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    pluginA = ConnectionStoreTest.plugin(emulator, key);
    engines.add(TestEngines.start(pluginA, c -> onSharedDatabase(c, "a-" + url, true)));
    pluginA.getConnectionAdmin().create(body("hr"), "alice");
  }

  @AfterEach
  void stop() {
    // the last first: node A's in-memory schema is dropped when it closes
    java.util.Collections.reverse(engines);
    engines.forEach(ProcessEngine::close);
    emulator.close();
  }

  private void onSharedDatabase(
      StandaloneInMemProcessEngineConfiguration c, String name, boolean first) {
    c.setProcessEngineName(name); // ProcessEngines knows engines by name
    c.setJdbcUrl(url);
    c.setIdGenerator(new StrongUuidGenerator());
    if (!first) c.setDatabaseSchemaUpdate("false");
  }

  private com.fasterxml.jackson.databind.node.ObjectNode body(String name) {
    return ConnectionStoreTest.body(emulator, app, name, app.secret().value());
  }

  /** Node B: the store, and the trigger "joiners" on the given connection. */
  private EntraIdProcessEnginePlugin nodeWithTrigger(String connection) {
    EntraIdProcessEnginePlugin plugin = ConnectionStoreTest.plugin(emulator, key);
    plugin.setTriggers(
        Map.of("joiners", Map.of("connection", connection, "events", "userCreated")));
    return plugin;
  }

  private ProcessEngine startB(EntraIdProcessEnginePlugin plugin, String name) {
    ProcessEngine b = TestEngines.start(plugin, c -> onSharedDatabase(c, name, false));
    engines.add(b);
    return b;
  }

  @Test
  void aTriggerMayNameAStoredConnectionButNotOneThatExistsNowhere() {
    EntraIdProcessEnginePlugin b = nodeWithTrigger("hr");
    startB(b, "b");
    assertThat(b.getTriggers().get("joiners").orElseThrow().connection()).isEqualTo("hr");

    EntraIdProcessEnginePlugin typo = nodeWithTrigger("hrr");
    assertThatThrownBy(() -> startB(typo, "typo"))
        .isInstanceOf(InvalidTriggerException.class)
        .hasMessageContaining("Trigger 'joiners' is not usable")
        .hasMessageContaining("connection: no connection is named 'hrr'")
        .hasMessageContaining("Fix: name one of [default, hr] (did you mean 'hr'?)");
    assertThat(ProcessEngines.getProcessEngines())
        .as("the refused engine is closed again")
        .doesNotContainKey("typo")
        .containsKey("b");

    EntraIdProcessEnginePlugin noStore = TestEngines.plugin(emulator);
    noStore.setTriggers(Map.of("joiners", Map.of("connection", "hr", "events", "userCreated")));
    assertThatThrownBy(() -> startB(noStore, "no-store"))
        .as("without a store key the stored connection does not exist for this node")
        .isInstanceOf(InvalidTriggerException.class)
        .hasMessageContaining(
            "connection: no connection is named 'hr'. Fix: name one of [default]");
  }

  @Test
  void aDeletedConnectionFailsThePollIntoAnIncidentThatResolvesItselfWhenItIsCreatedAgain() {
    EntraIdProcessEnginePlugin pluginB = nodeWithTrigger("hr");
    ProcessEngine b = startB(pluginB, "b");
    ManagementService management = b.getManagementService();
    management.executeJob(pollJob(b).getId()); // the baseline

    pluginA.getConnectionAdmin().delete("hr", false, "alice");
    pluginB.getConnectionReloader().reload(); // else within its poll interval
    String job = pollJob(b).getId();
    for (int attempt = 0; attempt < 3; attempt++)
      assertThatThrownBy(() -> management.executeJob(job))
          .hasMessageContaining("Entra ID trigger 'joiners' cannot poll: its connection 'hr'")
          .hasMessageContaining("exists neither in configuration nor in the connection store")
          .hasMessageContaining("Fix: create or repair the connection 'hr'");
    List<Incident> incidents =
        b.getRuntimeService().createIncidentQuery().configuration(job).list();
    assertThat(incidents).hasSize(1);
    assertThat(incidents.get(0).getIncidentMessage())
        .startsWith("Entra ID trigger 'joiners' cannot poll: its connection 'hr'");
    assertThat(pluginB.getTriggers().status("joiners").lastError())
        .startsWith("Entra ID trigger 'joiners' cannot poll");

    emulator.directory().createUser("joiner@" + emulator.tenantDomain(), "Joiner");
    pluginA.getConnectionAdmin().create(body("hr"), "alice");
    int tokens = emulator.tokenRequestCount(app.clientId());
    pluginB.getConnectionReloader().reload();
    assertThat(b.getRuntimeService().createIncidentQuery().configuration(job).count())
        .as("the incident is resolved once the connection exists again")
        .isZero();
    assertThat(management.createJobQuery().jobId(job).singleResult().getRetries()).isEqualTo(1);

    management.executeJob(job);
    assertThat(emulator.tokenRequestCount(app.clientId()))
        .as("the new connection got its own token")
        .isEqualTo(tokens + 1);
    assertThat(deliveries(b).count())
        .as("the feed continues from its position: the user created meanwhile is delivered")
        .isEqualTo(1);
  }

  @Test
  void aSecretRotatedOnThePageIsUsedByTheNextPoll() {
    EntraIdProcessEnginePlugin pluginB = nodeWithTrigger("hr");
    ProcessEngine b = startB(pluginB, "b");
    ManagementService management = b.getManagementService();
    management.executeJob(pollJob(b).getId()); // the baseline, with the first secret

    AppRegistration.Secret old = app.secret();
    AppRegistration.Secret rotated = app.addSecret(Instant.now().plus(Duration.ofDays(90)));
    pluginA
        .getConnectionAdmin()
        .rotate(
            "hr",
            ConnectionStoreTest.JSON.createObjectNode().put("ClientSecret", rotated.value()),
            "alice");
    assertThat(app.removeSecret(old.id())).isTrue(); // the old secret no longer works
    int tokens = emulator.tokenRequestCount(app.clientId());
    pluginB.getConnectionReloader().reload();
    emulator.directory().createUser("rotation@" + emulator.tenantDomain(), "Rotation");

    management.executeJob(pollJob(b).getId());
    assertThat(emulator.tokenRequestCount(app.clientId()))
        .as("one token, with the rotated secret (the old one is revoked)")
        .isEqualTo(tokens + 1);
    assertThat(deliveries(b).count()).isEqualTo(1);
  }

  private static Job pollJob(ProcessEngine engine) {
    return engine.getManagementService().createJobQuery().list().stream()
        .filter(
            j ->
                Triggers.POLL_JOB.equals(
                    ((org.camunda.bpm.engine.impl.persistence.entity.JobEntity) j)
                        .getJobHandlerType()))
        .findFirst()
        .orElseThrow();
  }

  private static JobQuery deliveries(ProcessEngine engine) {
    return engine.getManagementService().createJobQuery().messages();
  }
}
