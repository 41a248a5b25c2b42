package io.entraid.connector.core.connection;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.entraid.connector.core.connection.CredentialExpiry.Source;
import io.entraid.connector.core.connection.CredentialExpiry.Status;
import io.entraid.connector.core.token.AccessToken;
import io.entraid.connector.core.token.Diagnosis;
import io.entraid.connector.core.token.TokenProvider;
import io.entraid.emulator.AppRegistration;
import io.entraid.emulator.EntraEmulator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Expiry of a connection's credential through the real stack: MSAL4J against the emulator's token
 * endpoint, Graph's application-get.md ({@code GET /applications(appId='…')?$select=
 * passwordCredentials}) over HTTPS, with the emulator and the connection on one clock that the test
 * moves.
 */
class CredentialExpiryTest {
  static final MovableClock CLOCK = new MovableClock(Instant.now());
  static EntraEmulator emulator;

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger monitorLog = (Logger) LoggerFactory.getLogger(CredentialExpiryMonitor.class);

  @BeforeAll
  static void start() {
    emulator = EntraEmulator.builder().clock(CLOCK).start();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @BeforeEach
  void captureLogs() {
    logs.start();
    monitorLog.addAppender(logs);
  }

  @AfterEach
  void releaseLogs() {
    monitorLog.detachAppender(logs);
  }

  static EntraConnection connect(
      AppRegistration app, String secret, CredentialExpiryCheck check, Instant certificateEnd) {
    EntraIdSettings settings =
        EntraIdConnectionType.validate(
            new ConnectionDefinition(
                "expiring",
                "EntraID",
                Map.of(
                    "TenantID",
                    emulator.tenantId(),
                    "ClientID",
                    app.clientId(),
                    "ClientSecret",
                    secret,
                    "AuthorityHost",
                    emulator.authorityHost(),
                    "GraphEndpoint",
                    emulator.graphEndpoint())));
    ConnectionOptions options =
        new ConnectionOptions(
                emulator.sslContext(),
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                CLOCK,
                ConnectionOptions.DEFAULTS.graph(),
                ConnectionOptions.DEFAULTS.listener())
            .withExpiry(CredentialExpiryOptions.DEFAULTS.withCheck(check));
    EntraConnection real = EntraConnection.create(settings, options);
    if (certificateEnd == null) return real;
    // The certificate path of the TokenProvider contract: the provider knows its credential's end.
    TokenProvider withCertificate =
        new TokenProvider() {
          @Override
          public AccessToken token() {
            return real.tokens().token();
          }

          @Override
          public AccessToken refresh(AccessToken rejected) {
            return real.tokens().refresh(rejected);
          }

          @Override
          public Optional<Instant> credentialNotAfter() {
            return Optional.of(certificateEnd);
          }
        };
    return new EntraConnection(settings, withCertificate, real.graph(), options.expiry());
  }

  static long applicationReads(AppRegistration app) {
    return emulator.requests().stream()
        .filter(r -> r.path().equals("/v1.0/applications(appId='" + app.clientId() + "')"))
        .count();
  }

  List<String> warnings() {
    return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Test
  void certificateExpiringInTenDaysIsReportedFromTheTokenProviderWithoutGraph() {
    AppRegistration app = emulator.registerApp("certificate", Set.of("User.Read.All"));
    Instant end = CLOCK.instant().plus(10, ChronoUnit.DAYS);
    EntraConnection connection =
        connect(app, app.secret().value(), CredentialExpiryCheck.GRAPH, end);

    ConnectionTestResult result = ConnectionTester.test(connection);

    assertThat(result.ok()).isTrue();
    CredentialExpiry expiry = result.credentialExpiry();
    assertThat(expiry.status()).isEqualTo(Status.EXPIRING);
    assertThat(expiry.notAfter()).isEqualTo(end);
    assertThat(expiry.daysLeft()).isEqualTo(10L);
    assertThat(expiry.source()).isEqualTo(Source.CREDENTIAL);
    assertThat(expiry.message())
        .contains(
            "client certificate", "expires on", "(in 10 days)", "Fix: Create a new certificate");
    assertThat(result.message()).contains("works", "(in 10 days)");
    assertThat(applicationReads(app)).isZero();
    assertThat(warnings()).singleElement().asString().startsWith("ENTRAID-05050 ");
  }

  @Test
  void secretExpiringInTenDaysIsReadFromGraphOncePerCachePeriod() {
    AppRegistration app = emulator.registerApp("secret", Set.of("Application.Read.All"));
    Instant end = CLOCK.instant().plus(10, ChronoUnit.DAYS);
    AppRegistration.Secret secret = app.expireSecretAt(app.secret().id(), end);
    EntraConnection connection = connect(app, secret.value(), CredentialExpiryCheck.GRAPH, null);

    ConnectionTestResult first = ConnectionTester.test(connection);
    CredentialExpiry expiry = first.credentialExpiry();
    assertThat(expiry.status()).isEqualTo(Status.EXPIRING);
    assertThat(expiry.notAfter()).isEqualTo(end);
    assertThat(expiry.daysLeft()).isEqualTo(10L);
    assertThat(expiry.source()).isEqualTo(Source.GRAPH);
    assertThat(expiry.ambiguous()).isFalse();
    assertThat(expiry.message())
        .contains("client secret", "(in 10 days)", "keyId " + secret.id(), "Microsoft Graph")
        .doesNotContain(secret.value());
    assertThat(applicationReads(app)).isEqualTo(1);

    for (int i = 0; i < 5; i++) connection.credentialExpiry();
    assertThat(applicationReads(app)).isEqualTo(1);
    assertThat(warnings()).hasSize(1); // once a day, however often it is asked

    CLOCK.advance(Duration.ofHours(12).plusMinutes(1));
    assertThat(connection.credentialExpiry().daysLeft()).isEqualTo(10L); // 9.5 days, rounded up
    assertThat(applicationReads(app)).isEqualTo(2);

    CLOCK.advance(Duration.ofHours(12));
    connection.credentialExpiry();
    assertThat(applicationReads(app)).isEqualTo(3);
    assertThat(warnings()).hasSize(2).allMatch(w -> w.startsWith("ENTRAID-05050 "));
  }

  /** passwordcredential.md: hint holds the first three characters of the secret. */
  @Test
  void ofSeveralSecretsTheOneWhoseHintMatchesTheConfiguredSecretIsReported() {
    AppRegistration app = emulator.registerApp("two secrets", Set.of("Application.Read.All"));
    Instant inUseEnd = CLOCK.instant().plus(200, ChronoUnit.DAYS);
    AppRegistration.Secret inUse = app.expireSecretAt(app.secret().id(), inUseEnd);
    AppRegistration.Secret other = app.addSecret(CLOCK.instant().plus(5, ChronoUnit.DAYS));
    while (other.hint().equals(inUse.hint())) { // 1 in 262,144: draw another
      app.removeSecret(other.id());
      other = app.addSecret(CLOCK.instant().plus(5, ChronoUnit.DAYS));
    }
    EntraConnection connection = connect(app, inUse.value(), CredentialExpiryCheck.GRAPH, null);

    CredentialExpiry expiry = connection.credentialExpiry();

    assertThat(expiry.notAfter()).isEqualTo(inUseEnd);
    assertThat(expiry.status()).isEqualTo(Status.OK);
    assertThat(expiry.ambiguous()).isFalse();
    assertThat(expiry.message()).contains("keyId " + inUse.id()).doesNotContain("Fix:");
    assertThat(warnings()).isEmpty();
  }

  @Test
  void withTheCheckOffNoGraphRequestIsSentAndExpiryIsUnknownWithHowToEnableIt() {
    AppRegistration app = emulator.registerApp("off", Set.of("Application.Read.All"));
    EntraConnection connection =
        connect(app, app.secret().value(), CredentialExpiryCheck.OFF, null);

    ConnectionTestResult result = ConnectionTester.test(connection);

    assertThat(result.ok()).isTrue();
    assertThat(result.credentialExpiry().status()).isEqualTo(Status.UNKNOWN);
    assertThat(result.credentialExpiry().notAfter()).isNull();
    assertThat(result.credentialExpiry().message())
        .contains("Expiry unknown", "credential-expiry-check: graph", "Application.Read.All");
    assertThat(applicationReads(app)).isZero();
  }

  @Test
  void withoutApplicationReadAllGraphAnswers403AndExpiryIsUnknownWithTheFix() {
    AppRegistration app = emulator.registerApp("no app read", Set.of("User.Read.All"));
    EntraConnection connection =
        connect(app, app.secret().value(), CredentialExpiryCheck.GRAPH, null);

    CredentialExpiry expiry = ConnectionTester.test(connection).credentialExpiry();
    connection.credentialExpiry();

    assertThat(expiry.status()).isEqualTo(Status.UNKNOWN);
    assertThat(expiry.message()).contains("403", "Application.Read.All", "admin consent");
    assertThat(applicationReads(app)).isEqualTo(1); // the refusal is cached too
    assertThat(warnings()).singleElement().asString().startsWith("ENTRAID-05052 ");
  }

  /** AADSTS7000222 (reference-error-codes.md) through MSAL4J, with the date Graph gave earlier. */
  @Test
  void expiredSecretIsDiagnosedAsExpiredWithItsDateNotAsAWrongSecret() {
    AppRegistration app = emulator.registerApp("expires", Set.of("Application.Read.All"));
    Instant end = CLOCK.instant().plus(2, ChronoUnit.HOURS);
    AppRegistration.Secret secret = app.expireSecretAt(app.secret().id(), end);
    EntraConnection connection = connect(app, secret.value(), CredentialExpiryCheck.GRAPH, null);
    assertThat(ConnectionTester.test(connection).credentialExpiry().notAfter()).isEqualTo(end);

    CLOCK.advance(Duration.ofHours(3)); // the token (1 h) and the secret (2 h) have run out
    int tokenRequests = emulator.tokenRequestCount(app.clientId());
    ConnectionTestResult result = ConnectionTester.test(connection);

    assertThat(result.ok()).isFalse();
    assertThat(result.diagnosis()).isEqualTo(Diagnosis.EXPIRED_SECRET);
    assertThat(result.message())
        .contains(
            "AADSTS7000222",
            "The client secret has expired.",
            "The secret expired on " + end.truncatedTo(ChronoUnit.SECONDS),
            "Create a new client secret")
        .doesNotContain("Secret ID");
    assertThat(result.credentialExpiry().status()).isEqualTo(Status.EXPIRED);
    assertThat(emulator.tokenRequestCount(app.clientId()) - tokenRequests).isEqualTo(1);
    assertThat(applicationReads(app)).isEqualTo(1);
  }

  /** A clock the test moves: the emulator and the connection share it. */
  static final class MovableClock extends Clock {
    private final AtomicReference<Instant> now;

    MovableClock(Instant start) {
      this.now = new AtomicReference<>(start);
    }

    void advance(Duration duration) {
      now.updateAndGet(t -> t.plus(duration));
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
