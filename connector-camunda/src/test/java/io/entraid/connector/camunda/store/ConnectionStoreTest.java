package io.entraid.connector.camunda.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entraid.connector.camunda.EntraIdProcessEnginePlugin;
import io.entraid.connector.camunda.EntraIdTaskFailure;
import io.entraid.connector.camunda.TestEngines;
import io.entraid.connector.core.connection.UnknownConnectionException;
import io.entraid.emulator.AppRegistration;
import io.entraid.emulator.EntraEmulator;
import io.entraid.emulator.tls.ClientCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The connection store on a real engine (H2) against the emulator: create, use in a task, update,
 * rotate, delete, test, validate and audit through {@link ConnectionAdmin} (what the REST API
 * calls), secrets encrypted at rest, configured names read-only, and the behaviour without a key
 * and with a wrong one.
 */
class ConnectionStoreTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static EntraEmulator emulator;
  static AppRegistration app;

  @BeforeAll
  static void startEmulator() {
    emulator = EntraEmulator.builder().users(5).groups(3).seed(7L).start();
    app = emulator.registerApp("stored", Set.of("User.Read.All"));
  }

  @AfterAll
  static void stopEmulator() {
    emulator.close();
  }

  static String newKey() {
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  /** The plugin with the configured connection "default" and, if key is not null, a store. */
  static EntraIdProcessEnginePlugin plugin(String key) {
    return plugin(emulator, key);
  }

  static EntraIdProcessEnginePlugin plugin(EntraEmulator emulator, String key) {
    EntraIdProcessEnginePlugin plugin = TestEngines.plugin(emulator);
    plugin.setConnectionStoreKey(key);
    plugin.setConnectionStorePollInterval("PT0.1S");
    return plugin;
  }

  static ObjectNode body(String name, String secret) {
    return body(emulator, app, name, secret);
  }

  static ObjectNode body(EntraEmulator emulator, AppRegistration app, String name, String secret) {
    ObjectNode body = JSON.createObjectNode();
    if (name != null) body.put("name", name);
    ObjectNode p = body.putObject("parameters");
    p.put("TenantID", emulator.tenantId());
    p.put("ClientID", app.clientId());
    p.put("ClientSecret", secret);
    p.put("AuthorityHost", emulator.authorityHost());
    p.put("GraphEndpoint", emulator.graphEndpoint());
    return body;
  }

  static String runGetUser(ProcessEngine engine, String connection) {
    return runGetUser(emulator, engine, connection);
  }

  static String runGetUser(EntraEmulator emulator, ProcessEngine engine, String connection) {
    String id =
        engine
            .getRuntimeService()
            .startProcessInstanceByKey(
                "get-user-async",
                Map.of(
                    "user", emulator.directory().users().get(0).id(), "connectionName", connection))
            .getId();
    var job = engine.getManagementService().createJobQuery().processInstanceId(id).singleResult();
    engine.getManagementService().executeJob(job.getId());
    return id;
  }

  static ProcessEngine engine(EntraIdProcessEnginePlugin plugin) {
    ProcessEngine engine = TestEngines.start(plugin);
    engine
        .getRepositoryService()
        .createDeployment()
        .addClasspathResource("bpmn/get-user-async.bpmn")
        .deploy();
    return engine;
  }

  @Test
  void aStoredConnectionIsUsedByTasksAndItsSecretIsEncryptedAtRest() throws Exception {
    String secret = app.secret().value();
    EntraIdProcessEnginePlugin plugin = plugin(newKey());
    ProcessEngine engine = engine(plugin);
    try {
      ConnectionAdmin admin = plugin.getConnectionAdmin();
      JsonNode created = admin.create(body("stored1", secret), "alice");
      assertThat(created.path("source").asText()).isEqualTo("stored");
      assertThat(created.path("changedBy").asText()).isEqualTo("alice");
      assertThat(created.path("parameters").path("ClientSecret").asText())
          .isEqualTo("\u2022\u2022\u2022\u2022" + secret.substring(secret.length() - 3));

      assertThat(admin.elementTemplates().get(0).toString())
          .contains("\"Dropdown\"", "\"value\":\"stored1\"", "\"value\":\"default\"");

      String instance = runGetUser(engine, "stored1");
      assertThat(engine.getRuntimeService().getVariable(instance, "user").toString())
          .contains(emulator.directory().users().get(0).id());

      List<String> columns = storeColumns(engine);
      // positive controls: the scan reads the store's rows
      assertThat(columns).anyMatch(c -> c.contains(emulator.tenantId()));
      assertThat(columns).anyMatch(c -> c.contains(SecretCipher.PREFIX));
      assertThat(columns).noneMatch(c -> c.contains(secret));
      assertThat(JSON.writeValueAsString(admin.list())).doesNotContain(secret);
      assertThat(admin.audit("stored1").get(0).path("changed").toString())
          .contains("ClientSecret", "TenantID")
          .doesNotContain(secret);
    } finally {
      engine.close();
    }
  }

  /**
   * A certificate is stored by content, since the nodes of a cluster do not share files: encrypted
   * at rest like a secret (it holds the private key), shown as its subject, thumbprint and expiry,
   * used by tasks, watched for expiry, and rotated to a new certificate with its password.
   */
  @Test
  void aCertificateIsStoredByContentEncryptedWatchedForExpiryAndRotated() throws Exception {
    AppRegistration certApp = emulator.registerApp("stored-cert", Set.of("User.Read.All"));
    java.time.Instant now = java.time.Instant.now();
    ClientCertificate soon =
        ClientCertificate.create(
            "stored-soon", now.minus(1, ChronoUnit.DAYS), now.plus(10, ChronoUnit.DAYS));
    ClientCertificate next =
        ClientCertificate.create(
            "stored-next", now.minus(1, ChronoUnit.DAYS), now.plus(300, ChronoUnit.DAYS));
    AppRegistration.KeyCredential soonKey = certApp.addCertificate(soon.certificate());
    AppRegistration.KeyCredential nextKey = certApp.addCertificate(next.certificate());
    Path dir = Files.createTempDirectory("stored-cert");
    String pem = Files.readString(soon.writePem(dir.resolve("soon.pem")));
    String pfxPassword = "pfx-" + UUID.randomUUID();
    String pfx =
        "base64:"
            + Base64.getEncoder()
                .encodeToString(
                    Files.readAllBytes(next.writePfx(dir.resolve("next.pfx"), pfxPassword)));
    String keyLine = pem.split("\n")[pem.split("\n").length - 3]; // a line of the private key
    EntraIdProcessEnginePlugin plugin = plugin(newKey());
    ProcessEngine engine = engine(plugin);
    try {
      ConnectionAdmin admin = plugin.getConnectionAdmin();
      ObjectNode body = body(emulator, certApp, "certified", null);
      ((ObjectNode) body.get("parameters")).remove("ClientSecret");
      ((ObjectNode) body.get("parameters")).put("ClientCertificate", pem);
      JsonNode created = admin.create(body, "alice");
      assertThat(created.path("parameters").path("ClientCertificate").asText())
          .startsWith("uploaded: CN=stored-soon, thumbprint " + soon.thumbprint())
          .contains("expires " + soon.certificate().getNotAfter().toInstant());

      runGetUser(engine, "certified");
      assertThat(certApp.tokensIssuedWith(soonKey.keyId())).isEqualTo(1);
      JsonNode tested = admin.test("certified");
      assertThat(tested.path("credentialExpiry").path("source").asText()).isEqualTo("CREDENTIAL");
      assertThat(tested.path("credentialExpiry").path("status").asText()).isEqualTo("EXPIRING");
      assertThat(admin.get("certified").path("status").path("state").asText())
          .isEqualTo("expiresSoon");

      List<String> columns = storeColumns(engine);
      // positive controls: the scan reads the store's rows, and the key line is one the PEM holds
      assertThat(columns).anyMatch(c -> c.contains(emulator.tenantId()));
      assertThat(columns).anyMatch(c -> c.contains(SecretCipher.PREFIX));
      assertThat(pem).contains(keyLine);
      assertThat(columns).noneMatch(c -> c.contains(keyLine) || c.contains("PRIVATE KEY"));
      assertThat(JSON.writeValueAsString(admin.list())).doesNotContain(keyLine);

      JsonNode rotated =
          admin.rotate(
              "certified",
              JSON.createObjectNode()
                  .put("ClientCertificate", pfx)
                  .put("ClientCertificatePassword", pfxPassword),
              "bob");
      assertThat(rotated.path("parameters").path("ClientCertificate").asText())
          .startsWith("uploaded: CN=stored-next, thumbprint " + next.thumbprint());
      runGetUser(engine, "certified");
      assertThat(certApp.tokensIssuedWith(nextKey.keyId())).isEqualTo(1);
      assertThat(admin.test("certified").path("credentialExpiry").path("status").asText())
          .isEqualTo("OK");
      assertThat(admin.get("certified").path("status").path("state").asText()).isEqualTo("works");
      String pfxBody = pfx.substring("base64:".length(), "base64:".length() + 60);
      assertThat(storeColumns(engine))
          .noneMatch(c -> c.contains(pfxPassword) || c.contains(pfxBody) || c.contains(keyLine));
      assertThat(admin.audit("certified").get(1).path("changed").toString())
          .contains("ClientCertificate", "ClientCertificatePassword");

      // The new certificate comes without a password: the old one does not stay behind.
      admin.rotate("certified", JSON.createObjectNode().put("ClientCertificate", pem), "bob");
      assertThat(admin.get("certified").path("parameters").has("ClientCertificatePassword"))
          .isFalse();
    } finally {
      engine.close();
    }
  }

  /** A file on one node is no credential for a cluster: ClientSecretFile cannot be stored. */
  @Test
  void aSecretFileOrACertificatePathIsRefusedWithItsFix() throws Exception {
    EntraIdProcessEnginePlugin plugin = plugin(newKey());
    ProcessEngine engine = engine(plugin);
    try {
      ConnectionAdmin admin = plugin.getConnectionAdmin();
      Path file = Files.createTempFile("secret", ".txt");
      Files.writeString(file, app.secret().value());
      ObjectNode body = body("on-one-node", null);
      ((ObjectNode) body.get("parameters")).remove("ClientSecret");
      ((ObjectNode) body.get("parameters")).put("ClientSecretFile", file.toString());
      assertThatThrownBy(() -> admin.create(body, "alice"))
          .isInstanceOfSatisfying(
              ConnectionAdmin.ApiException.class,
              e -> {
                assertThat(e.status()).isEqualTo(400);
                JsonNode problem = e.toJson().path("problems").get(0);
                assertThat(problem.path("key").asText()).isEqualTo("ClientSecretFile");
                assertThat(problem.path("problem").asText()).contains("nodes do not share files");
                assertThat(problem.path("fix").asText()).contains("ClientSecret", "rotate");
              });
      ((ObjectNode) body.get("parameters")).remove("ClientSecretFile");
      ((ObjectNode) body.get("parameters")).put("ClientCertificate", file.toString());
      assertThat(admin.validate(body).path("problems").get(0).path("fix").asText())
          .contains("upload the file");
      assertThat(admin.list().toString()).doesNotContain("on-one-node");
    } finally {
      engine.close();
    }
  }

  @Test
  void aConfiguredNameIsReadOnlyAndCannotBeStored() {
    EntraIdProcessEnginePlugin plugin = plugin(newKey());
    ProcessEngine engine = engine(plugin);
    try {
      ConnectionAdmin admin = plugin.getConnectionAdmin();
      assertThatThrownBy(() -> admin.create(body("default", app.secret().value()), "alice"))
          .isInstanceOfSatisfying(
              ConnectionAdmin.ApiException.class,
              e -> {
                assertThat(e.status()).isEqualTo(409);
                assertThat(e.getMessage()).contains("defined in configuration", "read-only");
              });
      assertThatThrownBy(() -> admin.update("default", JSON.createObjectNode(), "alice"))
          .isInstanceOfSatisfying(
              ConnectionAdmin.ApiException.class, e -> assertThat(e.status()).isEqualTo(409));
      JsonNode listed = admin.list().get(0);
      assertThat(listed.path("name").asText()).isEqualTo("default");
      assertThat(listed.path("source").asText()).isEqualTo("configuration");
      assertThat(listed.path("readOnly").asBoolean()).isTrue();
      assertThat(listed.toString()).doesNotContain(emulator.clientSecret());
    } finally {
      engine.close();
    }
  }

  @Test
  void invalidParametersAreRefusedWithKeyProblemAndFix() {
    EntraIdProcessEnginePlugin plugin = plugin(newKey());
    ProcessEngine engine = engine(plugin);
    try {
      ConnectionAdmin admin = plugin.getConnectionAdmin();
      ObjectNode body = body("bad", app.secret().id()); // the Secret ID instead of its Value
      ((ObjectNode) body.get("parameters")).put("TenantID", "common");
      assertThatThrownBy(() -> admin.create(body, "alice"))
          .isInstanceOfSatisfying(
              ConnectionAdmin.ApiException.class,
              e -> {
                assertThat(e.status()).isEqualTo(400);
                JsonNode problems = e.toJson().path("problems");
                assertThat(problems.findValuesAsText("key")).contains("ClientSecret", "TenantID");
                assertThat(problems.findValuesAsText("fix")).allMatch(f -> !f.isBlank());
              });
      JsonNode validated = admin.validate(body).path("problems");
      assertThat(validated.findValuesAsText("key")).contains("ClientSecret", "TenantID");
      ((ObjectNode) body.get("parameters")).put("TenantID", " " + emulator.tenantId());
      ((ObjectNode) body.get("parameters")).put("ClientSecret", app.secret().value());
      assertThat(admin.validate(body).path("problems").findValuesAsText("severity"))
          .containsExactly("warning"); // trimmed spaces
      assertThat(admin.storeState().path("enabled").asBoolean()).isTrue();
    } finally {
      engine.close();
    }
  }

  @Test
  void withoutAKeyTheStoreIsDisabledAndSaysWhy() {
    EntraIdProcessEnginePlugin plugin = plugin(null);
    ProcessEngine engine = engine(plugin);
    try {
      ConnectionAdmin admin = plugin.getConnectionAdmin();
      assertThat(admin.list()).hasSize(1); // the configured connection
      assertThat(admin.storeState().path("reason").asText())
          .contains("camunda.bpm.plugin.entraid.connection-store.key");
      assertThatThrownBy(() -> admin.create(body("stored1", "x"), "alice"))
          .isInstanceOfSatisfying(
              ConnectionAdmin.ApiException.class,
              e -> {
                assertThat(e.status()).isEqualTo(503);
                assertThat(e.getMessage()).contains("openssl rand -base64 32");
              });
    } finally {
      engine.close();
    }
  }

  @Test
  void aMalformedKeyStopsStartUpNamingTheSetting() {
    EntraIdProcessEnginePlugin plugin = plugin(Base64.getEncoder().encodeToString(new byte[16]));
    assertThatThrownBy(() -> TestEngines.start(plugin))
        .hasMessageContaining("connection-store.key")
        .hasMessageContaining("AES-256 needs 32");
  }

  @Test
  void aWrongKeyRefusesChangesLosesNothingAndTellsTasksWhy() throws Exception {
    String url = "jdbc:h2:mem:wrongkey-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    EntraIdProcessEnginePlugin right = plugin(newKey());
    ProcessEngine a = TestEngines.start(right, c -> c.setJdbcUrl(url));
    a.getRepositoryService()
        .createDeployment()
        .addClasspathResource("bpmn/get-user-async.bpmn")
        .deploy();
    right.getConnectionAdmin().create(body("stored1", app.secret().value()), "alice");
    List<String> before = storeColumns(a);
    EntraIdProcessEnginePlugin wrong = plugin(newKey());
    ProcessEngine b =
        TestEngines.start(
            wrong,
            c -> {
              c.setJdbcUrl(url);
              c.setDatabaseSchemaUpdate("false");
            });
    try {
      ConnectionAdmin admin = wrong.getConnectionAdmin();
      JsonNode noChange = JSON.readTree("{\"parameters\":{}}");
      assertThat(admin.storeState().path("writable").asBoolean()).isFalse();
      for (Runnable write :
          List.<Runnable>of(
              () -> admin.update("stored1", noChange, "bob"),
              () ->
                  admin.rotate("stored1", JSON.createObjectNode().put("ClientSecret", "n"), "bob"),
              () -> admin.create(body("stored2", app.secret().value()), "bob"))) {
        assertThatThrownBy(write::run)
            .isInstanceOfSatisfying(
                ConnectionAdmin.ApiException.class,
                e -> {
                  assertThat(e.status()).isEqualTo(503);
                  assertThat(e.getMessage()).contains("stored1", "cannot decrypt");
                });
      }
      assertThat(admin.get("stored1").path("status").path("state").asText()).isEqualTo("failing");
      assertThatThrownBy(() -> runGetUser(b, "stored1"))
          .isInstanceOf(EntraIdTaskFailure.class)
          .hasMessageContaining("cannot be decrypted");
      assertThat(storeColumns(a)).isEqualTo(before);
      runGetUser(a, "stored1"); // the node with the right key still uses it
    } finally {
      b.close();
      a.close();
    }
  }

  /**
   * A stored connection whose secret expires in ten days (the app registration's endDateTime, read
   * from Graph since the connection opted in) tests as working but "expiresSoon", with the date.
   */
  @Test
  void aSecretExpiringSoonShowsAsExpiresSoonWithTheDate() {
    AppRegistration expiring =
        emulator.registerApp("expiring", Set.of("User.Read.All", "Application.Read.All"));
    AppRegistration.Secret secret =
        expiring.addSecret(java.time.Instant.now().plus(java.time.Duration.ofDays(10)));
    EntraIdProcessEnginePlugin plugin = plugin(newKey());
    plugin.setConnectionCredentialExpiryCheck(Map.of("soon", "graph"));
    ProcessEngine engine = engine(plugin);
    try {
      ConnectionAdmin admin = plugin.getConnectionAdmin();
      admin.create(body(emulator, expiring, "soon", secret.value()), "alice");

      JsonNode tested = admin.test("soon");
      assertThat(tested.path("token").path("ok").asBoolean()).isTrue();
      assertThat(tested.path("credentialExpiry").path("status").asText()).isEqualTo("EXPIRING");
      assertThat(tested.path("credentialExpiry").path("daysLeft").asLong()).isEqualTo(10);
      JsonNode status = admin.get("soon").path("status");
      assertThat(status.path("state").asText()).isEqualTo("expiresSoon");
      assertThat(status.path("diagnosis").path("problem").asText())
          .contains(secret.expiresAt().toString().substring(0, 10));
    } finally {
      engine.close();
    }
  }

  @Test
  void updateRotateTestAndDeleteAreAuditedAndDeleteNamesReferencingProcesses() throws Exception {
    EntraIdProcessEnginePlugin plugin = plugin(newKey());
    ProcessEngine engine = engine(plugin);
    try {
      ConnectionAdmin admin = plugin.getConnectionAdmin();
      admin.create(body("stored1", app.secret().value()), "alice");
      engine
          .getRepositoryService()
          .createDeployment()
          .addModelInstance("uses-stored.bpmn", usingStored1())
          .deploy();

      JsonNode tested = admin.test("stored1");
      assertThat(tested.path("token").path("ok").asBoolean()).isTrue();
      assertThat(tested.path("grantedPermissions").toString()).contains("User.Read.All");
      assertThat(tested.path("processes").get(0).path("key").asText()).isEqualTo("uses-stored");
      assertThat(tested.path("processes").get(0).path("missingPermissions").toString())
          .isEqualTo("[\"User.ReadWrite.All\"]");
      assertThat(admin.get("stored1").path("status").path("state").asText()).isEqualTo("works");

      admin.update(
          "stored1",
          JSON.readTree(
              "{\"settings\": {\"uncaught-errors\": \"end\", \"policy\": {\"processes\": \"uses-*\"}}}"),
          "bob");
      assertThatThrownBy(() -> runGetUser(engine, "stored1"))
          .hasMessageContaining("policy rule processes: uses-*");
      admin.update(
          "stored1",
          JSON.readTree("{\"settings\": {\"policy\": {\"processes\": \"get-*\"}}}"),
          "bob");
      AppRegistration.Secret second =
          app.addSecret(java.time.Instant.now().plus(java.time.Duration.ofDays(90)));
      admin.rotate("stored1", JSON.createObjectNode().put("ClientSecret", second.value()), "carol");
      runGetUser(engine, "stored1");

      JsonNode dryRun = admin.delete("stored1", true, "dave");
      assertThat(dryRun.path("deleted").asBoolean()).isFalse();
      assertThat(dryRun.path("referencedBy").get(0).path("processDefinitionKey").asText())
          .isEqualTo("uses-stored");
      assertThat(dryRun.path("referencedBy").get(0).path("activities").toString())
          .contains("lookUp", "create");
      assertThat(admin.delete("stored1", false, "dave").path("deleted").asBoolean()).isTrue();
      assertThatThrownBy(() -> plugin.getConnectionRegistry().get("stored1"))
          .isInstanceOf(UnknownConnectionException.class);

      JsonNode audit = admin.audit("stored1");
      assertThat(audit.findValuesAsText("action"))
          .containsExactly("create", "update", "update", "rotate", "delete");
      assertThat(audit.findValuesAsText("by"))
          .containsExactly("alice", "bob", "bob", "carol", "dave");
      assertThat(audit.get(1).path("changed").toString())
          .contains("settings.uncaught-errors", "settings.policy.processes");
      assertThat(audit.get(2).path("changed").toString())
          .isEqualTo("[\"settings.policy.processes\"]");
      assertThat(audit.get(3).path("changed").toString()).isEqualTo("[\"ClientSecret\"]");
      assertThat(audit.toString()).doesNotContain(second.value(), app.secret().value());
    } finally {
      engine.close();
    }
  }

  @Test
  void theDeploymentPreflightNamesAnUnknownConnectionAndTheKnownOnes() {
    ch.qos.logback.classic.Logger log =
        (ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(
                io.entraid.connector.camunda.PermissionPreflight.class);
    var captured =
        new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
    captured.start();
    log.addAppender(captured);
    EntraIdProcessEnginePlugin plugin = plugin(newKey());
    plugin.setDeploymentPreflight(true);
    ProcessEngine engine = engine(plugin);
    try {
      plugin.getConnectionAdmin().create(body("stored1", app.secret().value()), "alice");
      engine
          .getRepositoryService()
          .createDeployment()
          .addModelInstance(
              "unknown.bpmn",
              Bpmn.createExecutableProcess("unknown-connection")
                  .camundaHistoryTimeToLive(1)
                  .startEvent()
                  .serviceTask("lookUp")
                  .camundaDelegateExpression("${entraId}")
                  .camundaInputParameter("operation", "getUser")
                  .camundaInputParameter("connection", "payroll")
                  .endEvent()
                  .done())
          .deploy();
      assertThat(captured.list)
          .anyMatch(
              e ->
                  e.getFormattedMessage().startsWith("ENTRAID-02002")
                      && e.getFormattedMessage().contains("No EntraID connection named 'payroll'")
                      && e.getFormattedMessage().contains("default, stored1")
                      && e.getFormattedMessage()
                          .contains("process 'unknown-connection' (tasks lookUp)"));
    } finally {
      log.detachAppender(captured);
      engine.close();
    }
  }

  /** A process whose two Entra ID tasks name the connection stored1. */
  static BpmnModelInstance usingStored1() {
    return Bpmn.createExecutableProcess("uses-stored")
        .camundaHistoryTimeToLive(1)
        .startEvent()
        .serviceTask("lookUp")
        .camundaDelegateExpression("${entraId}")
        .camundaInputParameter("operation", "getUser")
        .camundaInputParameter("connection", "stored1")
        .camundaInputParameter("user", "${user}")
        .serviceTask("create")
        .camundaDelegateExpression("${entraId}")
        .camundaInputParameter("operation", "createUser")
        .camundaInputParameter("connection", "stored1")
        .endEvent()
        .done();
  }

  /** Every value of the store's own tables. */
  static List<String> storeColumns(ProcessEngine engine) throws Exception {
    List<String> values = new ArrayList<>();
    var configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    try (Connection db = configuration.getDataSource().getConnection();
        Statement s = db.createStatement()) {
      for (String table : List.of(ConnectionStore.TABLE, ConnectionStore.AUDIT_TABLE)) {
        try (ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY 1")) {
          while (rs.next()) {
            for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++)
              values.add(table + ": " + rs.getString(c));
          }
        }
      }
    }
    return values;
  }
}
