package io.entraid.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.entraid.emulator.AppRegistration;
import io.entraid.emulator.EntraEmulator;
import io.entraid.emulator.tls.ClientCertificate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Admin's "Entra ID connections" page in a real browser (issue #19): headless Chromium from Debian
 * driven by playwright-core ({@code scripts/connections-page-test.mjs}), against the packaged app
 * in real-tenant mode whose tenant is an emulator in this JVM, so the test can add and remove the
 * app's secrets as an administrator does in the Entra admin center. The three phases build on each
 * other: the connection 'hr' is created through the page (the Secret ID pasted instead of the Value
 * is diagnosed first), tested and used by a process; its secret is rotated through the page while
 * 50 instances run on it; then it is deleted, with the warning that a deployed process uses it. A
 * user outside camunda-admin sees no connection data; nothing the page received or showed holds a
 * secret. A certificate is stored by content, through the REST API and by uploading its file on the
 * page, and gets tokens; no response, log line or page shows its private key.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConnectionsPageIT {
  private static final String CLERK = "clerk";
  private static final String CLERK_PASSWORD = "Cl3rk-" + UUID.randomUUID();
  private static final Path SHOTS = Path.of("target", "connections-page");
  private static EmulatorTenant tenant;
  private static EntraEmulator emulator;
  private static AppRegistration.Secret newSecret;
  private static ExampleApp app;
  private static Map<String, String> browserEnv;
  private static ClientCertificate certificate;
  private static AppRegistration.KeyCredential certificateKey;
  private static ClientCertificate nextCertificate;
  private static AppRegistration.KeyCredential nextCertificateKey;
  private static Path certificatePem;
  private static String privateKeyLine;

  @BeforeAll
  static void start() {
    tenant = new EmulatorTenant(19);
    emulator = tenant.emulator;
    // The administrator's side of a rotation: a second secret exists before the page switches to
    // it (learn.microsoft.com/entra/identity-platform/howto-create-service-principal-portal).
    newSecret = emulator.defaultApp().addSecret(Instant.now().plus(180, ChronoUnit.DAYS));
    app = tenant.startApp("connections-page");
    // A user who may open Admin but is not in camunda-admin.
    app.rest.post(
        "/engine-rest/user/create",
        Map.of(
            "profile", Map.of("id", CLERK, "firstName", "Cleo", "lastName", "Clerk"),
            "credentials", Map.of("password", CLERK_PASSWORD)));
    app.rest.post(
        "/engine-rest/authorization/create",
        Map.of(
            "type",
            1,
            "resourceType",
            0,
            "resourceId",
            "admin",
            "permissions",
            List.of("ACCESS"),
            "userId",
            CLERK));
    browserEnv = new LinkedHashMap<>();
    browserEnv.put("BASE", app.rest.base);
    browserEnv.put("ADMIN_USER", tenant.admin);
    browserEnv.put("ADMIN_PASSWORD", tenant.adminPassword);
    browserEnv.put("CLERK_USER", CLERK);
    browserEnv.put("CLERK_PASSWORD", CLERK_PASSWORD);
    browserEnv.put("TENANT_ID", emulator.tenantId());
    browserEnv.put("CLIENT_ID", emulator.clientId());
    browserEnv.put("CLIENT_SECRET", emulator.clientSecret());
    browserEnv.put("CLIENT_SECRET_ID", emulator.clientSecretId());
    browserEnv.put("NEW_CLIENT_SECRET", newSecret.value());
    browserEnv.put("AUTHORITY_HOST", emulator.authorityHost());
    browserEnv.put("GRAPH_ENDPOINT", emulator.graphEndpoint());
    browserEnv.put("UPN", tenant.someUser());
    browserEnv.put(
        "BPMN",
        Path.of("src/test/resources/connections-page/page-hr-check.bpmn")
            .toAbsolutePath()
            .toString());
    browserEnv.put("SHOTS", SHOTS.toAbsolutePath().toString());
    // A certificate credential of the app (entra-docs "Create a self-signed public certificate to
    // authenticate your application"): its public part is uploaded to the app registration.
    Instant now = Instant.now();
    certificate =
        ClientCertificate.create(
            "page-cert", now.minus(1, ChronoUnit.HOURS), now.plus(200, ChronoUnit.DAYS));
    certificateKey = emulator.defaultApp().addCertificate(certificate.certificate());
    nextCertificate =
        ClientCertificate.create(
            "page-cert-next", now.minus(1, ChronoUnit.HOURS), now.plus(300, ChronoUnit.DAYS));
    nextCertificateKey = emulator.defaultApp().addCertificate(nextCertificate.certificate());
    String pfxPassword = "Pfx-" + UUID.randomUUID();
    browserEnv.put("CERT_PFX_PASSWORD", pfxPassword);
    try {
      Path certificates = Files.createDirectories(SHOTS.resolve("certificate")).toAbsolutePath();
      certificatePem = certificate.writePem(certificates.resolve("page-cert.pem"));
      browserEnv.put("CERT_PEM", certificatePem.toString());
      browserEnv.put(
          "CERT_DER", certificate.writeDer(certificates.resolve("page-cert.cer")).toString());
      browserEnv.put(
          "CERT_PFX",
          nextCertificate
              .writePfx(certificates.resolve("page-cert-next.pfx"), pfxPassword)
              .toString());
      List<String> lines = Files.readAllLines(certificatePem);
      privateKeyLine = lines.get(lines.size() - 3); // a full line of the private key's base64
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    browserEnv.put("PRIVATE_KEY_LINE", privateKeyLine);
  }

  @AfterAll
  static void stop() {
    if (app != null) app.close();
    if (tenant != null) tenant.close();
  }

  @Test
  @Order(1)
  void createsTheConnectionDiagnosesTheSecretIdTestsItRunsAProcessOnItAndEditsIt() {
    JsonNode seen = browser("create");
    assertThat(seen.path("defaultReadOnly").asBoolean())
        .as("configured 'default' is read-only")
        .isTrue();
    assertThat(seen.path("inlineDiagnosis").asText()).containsIgnoringCase("secret id");
    assertThat(seen.path("saveWithSecretIdStatus").asInt()).isEqualTo(400);
    assertThat(seen.path("diagnosisAfterSave").asText()).containsIgnoringCase("secret id");
    assertThat(seen.path("saveStatus").asInt()).isEqualTo(201);
    assertThat(seen.path("maskedSecret").asText())
        .isNotBlank()
        .isNotEqualTo(emulator.clientSecret());
    assertThat(seen.path("tokenOk").asBoolean()).isTrue();
    assertThat(seen.path("granted").asText()).contains("User.Read.All");
    assertThat(seen.path("firstRunFinished").asInt()).isEqualTo(1);
    assertThat(seen.path("editStatus").asInt()).isEqualTo(200);
    assertThat(seen.path("policyAfterEdit").asText()).isEqualTo("page-*");
    assertThat(seen.path("processLine").asText()).contains("page-hr-check can run");
    assertNoSecretSeen(seen);
  }

  @Test
  @Order(2)
  void rotatesTheSecretWhileFiftyInstancesRunWithoutAFailure() {
    int tokensBefore = emulator.tokenRequestCount(emulator.clientId());
    JsonNode seen = browser("rotate");
    assertThat(seen.path("rotateProblems").asInt()).isZero();
    assertThat(seen.path("rotateStatus").asInt()).isEqualTo(200);
    assertThat(seen.path("finishedWhenRotated").asInt())
        .as("instances still running when the secret changed")
        .isLessThan(50);
    assertThat(seen.path("finishedAfter").asInt()).isEqualTo(50);
    assertThat(seen.path("incidents").asInt()).isZero();
    assertThat(seen.path("failedJobs").asInt()).isZero();
    assertThat(emulator.tokenRequestCount(emulator.clientId()))
        .as("the rotation dropped the cached token: a new one was requested")
        .isGreaterThan(tokensBefore);
    assertNoSecretSeen(seen);

    // The old secret is gone in Entra ID now: 'hr' keeps working on the new one.
    assertThat(emulator.defaultApp().removeSecret(emulator.clientSecretId())).isTrue();
    String instance = app.rest.start("page-hr-check", Map.of("upn", browserEnv.get("UPN")));
    app.rest.ended(instance);
    JsonNode test = app.rest.post("/engine-rest/entraid/connections/hr/test", Map.of());
    assertThat(test.path("token").path("ok").asBoolean()).isTrue();
  }

  @Test
  @Order(3)
  void showsTheHistoryDeletesWithTheReferenceWarningAndShowsNothingToANonAdmin() {
    JsonNode seen = browser("delete");
    assertThat(seen.path("withoutCsrfStatus").asInt()).isEqualTo(403);
    assertThat(seen.path("history").toString()).contains("\"create\"", "\"update\"", "\"rotate\"");
    assertThat(seen.path("deleteWarning").asText()).contains("page-hr-check");
    assertThat(seen.path("deleteStatus").asInt()).isEqualTo(200);
    assertThat(seen.path("listedAfterDelete").toString())
        .doesNotContain("\"hr\"")
        .contains("default");
    assertThat(seen.path("clerkStatuses").toString()).contains("403").doesNotContain("200");
    assertThat(seen.path("clerkRows").asInt()).isZero();
    assertThat(seen.path("clerkSeesTenant").asBoolean()).isFalse();
    assertThat(seen.path("clerkMessage").asText()).contains("camunda-admin");
    assertNoSecretSeen(seen);
  }

  @Test
  @Order(4)
  void aCertificateIsStoredByContentThroughTheApiGetsTokensAndIsNeverReturned() throws IOException {
    String api = "/engine-rest/entraid/connections";
    Map<String, Object> parameters = new LinkedHashMap<>(tenantParameters());
    parameters.put("ClientCertificate", Files.readString(certificatePem));
    JsonNode created = app.rest.post(api, Map.of("name", "api-cert", "parameters", parameters));
    assertThat(created.path("parameters").path("ClientCertificate").asText())
        .startsWith("uploaded: CN=page-cert, thumbprint " + certificate.thumbprint());
    int before = emulator.defaultApp().tokensIssuedWith(certificateKey.keyId());
    JsonNode tested = app.rest.post(api + "/api-cert/test", Map.of());
    assertThat(tested.path("token").path("ok").asBoolean()).as(tested.toString()).isTrue();
    assertThat(emulator.defaultApp().tokensIssuedWith(certificateKey.keyId()))
        .as("tokens signed with the stored certificate")
        .isGreaterThan(before);
    assertThat(tested.path("credentialExpiry").path("notAfter").asText())
        .isEqualTo(certificate.certificate().getNotAfter().toInstant().toString());
    String listed = app.rest.get(api).toString() + app.rest.get(api + "/api-cert");
    assertThat(listed).contains("api-cert", emulator.tenantId()); // positive control
    assertThat(listed).doesNotContain(privateKeyLine).doesNotContain("PRIVATE KEY");

    // A secret file on one node is no credential for a cluster.
    Map<String, Object> onOneNode = new LinkedHashMap<>(tenantParameters());
    onOneNode.put("ClientSecretFile", certificatePem.toString());
    Map<String, Object> body = Map.of("name", "api-secret-file", "parameters", onOneNode);
    assertThat(app.rest.postFailing(api, body).status()).isEqualTo(400);
    JsonNode problem = app.rest.post(api + "/validate", body).path("problems").get(0);
    assertThat(problem.path("key").asText()).isEqualTo("ClientSecretFile");
    assertThat(problem.path("problem").asText()).contains("nodes do not share files");
    assertThat(problem.path("fix").asText()).contains("ClientSecret", "rotate");

    assertThat(app.rest.status("DELETE", api + "/api-cert", Map.of())).isEqualTo(200);
    assertThat(app.log()).contains("api-cert").doesNotContain(privateKeyLine);
  }

  @Test
  @Order(5)
  void aCertificateFileIsUploadedOnThePageSavedShownByThumbprintTestedAndRotated() {
    int before = emulator.defaultApp().tokensIssuedWith(certificateKey.keyId());
    int nextBefore = emulator.defaultApp().tokensIssuedWith(nextCertificateKey.keyId());
    JsonNode seen = browser("certificate");
    assertThat(seen.path("cerDiagnosis").asText())
        .contains("The uploaded file holds only a public certificate");
    assertThat(seen.path("certificateSaveStatus").asInt()).isEqualTo(201);
    assertThat(seen.path("certificateShown").asText())
        .contains("uploaded: CN=page-cert, thumbprint " + certificate.thumbprint());
    assertThat(seen.path("certificateTokenOk").asBoolean()).isTrue();
    assertThat(emulator.defaultApp().tokensIssuedWith(certificateKey.keyId()))
        .isGreaterThan(before);
    assertThat(seen.path("certificateInEditForm").asText()).contains(certificate.thumbprint());
    assertThat(seen.path("certificateEditStatus").asInt()).isEqualTo(200);
    assertThat(seen.path("certificateRotateProblems").asInt()).isZero();
    assertThat(seen.path("certificateRotateStatus").asInt()).isEqualTo(200);
    assertThat(seen.path("certificateAfterRotation").asText())
        .contains("CN=page-cert-next, thumbprint " + nextCertificate.thumbprint());
    assertThat(seen.path("rotatedCertificateTokenOk").asBoolean()).isTrue();
    assertThat(emulator.defaultApp().tokensIssuedWith(nextCertificateKey.keyId()))
        .as("tokens signed with the PFX the page uploaded")
        .isGreaterThan(nextBefore);
    assertThat(seen.path("keyUploads").asInt())
        .as("positive control: the scan sees the key line in what the page uploads")
        .isPositive();
    assertNoSecretSeen(seen);
    assertThat(app.log())
        .doesNotContain(privateKeyLine)
        .doesNotContain(browserEnv.get("CERT_PFX_PASSWORD"));
  }

  /** TenantID, ClientID and the emulator's endpoints, without a credential. */
  private static Map<String, Object> tenantParameters() {
    return Map.of(
        "TenantID", emulator.tenantId(),
        "ClientID", emulator.clientId(),
        "AuthorityHost", emulator.authorityHost(),
        "GraphEndpoint", emulator.graphEndpoint());
  }

  /** The scan found no secret, and it did look: it saw the TenantID in what it scanned. */
  private static void assertNoSecretSeen(JsonNode seen) {
    assertThat(seen.path("scannedResponses").asInt()).isPositive();
    assertThat(seen.path("scanSawTenantId").asBoolean()).as("positive control").isTrue();
    assertThat(seen.path("secretLeaks").size()).as(seen.path("secretLeaks").toString()).isZero();
  }

  /** Runs one phase of the browser test and returns its report. */
  private static JsonNode browser(String phase) {
    Path report = SHOTS.resolve(phase + ".json").toAbsolutePath();
    Path log =
        Path.of(System.getProperty("example.logs", "target/it-logs"), "browser-" + phase + ".log");
    try {
      Files.createDirectories(log.getParent());
      Files.deleteIfExists(report);
      ProcessBuilder builder =
          new ProcessBuilder("bash", "scripts/connections-page-test.sh", phase)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      builder.environment().putAll(browserEnv);
      builder.environment().put("REPORT", report.toString());
      Process process = builder.start();
      boolean ended = process.waitFor(6, TimeUnit.MINUTES);
      if (!ended) process.destroyForcibly();
      String output = Files.readString(log);
      assertThat(ended && process.exitValue() == 0)
          .as("browser phase %s failed (%s):%n%s", phase, log, output)
          .isTrue();
      return Rest.JSON.readTree(report.toFile());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
