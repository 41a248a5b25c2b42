package io.entraid.connector.core.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.entraid.connector.core.connection.ConnectionProblem.Severity;
import io.entraid.connector.core.token.Credential;
import io.entraid.emulator.tls.ClientCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each credential key's validation: one diagnosis per wrong setup, naming key, problem and fix. */
class CredentialValidationTest {
  static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  static final String CLIENT = "11111111-2222-3333-4444-555555555555";
  static final String PASSWORD = "pfx-pass-word";
  static ClientCertificate valid;
  static ClientCertificate other;

  @TempDir static Path dir;

  @BeforeAll
  static void certificates() {
    Instant now = Instant.now();
    valid =
        ClientCertificate.create(
            "valid", now.minus(1, ChronoUnit.DAYS), now.plus(300, ChronoUnit.DAYS));
    other =
        ClientCertificate.create(
            "other", now.minus(1, ChronoUnit.DAYS), now.plus(300, ChronoUnit.DAYS));
  }

  static Map<String, String> with(String... keyValues) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("TenantID", TENANT);
    p.put("ClientID", CLIENT);
    for (int i = 0; i < keyValues.length; i += 2) p.put(keyValues[i], keyValues[i + 1]);
    return p;
  }

  static List<ConnectionProblem> problems(Map<String, String> parameters) {
    try {
      return EntraIdConnectionType.validate(new ConnectionDefinition("c", "EntraID", parameters))
          .warnings();
    } catch (InvalidConnectionException e) {
      return e.problems();
    }
  }

  static ConnectionProblem onlyError(Map<String, String> parameters) {
    List<ConnectionProblem> errors =
        problems(parameters).stream().filter(p -> p.severity() == Severity.ERROR).toList();
    assertThat(errors).hasSize(1);
    return errors.get(0);
  }

  static EntraIdSettings settings(Map<String, String> parameters) {
    return EntraIdConnectionType.validate(new ConnectionDefinition("c", "EntraID", parameters));
  }

  @Test
  void pemAndPfxCertificatesAreAccepted() throws Exception {
    Path pem = valid.writePem(dir.resolve("valid.pem"));
    Path pfx = valid.writePfx(dir.resolve("valid.pfx"), PASSWORD);
    assertThat(settings(with("ClientCertificate", pem.toString())).credential())
        .isEqualTo(new Credential.ClientCertificate(pem, java.util.Optional.empty(), false));
    Credential.ClientCertificate c =
        (Credential.ClientCertificate)
            settings(
                    with(
                        "ClientCertificate",
                        pfx.toString(),
                        "ClientCertificatePassword",
                        PASSWORD,
                        "SendX5C",
                        "TRUE"))
                .credential();
    assertThat(c.sendX5c()).isTrue();
    assertThat(c.toString()).doesNotContain(PASSWORD);
  }

  @Test
  void noCredentialNamesTheChoices() {
    assertThat(onlyError(with()).message())
        .startsWith("No credential is set.")
        .contains(
            "ClientSecret, ClientSecretFile, ClientCertificate, ClientAssertionFile, ManagedIdentity");
  }

  @Test
  void twoCredentialsAreOneError() throws Exception {
    Path pem = valid.writePem(dir.resolve("two.pem"));
    assertThat(
            onlyError(with("ClientSecret", "abc8Q~secret", "ClientCertificate", pem.toString()))
                .message())
        .contains("ClientSecret and ClientCertificate are all set", "exactly one credential");
  }

  @Test
  void certificateOptionsWithoutCertificateAreErrors() {
    List<ConnectionProblem> p =
        problems(
            with(
                "ClientSecret",
                "abc8Q~secret",
                "ClientCertificatePassword",
                "x",
                "SendX5C",
                "true"));
    assertThat(p)
        .extracting(ConnectionProblem::key)
        .contains("ClientCertificatePassword", "SendX5C");
    assertThat(p.get(0).message())
        .contains("only applies to ClientCertificate")
        .doesNotContain("'x'");
  }

  @Test
  void missingCertificateFile() {
    ConnectionProblem e = onlyError(with("ClientCertificate", dir.resolve("nope.pfx").toString()));
    assertThat(e.key()).isEqualTo("ClientCertificate");
    assertThat(e.message()).contains("does not exist", "Fix: check the path");
  }

  @Test
  void thumbprintInsteadOfPath() {
    assertThat(onlyError(with("ClientCertificate", valid.thumbprint())).message())
        .contains("looks like a certificate thumbprint", "Fix: give the path of the PFX");
  }

  @Test
  void publicCerWithoutKey() throws Exception {
    Path cer = valid.writeDer(dir.resolve("upload.cer"));
    assertThat(onlyError(with("ClientCertificate", cer.toString())).message())
        .contains("holds only a public certificate", "not its private key", "PFX/PKCS12");
  }

  @Test
  void pemWithoutPrivateKey() throws Exception {
    Path pem = valid.writeCertificatePem(dir.resolve("only-cert.pem"));
    assertThat(onlyError(with("ClientCertificate", pem.toString())).message())
        .contains("holds a certificate but no private key", "append the private key");
  }

  @Test
  void pfxNamedFileHoldingPemTextWithoutKey() throws Exception {
    Path fake = valid.writeCertificatePem(dir.resolve("exported.pfx"));
    assertThat(onlyError(with("ClientCertificate", fake.toString())).message())
        .contains("name ends in .pfx/.p12, it is a PEM text file");
  }

  @Test
  void wrongPfxPassword() throws Exception {
    Path pfx = valid.writePfx(dir.resolve("wrong-pass.pfx"), PASSWORD);
    ConnectionProblem e =
        onlyError(with("ClientCertificate", pfx.toString(), "ClientCertificatePassword", "guess"));
    assertThat(e.message()).contains("The password does not open").doesNotContain("guess");
  }

  @Test
  void pfxPasswordMissing() throws Exception {
    Path pfx = valid.writePfx(dir.resolve("no-pass.pfx"), PASSWORD);
    assertThat(onlyError(with("ClientCertificate", pfx.toString())).message())
        .contains("protected by a password", "ClientCertificatePassword is not set");
  }

  @Test
  void keyOfAnotherCertificate() throws Exception {
    Path mixed = dir.resolve("mixed.pem");
    Files.writeString(
        mixed,
        valid.certificatePem()
            + Files.readString(other.writePem(dir.resolve("other.pem")))
                .replaceAll("(?s)-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----\\n", ""));
    assertThat(onlyError(with("ClientCertificate", mixed.toString())).message())
        .contains("does not belong to its certificate", "CN=valid");
  }

  @Test
  void expiredCertificate() throws Exception {
    Instant now = Instant.now();
    Path old =
        ClientCertificate.create(
                "old", now.minus(400, ChronoUnit.DAYS), now.minus(1, ChronoUnit.DAYS))
            .writePem(dir.resolve("expired.pem"));
    assertThat(onlyError(with("ClientCertificate", old.toString())).message())
        .contains("expired on", "upload its public part");
  }

  @Test
  void notYetValidCertificate() throws Exception {
    Instant now = Instant.now();
    Path future =
        ClientCertificate.create(
                "future", now.plus(2, ChronoUnit.DAYS), now.plus(400, ChronoUnit.DAYS))
            .writePem(dir.resolve("future.pem"));
    assertThat(onlyError(with("ClientCertificate", future.toString())).message())
        .contains("is not valid before", "clock");
  }

  @Test
  void badSendX5c() throws Exception {
    Path pem = valid.writePem(dir.resolve("x5c.pem"));
    assertThat(onlyError(with("ClientCertificate", pem.toString(), "SendX5C", "yes")).message())
        .contains("SendX5C: 'yes' is not a boolean");
  }

  @Test
  void secretFileMissingEmptyOrHoldingTheSecretId() throws Exception {
    assertThat(onlyError(with("ClientSecretFile", dir.resolve("none").toString())).message())
        .startsWith("ClientSecretFile: The file")
        .contains("does not exist");
    Path empty = Files.writeString(dir.resolve("empty"), "  \n");
    assertThat(onlyError(with("ClientSecretFile", empty.toString())).message())
        .contains("holds only whitespace");
    Path id = Files.writeString(dir.resolve("id"), "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee\n");
    ConnectionProblem e = onlyError(with("ClientSecretFile", id.toString()));
    assertThat(e.key()).isEqualTo("ClientSecretFile");
    assertThat(e.message()).contains("Secret ID").doesNotContain("aaaaaaaa-bbbb");
  }

  @Test
  void directoryInsteadOfSecretFile() {
    assertThat(onlyError(with("ClientSecretFile", dir.toString())).message())
        .contains("is a directory");
  }

  @Test
  void assertionFileThatIsNoJwt() throws Exception {
    Path file = Files.writeString(dir.resolve("token"), "not-a-token");
    assertThat(onlyError(with("ClientAssertionFile", file.toString())).message())
        .contains("does not hold a JWT")
        .doesNotContain("not-a-token");
  }

  @Test
  void managedIdentityNeedsNoTenantOrClientAndWarnsAboutThem() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("ManagedIdentity", "System");
    EntraIdSettings s = settings(p);
    assertThat(s.credential())
        .isEqualTo(new Credential.ManagedIdentity(java.util.Optional.empty()));
    assertThat(s.tenantId()).isNull();
    assertThat(s.warnings()).isEmpty();
    assertThat(problems(with("ManagedIdentity", CLIENT)))
        .extracting(ConnectionProblem::key)
        .containsExactly("TenantID", "ClientID");
    assertThat(settings(with("ManagedIdentity", CLIENT)).credential())
        .isEqualTo(new Credential.ManagedIdentity(java.util.Optional.of(CLIENT)));
  }

  @Test
  void managedIdentityThatIsNeitherSystemNorAGuid() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("ManagedIdentity", "/subscriptions/x/resourcegroups/y/providers/identity");
    assertThat(onlyError(p).message()).contains("is neither system nor a client ID");
  }

  @Test
  void misspelledCredentialKeysAreSuggested() {
    assertThat(
            onlyError(with("ClientSecret", "abc8Q~secret", "CertificatePassword", "x")).message())
        .contains("Did you mean ClientCertificatePassword?");
    assertThat(onlyError(with("ClientSecret", "abc8Q~secret", "ManagedIdentityId", "x")).message())
        .contains("Did you mean ManagedIdentity?");
  }
}
