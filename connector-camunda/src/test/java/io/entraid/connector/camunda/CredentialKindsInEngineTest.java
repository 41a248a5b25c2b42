package io.entraid.connector.camunda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entraid.connector.core.connection.ConnectionOptions;
import io.entraid.connector.core.connection.EntraIdConnectionType;
import io.entraid.connector.core.connection.ParameterKey;
import io.entraid.emulator.AppRegistration;
import io.entraid.emulator.EntraEmulator;
import io.entraid.emulator.tls.ClientCertificate;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each credential kind runs a real process in a real engine against the emulator, a certificate
 * Entra does not know becomes an incident with its diagnosis, and rotating a secret file and a
 * certificate file while 100 tasks run fails none of them.
 */
class CredentialKindsInEngineTest {
  static EntraEmulator emulator;
  static AppRegistration app;
  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    emulator = EntraEmulator.builder().users(3).seed(17L).start();
    app = emulator.registerApp("kinds", Set.of("User.Read.All"));
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  static ClientCertificate certificate(String name) {
    Instant now = Instant.now();
    return ClientCertificate.create(
        name, now.minus(1, ChronoUnit.HOURS), now.plus(30, ChronoUnit.DAYS));
  }

  static Map<String, String> connection(String... credential) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("TenantID", emulator.tenantId());
    p.put("ClientID", app.clientId());
    p.put("AuthorityHost", emulator.authorityHost());
    p.put("GraphEndpoint", emulator.graphEndpoint());
    for (int i = 0; i < credential.length; i += 2) p.put(credential[i], credential[i + 1]);
    return p;
  }

  static ProcessEngine engine(Map<String, Map<String, String>> connections) {
    EntraIdProcessEnginePlugin plugin = new EntraIdProcessEnginePlugin();
    plugin.setConnections(connections);
    plugin.setConnectionOptions(
        ConnectionOptions.DEFAULTS
            .withSslContext(emulator.sslContext())
            .withGraph(TestEngines.QUICK_RETRIES));
    ProcessEngine engine = TestEngines.start(plugin);
    engine
        .getRepositoryService()
        .createDeployment()
        .addClasspathResource("bpmn/get-user-async.bpmn")
        .deploy();
    return engine;
  }

  static String start(ProcessEngine engine, String connection) {
    return engine
        .getRuntimeService()
        .startProcessInstanceByKey(
            "get-user-async",
            Map.of("user", emulator.directory().users().get(0).id(), "connectionName", connection))
        .getId();
  }

  static void runJob(ProcessEngine engine, String processInstanceId) {
    SecretHygieneTest.runJob(engine, processInstanceId);
  }

  static boolean reachedUserTask(ProcessEngine engine, String processInstanceId) {
    return engine.getTaskService().createTaskQuery().processInstanceId(processInstanceId).count()
            == 1
        && engine.getRuntimeService().getVariable(processInstanceId, "user") != null;
  }

  @Test
  void everyFileBasedKindRunsAProcess() throws Exception {
    ClientCertificate pem = certificate("pem");
    ClientCertificate pfx = certificate("pfx");
    app.addCertificate(pem.certificate());
    app.addCertificate(pfx.certificate());
    app.addFederatedCredential("engine", emulator.federation().issuer(), "sa:engine");
    Map<String, Map<String, String>> connections = new LinkedHashMap<>();
    connections.put(
        "secretFile",
        connection(
            "ClientSecretFile",
            Files.writeString(dir.resolve("secret"), app.secret().value()).toString()));
    connections.put(
        "pem", connection("ClientCertificate", pem.writePem(dir.resolve("c.pem")).toString()));
    connections.put(
        "pfx",
        connection(
            "ClientCertificate",
            pfx.writePfx(dir.resolve("c.pfx"), "pfx-password").toString(),
            "ClientCertificatePassword",
            "pfx-password",
            "SendX5C",
            "true"));
    connections.put(
        "federated",
        connection(
            "ClientAssertionFile",
            Files.writeString(
                    dir.resolve("federated-token"),
                    emulator
                        .federation()
                        .token(
                            "sa:engine",
                            AppRegistration.TOKEN_EXCHANGE_AUDIENCE,
                            Instant.now(),
                            Duration.ofHours(1)))
                .toString()));
    ProcessEngine engine = engine(connections);
    try {
      for (String name : connections.keySet()) {
        String id = start(engine, name);
        runJob(engine, id);
        assertThat(reachedUserTask(engine, id)).as(name).isTrue();
      }
    } finally {
      engine.close();
    }
  }

  @Test
  void certificateEntraDoesNotKnowBecomesAnIncidentWithTheFix() throws Exception {
    Path unknown = certificate("not uploaded").writePem(dir.resolve("unknown.pem"));
    ProcessEngine engine =
        engine(Map.of("unknown", connection("ClientCertificate", unknown.toString())));
    try {
      String id = start(engine, "unknown");
      assertThatThrownBy(() -> runJob(engine, id))
          .isInstanceOf(EntraIdTaskFailure.class)
          .hasMessageContaining("AADSTS700027")
          .hasMessageContaining("Fix: Upload the certificate's public part");
      assertThat(
              engine
                  .getRuntimeService()
                  .createIncidentQuery()
                  .processInstanceId(id)
                  .singleResult()
                  .getIncidentMessage())
          .contains("Entra ID does not accept the signature of the client assertion");
    } finally {
      engine.close();
    }
  }

  /**
   * Kubernetes-style rotation (a new file moved into place) of a secret file and a certificate file
   * while 100 tasks run on 8 threads: the new credential is added to the app, the file replaced,
   * the old credential removed. No task fails, and tokens are issued with the new credentials
   * (counted by the emulator per credential).
   */
  @Test
  void rotatingSecretAndCertificateFilesWhileTasksRunFailsNoTask() throws Exception {
    AppRegistration rotating = emulator.registerApp("rotating", Set.of("User.Read.All"));
    AppRegistration.Secret oldSecret = rotating.secret();
    ClientCertificate oldCert = certificate("old");
    AppRegistration.KeyCredential oldKey = rotating.addCertificate(oldCert.certificate());
    Path secretFile = Files.writeString(dir.resolve("rotating-secret"), oldSecret.value());
    Path certFile = oldCert.writePem(dir.resolve("rotating.pem"));
    Map<String, String> secretConnection = connection("ClientSecretFile", secretFile.toString());
    Map<String, String> certConnection = connection("ClientCertificate", certFile.toString());
    secretConnection.put("ClientID", rotating.clientId());
    certConnection.put("ClientID", rotating.clientId());
    ProcessEngine engine = engine(Map.of("secret", secretConnection, "cert", certConnection));
    ClientCertificate newCert = certificate("new");
    Path stagedCert = newCert.writePem(dir.resolve("staged.pem"));
    try {
      List<String> instances = new ArrayList<>();
      for (int i = 0; i < 100; i++) instances.add(start(engine, i % 2 == 0 ? "secret" : "cert"));
      CountDownLatch thirtyDone = new CountDownLatch(30);
      AtomicInteger failed = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<?>> jobs = new ArrayList<>();
      for (String id : instances) {
        jobs.add(
            pool.submit(
                () -> {
                  try {
                    runJob(engine, id);
                  } catch (RuntimeException e) {
                    failed.incrementAndGet();
                  } finally {
                    thirtyDone.countDown();
                  }
                }));
      }
      thirtyDone.await();
      AppRegistration.Secret newSecret = rotating.addSecret(null);
      AppRegistration.KeyCredential newKey = rotating.addCertificate(newCert.certificate());
      replace(secretFile, newSecret.value().getBytes(StandardCharsets.UTF_8));
      replace(certFile, Files.readAllBytes(stagedCert));
      rotating.removeSecret(oldSecret.id());
      rotating.removeCertificate(oldKey.keyId());
      for (Future<?> job : jobs) job.get();
      pool.shutdown();

      // After the rotation, every connection requests its next token with the new credential.
      String afterSecret = start(engine, "secret");
      String afterCert = start(engine, "cert");
      runJob(engine, afterSecret);
      runJob(engine, afterCert);

      assertThat(failed).hasValue(0);
      assertThat(engine.getRuntimeService().createIncidentQuery().count()).isZero();
      assertThat(engine.getTaskService().createTaskQuery().count()).isEqualTo(102);
      assertThat(rotating.tokensIssuedWith(oldSecret.id())).isGreaterThanOrEqualTo(1);
      assertThat(rotating.tokensIssuedWith(oldKey.keyId())).isGreaterThanOrEqualTo(1);
      assertThat(rotating.tokensIssuedWith(newSecret.id())).isGreaterThanOrEqualTo(1);
      assertThat(rotating.tokensIssuedWith(newKey.keyId())).isGreaterThanOrEqualTo(1);
      // No token request was refused: each connection asked once per credential.
      assertThat(emulator.tokenRequestCount(rotating.clientId())).isEqualTo(4);
    } finally {
      engine.close();
    }
  }

  /** The plugin takes every connection key as a property, so XML and Run YAML can set them. */
  @Test
  void thePluginHasASetterForEveryConnectionKey() {
    List<String> setters =
        Arrays.stream(EntraIdProcessEnginePlugin.class.getMethods())
            .map(Method::getName)
            .map(String::toLowerCase)
            .toList();
    for (ParameterKey key : EntraIdConnectionType.KEYS) {
      assertThat(setters).contains("set" + key.name().toLowerCase());
    }
  }

  static void replace(Path file, byte[] content) throws Exception {
    Path next = Files.createTempFile(dir, "next", ".tmp");
    Files.write(next, content);
    Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
