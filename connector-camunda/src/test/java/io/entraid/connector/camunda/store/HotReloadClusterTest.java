package io.entraid.connector.camunda.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.entraid.connector.camunda.EntraIdProcessEnginePlugin;
import io.entraid.connector.camunda.TestEngines;
import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.emulator.AppRegistration;
import io.entraid.emulator.EntraEmulator;
import io.entraid.emulator.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.persistence.StrongUuidGenerator;
import org.junit.jupiter.api.Test;

/**
 * Hot reload across a cluster: two engines (node A and node B) on one H2 database, each polling the
 * store every 100 ms. A secret is rotated on node A while 50 tasks run on both nodes: none fails,
 * node B switches within its poll interval without a restart, and once the old secret is removed
 * from the app registration every node gets its tokens with the new one.
 */
class HotReloadClusterTest {

  @Test
  void aRotationDuringFiftyRunningTasksFailsNoneAndEveryNodeUsesTheNewSecret() throws Exception {
    try (EntraEmulator emulator = EntraEmulator.builder().users(5).groups(3).seed(3L).start()) {
      AppRegistration app = emulator.registerApp("rotating", Set.of("User.Read.All"));
      String key = ConnectionStoreTest.newKey();
      String url = "jdbc:h2:mem:cluster-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
      EntraIdProcessEnginePlugin pluginA = ConnectionStoreTest.plugin(emulator, key);
      // UUIDs as in Camunda's Spring Boot starter: the default id blocks of ACT_GE_PROPERTY make
      // two
      // engines that start jobs at the same moment collide on optimistic locking
      ProcessEngine a =
          TestEngines.start(
              pluginA,
              c -> {
                c.setJdbcUrl(url);
                c.setIdGenerator(new StrongUuidGenerator());
              });
      EntraIdProcessEnginePlugin pluginB = ConnectionStoreTest.plugin(emulator, key);
      ProcessEngine b =
          TestEngines.start(
              pluginB,
              c -> {
                c.setJdbcUrl(url);
                c.setDatabaseSchemaUpdate("false");
                c.setIdGenerator(new StrongUuidGenerator());
              });
      ExecutorService workers = Executors.newFixedThreadPool(4);
      try {
        a.getRepositoryService()
            .createDeployment()
            .addClasspathResource("bpmn/get-user-async.bpmn")
            .deploy();
        pluginA
            .getConnectionAdmin()
            .create(ConnectionStoreTest.body(emulator, app, "rot", app.secret().value()), "alice");
        pluginB.getConnectionReloader().reload(); // B learns of it (else within 100 ms)
        ConnectionStoreTest.runGetUser(emulator, a, "rot");
        ConnectionStoreTest.runGetUser(emulator, b, "rot");
        EntraConnection beforeOnB = pluginB.getConnectionRegistry().get("rot");

        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
          String instance =
              a.getRuntimeService()
                  .startProcessInstanceByKey(
                      "get-user-async",
                      Map.of(
                          "user",
                          emulator.directory().users().get(i % 5).id(),
                          "connectionName",
                          "rot"))
                  .getId();
          jobs.add(
              a.getManagementService()
                  .createJobQuery()
                  .processInstanceId(instance)
                  .singleResult()
                  .getId());
        }
        AppRegistration.Secret oldSecret = app.secret();
        AppRegistration.Secret newSecret = app.addSecret(Instant.now().plus(Duration.ofDays(90)));
        CountDownLatch halfDone = new CountDownLatch(25);
        CountDownLatch bSwitched = new CountDownLatch(1);
        pluginB
            .getConnectionReloader()
            .setListener(name -> bSwitched.countDown()); // B's own poller reports the change
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger done = new AtomicInteger();
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
          ProcessEngine node = i % 2 == 0 ? a : b;
          String job = jobs.get(i);
          running.add(
              workers.submit(
                  () -> {
                    try {
                      node.getManagementService().executeJob(job);
                    } catch (RuntimeException e) {
                      failures.add(e.toString());
                    } finally {
                      done.incrementAndGet();
                      halfDone.countDown();
                    }
                  }));
        }
        assertThat(halfDone.await(60, TimeUnit.SECONDS)).isTrue();
        Instant rotated = Instant.now();
        int doneBeforeRotation = done.get();
        pluginA
            .getConnectionAdmin()
            .rotate(
                "rot",
                ConnectionStoreTest.JSON.createObjectNode().put("ClientSecret", newSecret.value()),
                "alice");
        assertThat(bSwitched.await(5, TimeUnit.SECONDS))
            .as("node B used the rotated secret within 5 s, without a restart")
            .isTrue();
        assertThat(app.removeSecret(oldSecret.id())).isTrue(); // the admin revokes the old one
        for (Future<?> f : running) f.get(60, TimeUnit.SECONDS);

        assertThat(doneBeforeRotation)
            .as("tasks were still running at the rotation")
            .isLessThan(50);
        assertThat(failures).as("tasks that failed during the rotation").isEmpty();
        assertThat(a.getManagementService().createJobQuery().count()).isZero();
        assertThat(a.getRuntimeService().createIncidentQuery().count()).isZero();

        EntraConnection afterOnB = pluginB.getConnectionRegistry().get("rot");
        assertThat(afterOnB).isNotSameAs(beforeOnB); // new token and group-name caches
        ConnectionStoreTest.runGetUser(emulator, a, "rot");
        ConnectionStoreTest.runGetUser(emulator, b, "rot");
        List<RecordedRequest> tokensAfter =
            emulator.requests().stream()
                .filter(r -> r.path().endsWith("/oauth2/v2.0/token"))
                .filter(r -> r.receivedAt().isAfter(rotated))
                .toList();
        // each node's rebuilt connection asked for a token with the only secret it has, the new one
        assertThat(tokensAfter.stream().filter(r -> r.status() == 200).count())
            .isGreaterThanOrEqualTo(2);
        assertThat(tokensAfter).noneMatch(r -> r.status() != 200);
      } finally {
        workers.shutdownNow();
        b.close();
        a.close();
      }
    }
  }
}
