package io.entraid.connector.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entraid.connector.core.GraphListener;
import io.entraid.connector.core.HttpSettings;
import io.entraid.connector.core.Secret;
import io.entraid.connector.core.connection.Cloud;
import io.entraid.connector.core.connection.ConnectionDefinition;
import io.entraid.connector.core.connection.ConnectionOptions;
import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.connection.EntraIdConnectionType;
import io.entraid.connector.core.connection.EntraIdSettings;
import io.entraid.emulator.AppRegistration;
import io.entraid.emulator.EntraEmulator;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** MSAL4J against the emulator's real HTTPS token endpoint: counts, single-flight and diagnoses. */
class MsalTokenProviderTest {
  static EntraEmulator emulator;

  @BeforeAll
  static void start() {
    emulator = EntraEmulator.builder().start();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  static Map<String, String> parameters(String clientId, String secret) {
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

  static EntraConnection connect(String name, String clientId, String secret) {
    EntraIdSettings settings =
        EntraIdConnectionType.validate(
            new ConnectionDefinition(name, "EntraID", parameters(clientId, secret)));
    return EntraConnection.create(
        settings, ConnectionOptions.DEFAULTS.withSslContext(emulator.sslContext()));
  }

  /** Settings that validation would refuse, to see what Entra ID itself answers. */
  static TokenProvider unvalidated(String tenant, String clientId, String secret) {
    EntraIdSettings settings =
        new EntraIdSettings(
            "raw",
            tenant,
            clientId,
            new Credential.ClientSecret(Secret.of(secret)),
            Cloud.GLOBAL,
            URI.create(emulator.authorityHost()),
            URI.create(emulator.graphEndpoint()),
            true,
            List.of());
    return provider(settings, emulator.sslContext());
  }

  static AppRegistration newApp() {
    return emulator.registerApp("test-" + UUID.randomUUID(), Set.of("User.Read.All"));
  }

  static TokenAcquisitionException failure(TokenProvider provider) {
    try {
      provider.token();
    } catch (TokenAcquisitionException e) {
      return e;
    }
    throw new AssertionError("expected the token request to fail");
  }

  @Test
  void thousandSequentialCallsCauseOneTokenRequest() {
    AppRegistration app = newApp();
    TokenProvider tokens = connect("seq", app.clientId(), app.secret().value()).tokens();
    AccessToken first = tokens.token();
    for (int i = 0; i < 999; i++) {
      assertThat(tokens.token()).isSameAs(first);
    }
    assertThat(first.expiresAt()).isAfter(Instant.now().plus(50, ChronoUnit.MINUTES));
    assertThat(emulator.tokenRequestCount(app.clientId())).isEqualTo(1);
  }

  @Test
  void fiftyConcurrentColdCallsCauseOneTokenRequest() throws Exception {
    AppRegistration app = newApp();
    TokenProvider tokens = connect("burst", app.clientId(), app.secret().value()).tokens();
    ExecutorService pool = Executors.newFixedThreadPool(50);
    try {
      CountDownLatch ready = new CountDownLatch(50);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<AccessToken>> results = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        results.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  go.await();
                  return tokens.token();
                }));
      }
      ready.await();
      go.countDown();
      AccessToken expected = results.get(0).get();
      for (Future<AccessToken> f : results) {
        assertThat(f.get().value()).isEqualTo(expected.value());
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(emulator.tokenRequestCount(app.clientId())).isEqualTo(1);
  }

