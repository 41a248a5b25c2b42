package io.entraid.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.entraid.emulator.AppRegistration;
import io.entraid.emulator.graph.Permissions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes of the packaged app on one PostgreSQL database (the {@code postgres} profile, started
 * with {@code scripts/start-postgres.sh}), sharing the connection-store key: a connection created,
 * changed and deleted through node A's REST API is used by node B's tasks within the poll interval
 * (2 s here) plus one poll's work, without a restart. Node B runs the task itself: the process
 * starts through B's REST API and its service task is synchronous, so no job can take it to A.
 */
class ConnectionsClusterIT {
  private static final Duration POLL = Duration.ofSeconds(2);

  /** The stated time (the poll interval) and the time one reload and one task take. */
  private static final Duration WITHIN = POLL.plusSeconds(8);

  private static final String PG_PORT = System.getenv().getOrDefault("EXAMPLE_PG_PORT", "55432");
  private static boolean startedDatabase;
  private static EmulatorTenant tenant;
  private static ExampleApp nodeA;
  private static ExampleApp nodeB;
  private static final String NAME = "cluster-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  static void start() throws IOException, InterruptedException {
    startedDatabase = !listening(Integer.parseInt(PG_PORT));
    script("start-postgres.sh");
    tenant = new EmulatorTenant(23);
    String[] cluster = {
      "--spring.profiles.active=postgres",
      "--camunda.bpm.plugin.entraid.connection-store.poll-interval=" + POLL
    };
    nodeA = tenant.startApp("cluster-a", cluster);
    nodeB = tenant.startApp("cluster-b", cluster);
    String bpmn =
        Files.readString(Path.of("src/test/resources/connections-page/cluster-check.bpmn"));
    assertThat(nodeA.rest.deploy("cluster-check.bpmn", bpmn)).isEqualTo(200);
  }

  @AfterAll
  static void stop() throws IOException, InterruptedException {
    if (nodeB != null) nodeB.close();
    if (nodeA != null) nodeA.close();
    if (tenant != null) tenant.close();
    if (startedDatabase) script("stop-postgres.sh");
  }

  @Test
  void aChangeSavedOnOneNodeIsUsedByTheOtherWithinThePollInterval() {
    AppRegistration first = tenant.emulator.defaultApp();
    AppRegistration second =
        tenant.emulator.tenant().registerApp("Second app", Permissions.allRoles());

    nodeA.rest.post(
        "/engine-rest/entraid/connections",
        Map.of("name", NAME, "parameters", parameters(first, first.secret().value())));
    int firstTokens = tenant.emulator.tokenRequestCount(first.clientId());
    within("node B runs a task on the new connection", () -> runsOnB() == 200);
    assertThat(tenant.emulator.tokenRequestCount(first.clientId())).isGreaterThan(firstTokens);

    // Switched to another app registration on A: B's tasks get their tokens from it.
    assertThat(
            nodeA.rest.status(
                "PATCH",
                "/engine-rest/entraid/connections/" + NAME,
                Map.of("parameters", parameters(second, second.secret().value()))))
        .isEqualTo(200);
    within(
        "node B uses the changed connection",
        () -> {
          assertThat(runsOnB()).as("a task on B during the switch").isEqualTo(200);
          return tenant.emulator.tokenRequestCount(second.clientId()) > 0;
        });

    assertThat(nodeA.rest.status("DELETE", "/engine-rest/entraid/connections/" + NAME, Map.of()))
        .isEqualTo(200);
    within("node B no longer knows the deleted connection", () -> runsOnB() != 200);
  }

  private Map<String, String> parameters(AppRegistration app, String secret) {
    return Map.of(
        "TenantID", tenant.emulator.tenantId(),
        "ClientID", app.clientId(),
        "ClientSecret", secret,
        "AuthorityHost", tenant.emulator.authorityHost(),
        "GraphEndpoint", tenant.emulator.graphEndpoint());
  }

  /** Starts cluster-check on node B, whose synchronous task reads a user on the connection. */
  private static int runsOnB() {
    return nodeB.rest.status(
        "POST",
        "/engine-rest/process-definition/key/cluster-check/start",
        Map.of(
            "variables",
            Map.of(
                "connection", Map.of("value", NAME),
                "upn", Map.of("value", tenant.someUser()))));
  }

  private static void within(String what, BooleanSupplier condition) {
    Instant deadline = Instant.now().plus(WITHIN);
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("%s within %s", what, WITHIN).isBefore(deadline);
      ExampleApp.sleep(200);
    }
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void script(String name) throws IOException, InterruptedException {
    Path log = Path.of(System.getProperty("example.logs", "target/it-logs"), name + ".log");
    Files.createDirectories(log.getParent());
    Process process =
        new ProcessBuilder("bash", "scripts/" + name)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    assertThat(process.waitFor(5, TimeUnit.MINUTES) && process.exitValue() == 0)
        .as("scripts/%s failed; see %s", name, log)
        .isTrue();
  }
}
