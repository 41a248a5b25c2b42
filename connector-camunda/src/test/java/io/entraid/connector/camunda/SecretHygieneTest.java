package io.entraid.connector.camunda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.entraid.connector.camunda.spring.EntraIdHealthIndicator;
import io.entraid.connector.core.connection.ConnectionOptions;
import io.entraid.connector.core.connection.ConnectionRegistry;
import io.entraid.emulator.AppRegistration;
import io.entraid.emulator.EntraEmulator;
import io.entraid.emulator.tls.ClientCertificate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Blob;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.camunda.spin.plugin.impl.SpinProcessEnginePlugin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs processes that succeed and fail with known secrets, with every credential kind that can run
 * in-process (secret, secret file, PFX certificate with password, federated token file; the managed
 * identity header is checked by {@link ManagedIdentityInEngineTest}), every logger at DEBUG, then
 * looks for the secrets, passwords, private keys, assertions (and the access token) everywhere they
 * could leak: log lines with their stack traces, every column of every engine table (variables,
 * history, incidents, job exceptions, byte arrays) and the health indicator's output.
 */
class SecretHygieneTest {
  @TempDir Path dir;

  @Test
  void secretsAndTokensAppearNowhere() throws Exception {
    try (CapturedLogs captured = new CapturedLogs("com.microsoft.aad.msal4j");
        EntraEmulator emulator = EntraEmulator.builder().users(5).groups(3).seed(13L).start()) {
      AppRegistration app =
          emulator.registerApp(
              "hygiene", Set.of("User.Read.All", "GroupMember.Read.All", "User.ReadBasic.All"));
      String secret = app.secret().value();
      String wrongSecret = "wrong~" + UUID.randomUUID() + ".secret";
      // The other credential kinds, each with its own secret material.
      String fileSecret = app.addSecret(null).value();
      Path secretFile = Files.writeString(dir.resolve("secret"), fileSecret);
      ClientCertificate cert =
          ClientCertificate.create(
              "hygiene", Instant.now().minusSeconds(3600), Instant.now().plusSeconds(86400));
      app.addCertificate(cert.certificate());
      String pfxPassword = "pfx~" + UUID.randomUUID();
      Path pfx = cert.writePfx(dir.resolve("client.pfx"), pfxPassword);
      String privateKey = Base64.getEncoder().encodeToString(cert.keys().getPrivate().getEncoded());
      ClientCertificate unknown =
          ClientCertificate.create(
              "unknown", Instant.now().minusSeconds(3600), Instant.now().plusSeconds(86400));
      Path unknownPem = unknown.writePem(dir.resolve("unknown.pem"));
      String unknownKey =
          Base64.getEncoder().encodeToString(unknown.keys().getPrivate().getEncoded());
      app.addFederatedCredential("hygiene", emulator.federation().issuer(), "sa:hygiene");
      String assertion =
          emulator
              .federation()
              .token(
                  "sa:hygiene",
                  AppRegistration.TOKEN_EXCHANGE_AUDIENCE,
                  Instant.now(),
                  Duration.ofHours(1));
      Path assertionFile = Files.writeString(dir.resolve("token"), assertion);

      EntraIdProcessEnginePlugin plugin = new EntraIdProcessEnginePlugin();
      plugin.setConnections(
          Map.of(
              "default", parameters(emulator, app.clientId(), "ClientSecret", secret),
              "broken", parameters(emulator, app.clientId(), "ClientSecret", wrongSecret),
              "secretFile",
                  parameters(emulator, app.clientId(), "ClientSecretFile", secretFile.toString()),
              "certificate",
                  parameters(
                      emulator,
                      app.clientId(),
                      "ClientCertificate",
                      pfx.toString(),
                      "ClientCertificatePassword",
                      pfxPassword),
              "unknownCertificate",
                  parameters(emulator, app.clientId(), "ClientCertificate", unknownPem.toString()),
              "uploadedCertificate",
                  parameters(
                      emulator,
                      app.clientId(),
                      "ClientCertificate",
                      Files.readString(cert.writePem(dir.resolve("client.pem")))),
              "federated",
                  parameters(
                      emulator, app.clientId(), "ClientAssertionFile", assertionFile.toString())));
      plugin.setConnectionOptions(
          ConnectionOptions.DEFAULTS
              .withSslContext(emulator.sslContext())
              .withGraph(TestEngines.QUICK_RETRIES));
      StandaloneInMemProcessEngineConfiguration configuration =
          new StandaloneInMemProcessEngineConfiguration();
      configuration.setJdbcUrl("jdbc:h2:mem:hygiene-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=1000");
      configuration.setJobExecutorActivate(false);
      configuration.setHistory("full");
      configuration.setProcessEnginePlugins(List.of(new SpinProcessEnginePlugin(), plugin));
      ProcessEngine engine = configuration.buildProcessEngine();
      try {
        engine
            .getRepositoryService()
            .createDeployment()
            .addClasspathResource("bpmn/membership-gateway.bpmn")
            .addClasspathResource("bpmn/get-user-async.bpmn")
            .deploy();
        var user = emulator.directory().users().get(0);
        // succeeds, with JSON and boolean results
        engine
            .getRuntimeService()
            .startProcessInstanceByKey(
                "membership-gateway",
                Map.of(
                    "user",
                    user.id(),
                    "groups",
                    List.of(emulator.directory().groups().get(0).id())));
        runJob(
            engine,
            engine
                .getRuntimeService()
                .startProcessInstanceByKey(
                    "get-user-async",
                    Map.of("user", user.userPrincipalName(), "connectionName", "default"))
                .getId());
        // a BPMN error
        engine
            .getRuntimeService()
            .startProcessInstanceByKey(
                "membership-gateway",
                Map.of(
                    "user",
                    "nobody@" + emulator.tenantDomain(),
                    "groups",
                    List.of(emulator.directory().groups().get(0).id())));
        // an authentication failure that becomes an incident
        String failing =
            engine
                .getRuntimeService()
                .startProcessInstanceByKey(
                    "get-user-async", Map.of("user", user.id(), "connectionName", "broken"))
                .getId();
        assertThatThrownBy(() -> runJob(engine, failing))
            .isInstanceOf(EntraIdTaskFailure.class)
            .hasMessageContaining("Entra ID rejected the client secret");
        assertThat(
                engine.getRuntimeService().createIncidentQuery().processInstanceId(failing).count())
            .isEqualTo(1);
        for (String kind :
            List.of("secretFile", "certificate", "uploadedCertificate", "federated")) {
          String id =
              engine
                  .getRuntimeService()
                  .startProcessInstanceByKey(
                      "get-user-async", Map.of("user", user.id(), "connectionName", kind))
                  .getId();
          runJob(engine, id);
        }
        String unknownCertificate =
            engine
                .getRuntimeService()
                .startProcessInstanceByKey(
                    "get-user-async",
                    Map.of("user", user.id(), "connectionName", "unknownCertificate"))
                .getId();
        assertThatThrownBy(() -> runJob(engine, unknownCertificate))
            .isInstanceOf(EntraIdTaskFailure.class)
            .hasMessageContaining("AADSTS700027");

        ConnectionRegistry registry = plugin.getConnectionRegistry();
        String accessToken = registry.get("default").tokens().token().value();
        String health =
            new ObjectMapper()
                .writeValueAsString(
                    new EntraIdHealthIndicator(registry, Duration.ZERO, Clock.systemUTC())
                        .health());
        assertThat(health).contains("WRONG_SECRET");

        List<String> places = new ArrayList<>();
        captured.events().forEach(e -> places.add("log: " + CapturedLogs.text(e)));
        places.addAll(
            databaseText((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()));
        places.add("health: " + health);
        registry.all().forEach(c -> places.add("toString: " + c));

        assertThat(captured.events()).as("DEBUG logging was captured").hasSizeGreaterThan(100);
        // Positive controls: the scan does see what was stored, so finding no secret means
        // something.
        assertThat(places)
            .anyMatch(p -> p.startsWith("ACT_HI_VARINST") && p.contains(user.userPrincipalName()));
        assertThat(places)
            .anyMatch(
                p ->
                    p.startsWith("ACT_RU_INCIDENT")
                        && p.contains("Entra ID rejected the client secret"));
        assertThat(places)
            .anyMatch(
                p -> p.startsWith("log: ") && p.contains("Entra ID rejected the client secret"));
        assertThat(places).anyMatch(p -> p.startsWith("toString: ") && p.contains(pfx.toString()));
        assertThat(places)
            .anyMatch(p -> p.startsWith("toString: ") && p.contains("uploaded certificate"));
        for (String leak :
            List.of(
                secret,
                wrongSecret,
                accessToken,
                fileSecret,
                pfxPassword,
                privateKey.substring(0, 64),
                unknownKey.substring(0, 64),
                assertion,
                assertion.substring(assertion.lastIndexOf('.') + 1))) {
          assertThat(places).as("a secret or token leaked").noneMatch(p -> p.contains(leak));
        }
      } finally {
        engine.close();
      }
    }
  }

  static Map<String, String> parameters(
      EntraEmulator emulator, String clientId, String... credential) {
    Map<String, String> p = new java.util.LinkedHashMap<>();
    p.put("TenantID", emulator.tenantId());
    p.put("ClientID", clientId);
    p.put("AuthorityHost", emulator.authorityHost());
    p.put("GraphEndpoint", emulator.graphEndpoint());
    for (int i = 0; i < credential.length; i += 2) p.put(credential[i], credential[i + 1]);
    return p;
  }

  static void runJob(ProcessEngine engine, String processInstanceId) {
    var job =
        engine
            .getManagementService()
            .createJobQuery()
            .processInstanceId(processInstanceId)
            .singleResult();
    engine.getManagementService().executeJob(job.getId());
  }

  /** Every value of every column of every table, byte arrays decoded as UTF-8. */
  static List<String> databaseText(ProcessEngineConfigurationImpl configuration) throws Exception {
    List<String> text = new ArrayList<>();
    try (Connection db = configuration.getDataSource().getConnection();
        Statement statement = db.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs =
          statement.executeQuery(
              "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'")) {
        while (rs.next()) tables.add(rs.getString(1));
      }
      assertThat(tables)
          .contains("ACT_RU_VARIABLE", "ACT_HI_VARINST", "ACT_RU_INCIDENT", "ACT_GE_BYTEARRAY");
      for (String table : tables) {
        try (ResultSet rs = statement.executeQuery("SELECT * FROM " + table)) {
          int columns = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            for (int c = 1; c <= columns; c++) {
              Object value = rs.getObject(c);
              if (value instanceof Blob blob)
                value = new String(blob.getBytes(1, (int) blob.length()), StandardCharsets.UTF_8);
              if (value instanceof byte[] bytes) value = new String(bytes, StandardCharsets.UTF_8);
              if (value != null) text.add(table + ": " + value);
            }
          }
        }
      }
    }
    return text;
  }
}