  @Test
  void refreshAfterRejectionFetchesOneNewTokenForAllWhoSawTheOldOne() throws Exception {
    AppRegistration app = newApp();
    TokenProvider tokens = connect("refresh", app.clientId(), app.secret().value()).tokens();
    AccessToken rejected = tokens.token();
    ExecutorService pool = Executors.newFixedThreadPool(10);
    AccessToken refreshed;
    try {
      List<Future<AccessToken>> results = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        results.add(pool.submit(() -> tokens.refresh(rejected)));
      }
      refreshed = results.get(0).get();
      for (Future<AccessToken> f : results) {
        assertThat(f.get()).isSameAs(refreshed);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(refreshed.value()).isNotEqualTo(rejected.value());
    assertThat(tokens.token()).isSameAs(refreshed);
    assertThat(emulator.tokenRequestCount(app.clientId())).isEqualTo(2);
  }

  @Test
  void wrongSecret() {
    AppRegistration app = newApp();
    TokenAcquisitionException e =
        failure(connect("wrong", app.clientId(), "not~the~right~secret.value").tokens());
    assertThat(e.diagnosis()).isEqualTo(Diagnosis.WRONG_SECRET);
    assertThat(e.aadstsCode()).isEqualTo(7000215);
    assertThat(e.oauthError()).isEqualTo("invalid_client");
    assertThat(e.httpStatus()).isEqualTo(401);
    assertThat(e.correlationId()).isNotBlank();
    assertThat(e.getMessage())
        .startsWith("Connection 'wrong': Entra ID rejected the client secret.")
        .contains(
            "AADSTS7000215", "correlation ID " + e.correlationId(), "Fix: Use the secret's Value");
  }

  @Test
  void secretIdSentInsteadOfTheValue() {
    AppRegistration app = newApp();
    TokenAcquisitionException e =
        failure(unvalidated(emulator.tenantId(), app.clientId(), app.secret().id()));
    assertThat(e.diagnosis()).isEqualTo(Diagnosis.WRONG_SECRET);
    assertThat(e.getMessage()).contains("not its Secret ID");
  }

  @Test
  void expiredSecret() {
    AppRegistration app = newApp();
    String expired = app.addSecret(Instant.now().minus(1, ChronoUnit.DAYS)).value();
    TokenAcquisitionException e = failure(connect("expired", app.clientId(), expired).tokens());
    assertThat(e.diagnosis()).isEqualTo(Diagnosis.EXPIRED_SECRET);
    assertThat(e.aadstsCode()).isEqualTo(7000222);
    assertThat(e.getMessage()).contains("has expired", "Create a new client secret");
  }

  @Test
  void unknownClient() {
    TokenAcquisitionException e =
        failure(connect("ghost", UUID.randomUUID().toString(), "any~secret~value").tokens());
    assertThat(e.diagnosis()).isEqualTo(Diagnosis.APP_NOT_FOUND);
    assertThat(e.aadstsCode()).isEqualTo(700016);
    assertThat(e.oauthError()).isEqualTo("unauthorized_client");
  }

  @Test
  void unknownTenant() {
    TokenAcquisitionException e =
        failure(
            unvalidated(
                UUID.randomUUID().toString(), emulator.clientId(), emulator.clientSecret()));
    assertThat(e.diagnosis()).isEqualTo(Diagnosis.TENANT_NOT_FOUND);
    assertThat(e.aadstsCode()).isEqualTo(90002);
  }

  @Test
  void malformedTenantThatSlipsPastValidation() {
    TokenAcquisitionException e =
        failure(unvalidated("not_a_tenant!", emulator.clientId(), emulator.clientSecret()));
    assertThat(e.diagnosis()).isEqualTo(Diagnosis.TENANT_MALFORMED);
    assertThat(e.aadstsCode()).isEqualTo(900023);
  }

  @Test
  void commonTenantThatSlipsPastValidation() {
    TokenAcquisitionException e =
        failure(unvalidated("organizations", emulator.clientId(), emulator.clientSecret()));
    assertThat(e.diagnosis()).isEqualTo(Diagnosis.NO_SPECIFIC_TENANT);
    assertThat(e.aadstsCode()).isEqualTo(50059);
  }

  @Test
  void graphEndpointOfAnotherCloud() {
    Map<String, String> p =
        new java.util.HashMap<>(parameters(emulator.clientId(), emulator.clientSecret()));
    p.put("GraphEndpoint", "https://graph.microsoft.us");
    EntraIdSettings settings =
        EntraIdConnectionType.validate(new ConnectionDefinition("mixed", "EntraID", p));
    TokenAcquisitionException e = failure(provider(settings, emulator.sslContext()));
    assertThat(e.diagnosis()).isEqualTo(Diagnosis.UNKNOWN_RESOURCE);
    assertThat(e.aadstsCode()).isEqualTo(500011);
    assertThat(e.getMessage()).contains("Check GraphEndpoint and Cloud");
  }

  @Test
  void unreachableHostIsNamed() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    Map<String, String> p =
        new java.util.HashMap<>(parameters(emulator.clientId(), emulator.clientSecret()));
    p.put("AuthorityHost", "https://127.0.0.1:" + closedPort);
    EntraIdSettings settings =
        EntraIdConnectionType.validate(new ConnectionDefinition("offline", "EntraID", p));
    TokenAcquisitionException e = failure(provider(settings, emulator.sslContext()));
    assertThat(e.diagnosis()).isEqualTo(Diagnosis.HOST_UNREACHABLE);
    assertThat(e.getMessage()).contains("127.0.0.1:" + closedPort, "refused");
  }

