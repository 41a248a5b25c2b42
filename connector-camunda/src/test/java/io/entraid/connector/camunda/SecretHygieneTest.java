package io.entraid.connector.camunda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.entraid.connector.camunda.spring.EntraIdHealthIndicator;
import io.entraid.connector.core.connection.ConnectionOptions;
import io.entraid.connector.core.connection.ConnectionRegistry;
import io.entraid.emulator.AppRegistration;
import io.entraid.emulator.EntraEmulator;
import java.nio.charset.StandardCharsets;
import java.sql.Blob;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.camunda.spin.plugin.impl.SpinProcessEnginePlugin;
import org.junit.jupiter.api.Test;

/**
 * Runs processes that succeed and fail with known secrets, every logger at DEBUG, then looks for
 * the secrets (and the access token) everywhere they could leak: log lines with their stack traces,
 * every column of every engine table (variables, history, incidents, job exceptions, byte arrays)
 * and the health indicator's output.
 */
class SecretHygieneTest {

  @Test
  void secretsAndTokensAppearNowhere() throws Exception {
    try (CapturedLogs captured = new CapturedLogs("com.microsoft.aad.msal4j");
        EntraEmulator emulator = EntraEmulator.builder().users(5).groups(3).seed(13L).start()) {
      AppRegistration app =
          emulator.registerApp(
              "hygiene", Set.of("User.Read.All", "GroupMember.Read.All", "User.ReadBasic.All"));
      String secret = app.secret().value();
      String wrongSecret = "wrong~" + UUID.randomUUID() + ".secret";

      EntraIdProcessEnginePlugin plugin = new EntraIdProcessEnginePlugin();
      plugin.setConnections(
          Map.of(
              "default", parameters(emulator, app.clientId(), secret),
              "broken", parameters(emulator, app.clientId(), wrongSecret)));
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
        for (String leak : List.of(secret, wrongSecret, accessToken)) {
          assertThat(places).as("a secret or token leaked").noneMatch(p -> p.contains(leak));
        }
      } finally {
        engine.close();
      }
    }
  }

  static Map<String, String> parameters(EntraEmulator emulator, String clientId, String secret) {
    return Map.of(
        "TenantID",
        emulator.tenantId(),
        "ClientID",
        clientId,
        "ClientSecret",
        secret,
        "AuthorityHost",
        emulator.authorityHost(),
        "GraphEndpoint",
        emulator.graphEndpoint());
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
