package io.entraid.connector.camunda.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.entraid.connector.core.connection.ConnectionDefinition;
import io.entraid.connector.core.connection.ConnectionOptions;
import io.entraid.connector.core.connection.ConnectionRegistry;
import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.operation.OperationCatalog;
import io.entraid.connector.core.token.AccessToken;
import io.entraid.connector.core.token.TokenProvider;
import io.entraid.emulator.AppRegistration;
import io.entraid.emulator.EntraEmulator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * When a connection's credential expires, as the health indicator, the gauge {@code
 * entraid.credential.expiry.days} and the testConnection operation report it: a client secret's end
 * from the emulated Graph (application-get.md, passwordcredential.md), a certificate's from the
 * token provider.
 */
class CredentialExpiryReportingTest {
  static final String CONNECTIONS = EntraIdProperties.PREFIX + ".connections.";
  static EntraEmulator emulator;

  @BeforeAll
  static void start() {
    emulator = EntraEmulator.builder().start();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  static Map<String, String> parameters(AppRegistration app, String secret) {
    return Map.of(
        "TenantID", emulator.tenantId(),
        "ClientID", app.clientId(),
        "ClientSecret", secret,
        "AuthorityHost", emulator.authorityHost(),
        "GraphEndpoint", emulator.graphEndpoint());
  }

  static String[] connection(String name, AppRegistration app, String secret) {
    return parameters(app, secret).entrySet().stream()
        .map(e -> CONNECTIONS + name + ".parameters." + e.getKey() + "=" + e.getValue())
        .toArray(String[]::new);
  }

  static ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(EntraIdAutoConfiguration.class))
        .withBean(EntraIdAutoConfiguration.SSL_CONTEXT_BEAN, SSLContext.class, emulator::sslContext)
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new);
  }

  static long applicationReads(AppRegistration app) {
    return emulator.requests().stream()
        .filter(r -> r.path().equals("/v1.0/applications(appId='" + app.clientId() + "')"))
        .count();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> detail(Health health, String connection) {
    return (Map<String, Object>)
        ((Map<String, Object>) health.getDetails().get("connections")).get(connection);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> expiryDetail(Health health, String connection) {
    return (Map<String, Object>) detail(health, connection).get("credentialExpiry");
  }

  static double gauge(MeterRegistry meters, String connection) {
    return meters.get(CredentialExpiryMeters.NAME).tag("connection", connection).gauge().value();
  }

  @Test
  void secretExpiringInTenDaysIsReportedByHealthGaugeAndTestConnectionWithOneGraphRequest() {
    AppRegistration app = emulator.registerApp("secret", Set.of("Application.Read.All"));
    Instant end = Instant.now().plus(10, ChronoUnit.DAYS);
    AppRegistration.Secret secret = app.expireSecretAt(app.secret().id(), end);
    runner()
        .withPropertyValues(connection("default", app, secret.value()))
        .withPropertyValues(CONNECTIONS + "default.credential-expiry-check=graph")
        .run(
            context -> {
              Health health = context.getBean(EntraIdHealthIndicator.class).health();
              assertThat(health.getStatus()).isEqualTo(Status.UP);
              assertThat(expiryDetail(health, "default"))
                  .containsEntry("status", "EXPIRING")
                  .containsEntry("notAfter", end.toString())
                  .containsEntry("daysLeft", 10L)
                  .containsEntry("source", "GRAPH");
              assertThat(detail(health, "default").get("warning").toString())
                  .contains("expires on", "(in 10 days)", "Create a new client secret");

              assertThat(gauge(context.getBean(MeterRegistry.class), "default")).isEqualTo(10.0);

              EntraConnection connection = context.getBean(ConnectionRegistry.class).get("default");
              Object tested =
                  context
                      .getBean(OperationCatalog.class)
                      .execute(connection, "testConnection", Map.of())
                      .result();
              assertThat(tested)
                  .asInstanceOf(InstanceOfAssertFactories.MAP)
                  .extractingByKey("credentialExpiry")
                  .asInstanceOf(InstanceOfAssertFactories.MAP)
                  .containsEntry("daysLeft", 10L)
                  .containsEntry("source", "GRAPH");

              assertThat(new ObjectMapper().writeValueAsString(health.getDetails()))
                  .doesNotContain(secret.value());
              assertThat(applicationReads(app)).isEqualTo(1);
            });
  }

  @Test
  void aShorterWarningPeriodKeepsTenDaysQuiet() {
    AppRegistration app = emulator.registerApp("quiet", Set.of("Application.Read.All"));
    AppRegistration.Secret secret =
        app.expireSecretAt(app.secret().id(), Instant.now().plus(10, ChronoUnit.DAYS));
    runner()
        .withPropertyValues(connection("default", app, secret.value()))
        .withPropertyValues(CONNECTIONS + "default.credential-expiry-check=graph")
        .withPropertyValues(EntraIdProperties.PREFIX + ".credential-expiry-warning=5d")
        .run(
            context -> {
              Health health = context.getBean(EntraIdHealthIndicator.class).health();
              assertThat(expiryDetail(health, "default")).containsEntry("status", "OK");
              assertThat(detail(health, "default")).doesNotContainKey("warning");
            });
  }

  @Test
  void withoutOptInHealthShowsExpiryUnknownTheGaugeIsNaNAndGraphIsNotAsked() {
    AppRegistration app = emulator.registerApp("off", Set.of("Application.Read.All"));
    runner()
        .withPropertyValues(connection("default", app, app.secret().value()))
        .run(
            context -> {
              Health health = context.getBean(EntraIdHealthIndicator.class).health();
              assertThat(health.getStatus()).isEqualTo(Status.UP);
              assertThat(expiryDetail(health, "default")).containsEntry("status", "UNKNOWN");
              assertThat(expiryDetail(health, "default").get("message").toString())
                  .contains("Expiry unknown", "credential-expiry-check: graph");
              assertThat(gauge(context.getBean(MeterRegistry.class), "default")).isNaN();
              assertThat(applicationReads(app)).isZero();
            });
  }

  @Test
  void anExpiredSecretMakesHealthDownWithTheExpiredSecretDiagnosis() {
    AppRegistration app = emulator.registerApp("expired", Set.of("Application.Read.All"));
    AppRegistration.Secret secret =
        app.expireSecretAt(app.secret().id(), Instant.now().minus(1, ChronoUnit.DAYS));
    runner()
        .withPropertyValues(connection("default", app, secret.value()))
        .withPropertyValues(CONNECTIONS + "default.credential-expiry-check=graph")
        .run(
            context -> {
              Health health = context.getBean(EntraIdHealthIndicator.class).health();
              assertThat(health.getStatus()).isEqualTo(Status.DOWN);
              assertThat(detail(health, "default")).containsEntry("diagnosis", "EXPIRED_SECRET");
              assertThat(detail(health, "default").get("message").toString())
                  .contains("AADSTS7000222", "The client secret has expired.")
                  .doesNotContain("Secret ID");
            });
  }

  /** The certificate path of the TokenProvider contract: credentialNotAfter() is the end date. */
  static ConnectionRegistry withCertificateEnding(AppRegistration app, Instant notAfter) {
    return ConnectionRegistry.of(
        List.of(new ConnectionDefinition("cert", "EntraID", parameters(app, app.secret().value()))),
        settings -> {
          EntraConnection real =
              EntraConnection.create(
                  settings, ConnectionOptions.DEFAULTS.withSslContext(emulator.sslContext()));
          TokenProvider certificate =
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
                  return Optional.of(notAfter);
                }
              };
          return new EntraConnection(
              settings, certificate, real.graph(), ConnectionOptions.DEFAULTS.expiry());
        });
  }

  @Test
  void certificateExpiringInTenDaysIsReportedByHealthAndGauge() {
    AppRegistration app = emulator.registerApp("certificate", Set.of("User.Read.All"));
    Instant end = Instant.now().plus(10, ChronoUnit.DAYS);
    runner()
        .withBean(ConnectionRegistry.class, () -> withCertificateEnding(app, end))
        .run(
            context -> {
              Health health = context.getBean(EntraIdHealthIndicator.class).health();
              assertThat(health.getStatus()).isEqualTo(Status.UP);
              assertThat(expiryDetail(health, "cert"))
                  .containsEntry("status", "EXPIRING")
                  .containsEntry("daysLeft", 10L)
                  .containsEntry("source", "CREDENTIAL");
              assertThat(detail(health, "cert").get("warning").toString())
                  .contains("client certificate", "(in 10 days)");
              assertThat(gauge(context.getBean(MeterRegistry.class), "cert")).isEqualTo(10.0);
              assertThat(applicationReads(app)).isZero();
            });
  }

  @Test
  void anExpiredCertificateMakesHealthDown() {
    AppRegistration app = emulator.registerApp("old certificate", Set.of("User.Read.All"));
    runner()
        .withBean(
            ConnectionRegistry.class,
            () -> withCertificateEnding(app, Instant.now().minus(1, ChronoUnit.HOURS)))
        .run(
            context -> {
              Health health = context.getBean(EntraIdHealthIndicator.class).health();
              assertThat(health.getStatus()).isEqualTo(Status.DOWN);
              assertThat(detail(health, "cert")).containsEntry("diagnosis", "EXPIRED_CERTIFICATE");
              assertThat(gauge(context.getBean(MeterRegistry.class), "cert"))
                  .isLessThanOrEqualTo(0);
            });
  }
}
