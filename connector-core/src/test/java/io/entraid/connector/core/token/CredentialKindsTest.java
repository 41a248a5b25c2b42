package io.entraid.connector.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.aad.msal4j.ManagedIdentitySourceType;
import com.microsoft.aad.msal4j.MsalError;
import com.microsoft.aad.msal4j.MsalServiceException;
import io.entraid.connector.core.GraphListener;
import io.entraid.connector.core.HttpSettings;
import io.entraid.connector.core.connection.ConnectionDefinition;
import io.entraid.connector.core.connection.ConnectionOptions;
import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.connection.EntraIdConnectionType;
import io.entraid.emulator.AppRegistration;
import io.entraid.emulator.EntraEmulator;
import io.entraid.emulator.tls.ClientCertificate;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every credential kind gets tokens from the emulator through MSAL4J, each Entra refusal maps to
 * its diagnosis, and a rotated secret or certificate file is used from the next token on.
 */
class CredentialKindsTest {
  static EntraEmulator emulator;
  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    emulator = EntraEmulator.builder().start();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  static AppRegistration newApp() {
    return emulator.registerApp("kinds-" + UUID.randomUUID(), Set.of("User.Read.All"));
  }

  static ClientCertificate newCertificate() {
    Instant now = Instant.now();
    return ClientCertificate.create(
        "kinds", now.minus(1, ChronoUnit.HOURS), now.plus(90, ChronoUnit.DAYS));
  }

