package io.entraid.connector.core.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.entraid.connector.core.connection.ConnectionProblem.Severity;
import io.entraid.connector.core.token.CertificateSource;
import io.entraid.connector.core.token.Credential;
import io.entraid.connector.core.token.TokenProvider;
import io.entraid.emulator.AppRegistration;
import io.entraid.emulator.EntraEmulator;
import io.entraid.emulator.tls.ClientCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A certificate given by content (what a stored connection holds, since the nodes of a cluster do
 * not share files): PEM text or {@code base64:} and a PFX. MSAL4J signs with it against the
 * emulator's token endpoint exactly as with a file (entra-docs "Microsoft identity platform
 * application authentication certificate credentials"), and each wrong upload gets the file's
 * diagnosis, worded for an upload. The shared validation refuses a certificate path and
 * ClientSecretFile, and keeps ClientAssertionFile as a path.
 */
class UploadedCertificateTest {
  static final String PASSWORD = "pfx-pass-word";
  static EntraEmulator emulator;
  static ClientCertificate valid;
  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    emulator = EntraEmulator.builder().start();
    valid = certificate("uploaded", -1, 300);
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  static ClientCertificate certificate(String name, int fromDays, int toDays) {
    Instant now = Instant.now();
    return ClientCertificate.create(
        name, now.plus(fromDays, ChronoUnit.DAYS), now.plus(toDays, ChronoUnit.DAYS));
  }

  static String pem(ClientCertificate cert) throws Exception {
    return Files.readString(cert.writePem(dir.resolve(UUID.randomUUID() + ".pem")));
  }

  static String pfx(ClientCertificate cert, String password) throws Exception {
    Path file = cert.writePfx(dir.resolve(UUID.randomUUID() + ".pfx"), password);
    return "base64:" + Base64.getEncoder().encodeToString(Files.readAllBytes(file));
  }