  @Test
  void aConnectionDroppedMidRequestIsANetworkProblemNotARefusal() throws Exception {
    try (ServerSocket rude = new ServerSocket(0)) {
      Thread closer =
          new Thread(
              () -> {
                try (var socket = rude.accept()) {
                  socket.getInputStream().read(); // read a byte, then hang up
                } catch (java.io.IOException ignored) {
                  // the test only needs the hang-up
                }
              });
      closer.start();
      Map<String, String> p =
          new java.util.HashMap<>(parameters(emulator.clientId(), emulator.clientSecret()));
      p.put("AuthorityHost", "https://127.0.0.1:" + rude.getLocalPort());
      EntraIdSettings settings =
          EntraIdConnectionType.validate(new ConnectionDefinition("rude", "EntraID", p));
      TokenAcquisitionException e = failure(provider(settings, emulator.sslContext()));
      assertThat(e.diagnosis()).isEqualTo(Diagnosis.HOST_UNREACHABLE);
      assertThat(e.getMessage())
          .contains("127.0.0.1:" + rude.getLocalPort())
          .doesNotContain("refused the token request");
      closer.join(5_000);
    }
  }

  @Test
  void untrustedCertificateIsNamed() {
    EntraIdSettings settings =
        EntraIdConnectionType.validate(
            new ConnectionDefinition(
                "tls", "EntraID", parameters(emulator.clientId(), emulator.clientSecret())));
    TokenAcquisitionException e = failure(provider(settings, null));
    assertThat(e.diagnosis()).isEqualTo(Diagnosis.TLS_UNTRUSTED);
    assertThat(e.getMessage())
        .contains(URI.create(emulator.authorityHost()).getAuthority(), "javax.net.ssl.trustStore");
  }

  @Test
  void failuresNeverShowTheSecret() {
    AppRegistration app = newApp();
    String secret = "a~very~distinctive~secret~" + UUID.randomUUID();
    TokenAcquisitionException e = failure(connect("leak", app.clientId(), secret).tokens());
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
      assertThat(t.toString()).doesNotContain(secret);
    }
  }

  @Test
  void tokenFailureIsNotCachedAsSuccess() {
    AppRegistration app = newApp();
    TokenProvider tokens = connect("retry", app.clientId(), "not~the~right~secret.value").tokens();
    assertThatThrownBy(tokens::token).isInstanceOf(TokenAcquisitionException.class);
    assertThatThrownBy(tokens::token).isInstanceOf(TokenAcquisitionException.class);
    assertThat(emulator.tokenRequestCount(app.clientId())).isEqualTo(2);
  }

  private static MsalTokenProvider provider(EntraIdSettings settings, SSLContext sslContext) {
    return new MsalTokenProvider(
        settings.token(), HttpSettings.DEFAULTS.withSslContext(sslContext), GraphListener.NONE);
  }
}