  static TokenProvider connect(String clientId, String... keyValues) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("TenantID", emulator.tenantId());
    p.put("ClientID", clientId);
    p.put("AuthorityHost", emulator.authorityHost());
    p.put("GraphEndpoint", emulator.graphEndpoint());
    for (int i = 0; i < keyValues.length; i += 2) p.put(keyValues[i], keyValues[i + 1]);
    return EntraConnection.create(
            EntraIdConnectionType.validate(new ConnectionDefinition("kinds", "EntraID", p)),
            ConnectionOptions.DEFAULTS.withSslContext(emulator.sslContext()))
        .tokens();
  }

  /** Replaces a file the way Kubernetes updates a mounted secret: a new file moved into place. */
  static void replace(Path file, byte[] content) throws Exception {
    Path next = Files.createTempFile(dir, "next", ".tmp");
    Files.write(next, content);
    Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  static String fileName() {
    return UUID.randomUUID().toString();
  }

  static Diagnosis diagnosis(TokenProvider tokens) {
    return MsalTokenProviderTest.failure(tokens).diagnosis();
  }

  @Test
  void secretFile() throws Exception {
    AppRegistration app = newApp();
    Path file = Files.writeString(dir.resolve(fileName()), app.secret().value() + "\n");
    assertThat(connect(app.clientId(), "ClientSecretFile", file.toString()).token().value())
        .isNotBlank();
    assertThat(app.tokensIssuedWith(app.secret().id())).isEqualTo(1);
  }

  @Test
  void pemCertificateReportsItsNotAfter() throws Exception {
    AppRegistration app = newApp();
    ClientCertificate cert = newCertificate();
    AppRegistration.KeyCredential key = app.addCertificate(cert.certificate());
    TokenProvider tokens =
        connect(
            app.clientId(), "ClientCertificate", cert.writePem(dir.resolve(fileName())).toString());
    assertThat(tokens.token().value()).isNotBlank();
    assertThat(app.tokensIssuedWith(key.keyId())).isEqualTo(1);
    assertThat(tokens.credentialNotAfter()).contains(cert.certificate().getNotAfter().toInstant());
  }

  @Test
  void pfxCertificateWithPasswordAndX5c() throws Exception {
    AppRegistration app = newApp();
    ClientCertificate cert = newCertificate();
    AppRegistration.KeyCredential key = app.addCertificate(cert.certificate());
    Path pfx = cert.writePfx(dir.resolve(fileName() + ".pfx"), "s3cret-pass");
    TokenProvider tokens =
        connect(
            app.clientId(),
            "ClientCertificate",
            pfx.toString(),
            "ClientCertificatePassword",
            "s3cret-pass",
            "SendX5C",
            "true");
    assertThat(tokens.token().value()).isNotBlank();
    assertThat(app.tokensIssuedWith(key.keyId())).isEqualTo(1);
    assertThat(tokens.toString()).doesNotContain("s3cret-pass");
  }

  @Test
  void assertionFileIsReadForEveryTokenRequest() throws Exception {
    AppRegistration app = newApp();
    var first = app.addFederatedCredential("one", emulator.federation().issuer(), "sa:one");
    var second = app.addFederatedCredential("two", emulator.federation().issuer(), "sa:two");
    Path file =
        Files.writeString(dir.resolve(fileName()), federated("sa:one", Duration.ofHours(1)));
    TokenProvider tokens = connect(app.clientId(), "ClientAssertionFile", file.toString());
    AccessToken token = tokens.token();
    replace(file, federated("sa:two", Duration.ofHours(1)).getBytes(StandardCharsets.US_ASCII));
    tokens.refresh(token);
    assertThat(app.tokensIssuedWith(first.id())).isEqualTo(1);
    assertThat(app.tokensIssuedWith(second.id())).isEqualTo(1);
  }

  @Test
  void certificateNotUploadedIsUnknownCertificate() throws Exception {
    AppRegistration app = newApp();
    Path pem = newCertificate().writePem(dir.resolve(fileName()));
    TokenAcquisitionException e =
        MsalTokenProviderTest.failure(connect(app.clientId(), "ClientCertificate", pem.toString()));
    assertThat(e.diagnosis()).isEqualTo(Diagnosis.UNKNOWN_CERTIFICATE);
    assertThat(e.aadstsCode()).isEqualTo(700027);
    assertThat(e.getMessage()).contains("Fix: Upload the certificate's public part");
  }

  @Test
  void federatedTokenWithoutMatchingCredential() throws Exception {
    AppRegistration app = newApp();
    Path file = Files.writeString(dir.resolve(fileName()), federated("sa:x", Duration.ofHours(1)));
    assertThat(diagnosis(connect(app.clientId(), "ClientAssertionFile", file.toString())))
        .isEqualTo(Diagnosis.NO_FEDERATED_CREDENTIAL);
  }

  @Test
  void federatedTokenForAnotherSubject() throws Exception {
    AppRegistration app = newApp();
    app.addFederatedCredential("aks", emulator.federation().issuer(), "sa:right");
    Path file =
        Files.writeString(dir.resolve(fileName()), federated("sa:wrong", Duration.ofHours(1)));
    assertThat(diagnosis(connect(app.clientId(), "ClientAssertionFile", file.toString())))
        .isEqualTo(Diagnosis.NO_FEDERATED_SUBJECT);
  }

  @Test
  void expiredFederatedToken() throws Exception {
    AppRegistration app = newApp();
    app.addFederatedCredential("aks", emulator.federation().issuer(), "sa:old");
    String old =
        emulator
            .federation()
            .token(
                "sa:old",
                AppRegistration.TOKEN_EXCHANGE_AUDIENCE,
                Instant.now().minus(2, ChronoUnit.HOURS),
                Duration.ofHours(1));
    Path file = Files.writeString(dir.resolve(fileName()), old);
    assertThat(diagnosis(connect(app.clientId(), "ClientAssertionFile", file.toString())))
        .isEqualTo(Diagnosis.ASSERTION_EXPIRED);
  }

  /**
   * A certificate-signed assertion made for another token endpoint (certificate-credentials.md).
   */
  @Test
  void assertionForAnotherTokenEndpoint() throws Exception {
    AppRegistration app = newApp();
    ClientCertificate cert = newCertificate();
    app.addCertificate(cert.certificate());
    String assertion =
        cert.clientAssertion(
            app.clientId(),
            "https://login.microsoftonline.com/other/oauth2/v2.0/token",
            Instant.now(),
            Instant.now().plusSeconds(600));
    Path file = Files.writeString(dir.resolve(fileName()), assertion);
    assertThat(diagnosis(connect(app.clientId(), "ClientAssertionFile", file.toString())))
        .isEqualTo(Diagnosis.ASSERTION_WRONG_AUDIENCE);
  }

  @Test
  void assertionFileRemovedAfterStartIsDiagnosedLocally() throws Exception {
    AppRegistration app = newApp();
    app.addFederatedCredential("aks", emulator.federation().issuer(), "sa:gone");
    Path file =
        Files.writeString(dir.resolve(fileName()), federated("sa:gone", Duration.ofHours(1)));
    TokenProvider tokens = connect(app.clientId(), "ClientAssertionFile", file.toString());
    Files.delete(file);
    TokenAcquisitionException e = MsalTokenProviderTest.failure(tokens);
    assertThat(e.diagnosis()).isEqualTo(Diagnosis.CREDENTIAL_FILE_UNUSABLE);
    assertThat(e.getMessage()).contains("does not exist");
    assertThat(emulator.tokenRequestCount(app.clientId())).isZero();
  }

  /**
   * MSAL reports an identity endpoint it cannot reach as managed_identity_unreachable_network
   * (AbstractManagedIdentitySource). A narrow seam: the endpoint comes from the process
   * environment, which only a child JVM can set (see ManagedIdentityInEngineTest for the real
   * endpoint).
   */
  @Test
  void unreachableManagedIdentityEndpoint() {
    MsalTokenProvider provider =
        new MsalTokenProvider(
            EntraIdConnectionType.validate(
                    new ConnectionDefinition("mi", "EntraID", Map.of("ManagedIdentity", "system")))
                .token(),
            HttpSettings.DEFAULTS,
            GraphListener.NONE);
    TokenAcquisitionException e =
        provider.translate(
            new MsalServiceException(
                "[Managed Identity] Connection refused",
                MsalError.MANAGED_IDENTITY_UNREACHABLE_NETWORK,
                ManagedIdentitySourceType.IMDS));
    assertThat(e.diagnosis()).isEqualTo(Diagnosis.MANAGED_IDENTITY_UNAVAILABLE);
    assertThat(e.getMessage()).contains("Fix: Run the engine on an Azure resource");
    assertThat(provider.translate(new ConnectException("Connection refused")).diagnosis())
        .isEqualTo(Diagnosis.MANAGED_IDENTITY_UNAVAILABLE);
  }

  @Test
  void rotatedSecretFileIsUsedFromTheNextTokenOn() throws Exception {
    AppRegistration app = newApp();
    AppRegistration.Secret old = app.secret();
    Path file = Files.writeString(dir.resolve(fileName()), old.value());
    TokenProvider tokens = connect(app.clientId(), "ClientSecretFile", file.toString());
    AccessToken before = tokens.token();
    assertThat(tokens.token()).isSameAs(before);

    AppRegistration.Secret rotated = app.addSecret(null);
    replace(file, rotated.value().getBytes(StandardCharsets.UTF_8));
    app.removeSecret(old.id());
    AccessToken after = tokens.token();
    assertThat(after).isNotSameAs(before);
    assertThat(tokens.token()).isSameAs(after);
    assertThat(app.tokensIssuedWith(old.id())).isEqualTo(1);
    assertThat(app.tokensIssuedWith(rotated.id())).isEqualTo(1);
  }

  @Test
  void rotatedCertificateFileIsUsedFromTheNextTokenOn() throws Exception {
    AppRegistration app = newApp();
    ClientCertificate first = newCertificate();
    AppRegistration.KeyCredential firstKey = app.addCertificate(first.certificate());
    Path file = first.writePem(dir.resolve(fileName()));
    TokenProvider tokens = connect(app.clientId(), "ClientCertificate", file.toString());
    AccessToken before = tokens.token();

    ClientCertificate second = newCertificate();
    AppRegistration.KeyCredential secondKey = app.addCertificate(second.certificate());
    Path staged = second.writePem(dir.resolve(fileName()));
    replace(file, Files.readAllBytes(staged));
    app.removeCertificate(firstKey.keyId());
    assertThat(tokens.token()).isNotSameAs(before);
    assertThat(app.tokensIssuedWith(secondKey.keyId())).isEqualTo(1);
    assertThat(tokens.credentialNotAfter())
        .contains(second.certificate().getNotAfter().toInstant());
  }

  @Test
  void brokenRotatedFileKeepsThePreviousCredential() throws Exception {
    AppRegistration app = newApp();
    ClientCertificate cert = newCertificate();
    app.addCertificate(cert.certificate());
    Path file = cert.writePem(dir.resolve(fileName()));
    TokenProvider tokens = connect(app.clientId(), "ClientCertificate", file.toString());
    AccessToken before = tokens.token();
    replace(file, cert.certificatePem().getBytes(StandardCharsets.US_ASCII)); // key missing
    assertThat(tokens.token()).isSameAs(before);
    assertThat(tokens.token()).isSameAs(before);
    assertThat(emulator.tokenRequestCount(app.clientId())).isEqualTo(1);
  }

  static String federated(String subject, Duration lifetime) {
    return emulator
        .federation()
        .token(subject, AppRegistration.TOKEN_EXCHANGE_AUDIENCE, Instant.now(), lifetime);
  }
}