  static Map<String, String> with(String clientId, String... keyValues) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("TenantID", emulator.tenantId());
    p.put("ClientID", clientId);
    p.put("AuthorityHost", emulator.authorityHost());
    p.put("GraphEndpoint", emulator.graphEndpoint());
    for (int i = 0; i < keyValues.length; i += 2) p.put(keyValues[i], keyValues[i + 1]);
    return p;
  }

  static EntraIdSettings shared(Map<String, String> parameters) {
    return EntraIdConnectionType.validateShared(
        new ConnectionDefinition("uploaded", "EntraID", parameters));
  }

  static ConnectionProblem onlyError(String... keyValues) {
    List<ConnectionProblem> errors;
    try {
      errors = shared(with(UUID.randomUUID().toString(), keyValues)).warnings();
    } catch (InvalidConnectionException e) {
      errors = e.problems();
    }
    errors = errors.stream().filter(p -> p.severity() == Severity.ERROR).toList();
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).message()).doesNotContain(dir.toString());
    return errors.get(0);
  }

  static TokenProvider tokens(EntraIdSettings settings) {
    return EntraConnection.create(
            settings, ConnectionOptions.DEFAULTS.withSslContext(emulator.sslContext()))
        .tokens();
  }

  @Test
  void pemTextSignsTokenRequestsAndReportsItsNotAfter() throws Exception {
    AppRegistration app = emulator.registerApp("pem-" + UUID.randomUUID(), Set.of());
    AppRegistration.KeyCredential key = app.addCertificate(valid.certificate());
    String content = pem(valid);
    EntraIdSettings settings = shared(with(app.clientId(), "ClientCertificate", content));
    Credential.ClientCertificate credential = (Credential.ClientCertificate) settings.credential();
    assertThat(credential.source()).isInstanceOf(CertificateSource.Uploaded.class);
    assertThat(credential.sourceFile()).isEmpty();
    String privateKeyLine = content.split("\n")[content.split("\n").length - 3];
    assertThat(credential.toString() + settings).doesNotContain(privateKeyLine);

    TokenProvider tokens = tokens(settings);
    assertThat(tokens.token().value()).isNotBlank();
    assertThat(app.tokensIssuedWith(key.keyId())).isEqualTo(1);
    assertThat(tokens.credentialNotAfter()).contains(valid.certificate().getNotAfter().toInstant());
  }

  @Test
  void base64PfxWithPasswordAndX5cSignsTokenRequests() throws Exception {
    AppRegistration app = emulator.registerApp("pfx-" + UUID.randomUUID(), Set.of());
    AppRegistration.KeyCredential key = app.addCertificate(valid.certificate());
    TokenProvider tokens =
        tokens(
            shared(
                with(
                    app.clientId(),
                    "ClientCertificate",
                    pfx(valid, PASSWORD),
                    "ClientCertificatePassword",
                    PASSWORD,
                    "SendX5C",
                    "true")));
    assertThat(tokens.token().value()).isNotBlank();
    assertThat(app.tokensIssuedWith(key.keyId())).isEqualTo(1);
    assertThat(tokens.toString()).doesNotContain(PASSWORD);
  }

  @Test
  void configurationAcceptsContentToo() throws Exception {
    Credential credential =
        EntraIdConnectionType.validate(
                new ConnectionDefinition(
                    "configured",
                    "EntraID",
                    with(UUID.randomUUID().toString(), "ClientCertificate", pem(valid))))
            .credential();
    assertThat(((Credential.ClientCertificate) credential).source())
        .isInstanceOf(CertificateSource.Uploaded.class);
  }

  @Test
  void aPathIsRefusedBecauseNodesDoNotShareFiles() throws Exception {
    Path file = valid.writePem(dir.resolve("on-one-node.pem"));
    ConnectionProblem e = onlyError("ClientCertificate", file.toString());
    assertThat(e.key()).isEqualTo("ClientCertificate");
    assertThat(e.message())
        .contains("not a certificate file's content", "nodes do not share files")
        .contains("Fix: upload the file", "base64:");
  }

  @Test
  void aThumbprintIsDiagnosedAsSuch() {
    assertThat(onlyError("ClientCertificate", valid.thumbprint()).message())
        .contains("looks like a certificate thumbprint", "Fix: upload the PFX/PKCS12 file");
  }

  @Test
  void thePublicCerAloneIsDiagnosed() throws Exception {
    Path cer = valid.writeDer(dir.resolve("public.cer"));
    String upload = "base64:" + Base64.getEncoder().encodeToString(Files.readAllBytes(cer));
    assertThat(onlyError("ClientCertificate", upload).message())
        .contains("The uploaded file holds only a public certificate", "not its private key")
        .contains("Fix: upload the PFX/PKCS12 file");
  }

  @Test
  void aPemWithoutItsKeyIsDiagnosed() {
    assertThat(onlyError("ClientCertificate", valid.certificatePem()).message())
        .contains("The uploaded file holds a certificate but no private key");
  }

  @Test
  void aKeyOfAnotherCertificateIsDiagnosed() throws Exception {
    String otherKey =
        pem(certificate("other", -1, 300))
            .replaceAll("(?s)-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----\\n", "");
    assertThat(onlyError("ClientCertificate", valid.certificatePem() + otherKey).message())
        .contains("The private key in the uploaded file does not belong to its certificate");
  }

  @Test
  void anExpiredCertificateIsDiagnosed() throws Exception {
    assertThat(onlyError("ClientCertificate", pem(certificate("old", -400, -1))).message())
        .contains("The certificate in the uploaded file expired on", "upload the new file");
  }

  @Test
  void aWrongOrMissingPfxPasswordIsDiagnosed() throws Exception {
    String upload = pfx(valid, PASSWORD);
    ConnectionProblem wrong =
        onlyError("ClientCertificate", upload, "ClientCertificatePassword", "guess");
    assertThat(wrong.message())
        .contains("The password does not open the uploaded file")
        .doesNotContain("guess");
    assertThat(onlyError("ClientCertificate", upload).message())
        .contains("The uploaded file is protected by a password");
  }

  @Test
  void contentThatIsNeitherPfxNorPemIsDiagnosed() {
    assertThat(onlyError("ClientCertificate", "base64:bm90IGEgY2VydGlmaWNhdGU=").message())
        .contains("The uploaded file is neither a PKCS12/PFX file nor a PEM file");
    assertThat(onlyError("ClientCertificate", "base64:%%%").message())
        .contains("is not valid base64");
  }

  @Test
  void aSecretFileIsRefusedWithItsFix() throws Exception {
    Path file = Files.writeString(dir.resolve("secret"), "abc8Q~not-a-real-secret-value");
    ConnectionProblem e = onlyError("ClientSecretFile", file.toString());
    assertThat(e.key()).isEqualTo("ClientSecretFile");
    assertThat(e.message())
        .contains("nodes do not share files", "Fix: store the secret's Value as ClientSecret")
        .contains("rotate");
  }

  @Test
  void anAssertionFileStaysAPath() throws Exception {
    Path file = Files.writeString(dir.resolve("token"), "a.b.c");
    assertThat(
            shared(with(UUID.randomUUID().toString(), "ClientAssertionFile", file.toString()))
                .credential())
        .isEqualTo(new Credential.ClientAssertionFile(file));
  }
}
