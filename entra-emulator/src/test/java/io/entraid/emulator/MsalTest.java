package io.entraid.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.MsalServiceException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.KeyStore;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MSAL4J 1.26 against the emulator, configured only with authority, instanceDiscovery(false) and
 * the trust store.
 */
class MsalTest {
  static EntraEmulator emu;
  static SSLSocketFactory trust;

  @BeforeAll
  static void start() throws Exception {
    emu = EntraEmulator.builder().seed(3L).start();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(emu.trustStorePath())) {
      ks.load(in, emu.trustStorePassword().toCharArray());
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    trust = ctx.getSocketFactory();
  }

  @AfterAll
  static void stop() {
    emu.close();
  }

  static ConfidentialClientApplication app(String clientId, String secret, String tenant)
      throws Exception {
    return ConfidentialClientApplication.builder(
            clientId, ClientCredentialFactory.createFromSecret(secret))
        .authority(emu.authorityHost() + "/" + tenant)
        .instanceDiscovery(false)
        .sslSocketFactory(trust)
        .connectTimeoutForDefaultHttpClient(5000)
        .readTimeoutForDefaultHttpClient(10000)
        .build();
  }

  static ClientCredentialParameters graphScope() {
    return ClientCredentialParameters.builder(Set.of(emu.graphEndpoint() + "/.default")).build();
  }

  static MsalServiceException failure(ConfidentialClientApplication app) {
    Throwable t = catchThrowable(() -> app.acquireToken(graphScope()).get());
    assertThat(t).isInstanceOf(ExecutionException.class);
    assertThat(t.getCause()).isInstanceOf(MsalServiceException.class);
    return (MsalServiceException) t.getCause();
  }

  @Test
  void acquiresTokenThatGraphAccepts() throws Exception {
    AppRegistration reg = emu.registerApp("msal", Set.of("User.Read.All"));
    ConfidentialClientApplication app = app(reg.clientId(), reg.secret().value(), emu.tenantId());
    IAuthenticationResult result = app.acquireToken(graphScope()).get();
    assertThat(result.accessToken()).isNotBlank();
    assertThat(emu.tokenRequestCount(reg.clientId())).isEqualTo(1);
    TestClient.Response r =
        new TestClient(emu).withRawToken(result.accessToken()).get("/v1.0/users");
    assertThat(r.status()).isEqualTo(200);
  }

  /**
   * A client written from Microsoft's samples with their defaults: scope
   * https://graph.microsoft.com/.default (what the Graph SDKs ask for) and the token used as Graph
   * wants it; only the hosts point at the emulator.
   */
  @Test
  void microsoftsDefaultGraphScopeWorks() throws Exception {
    AppRegistration reg = emu.registerApp("sdk-defaults", Set.of("User.Read.All"));
    IAuthenticationResult result =
        app(reg.clientId(), reg.secret().value(), emu.tenantId())
            .acquireToken(
                ClientCredentialParameters.builder(Set.of("https://graph.microsoft.com/.default"))
                    .build())
            .get();
    TestClient.Response r =
        new TestClient(emu).withRawToken(result.accessToken()).get("/v1.0/users?$top=1");
    assertThat(r.status()).isEqualTo(200);
  }

  /**
   * MSAL4J 1.26 quirk: with an authority that has an explicit port, the app-token cache never hits
   * (it stores environment "127.0.0.1" but looks up "127.0.0.1:PORT"). Against Entra (no port) the
   * cache works. Passing the emulator's instance-discovery metadata restores the Entra behaviour.
   */
  @Test
  void cacheNeedsInstanceDiscoveryMetadataBecauseOfThePort() throws Exception {
    AppRegistration plain = emu.registerApp("plain", Set.of("User.Read.All"));
    ConfidentialClientApplication noMeta =
        app(plain.clientId(), plain.secret().value(), emu.tenantId());
    noMeta.acquireToken(graphScope()).get();
    noMeta.acquireToken(graphScope()).get();
    assertThat(emu.tokenRequestCount(plain.clientId())).isEqualTo(2);

    AppRegistration cached = emu.registerApp("cached", Set.of("User.Read.All"));
    ConfidentialClientApplication withMeta =
        ConfidentialClientApplication.builder(
                cached.clientId(),
                ClientCredentialFactory.createFromSecret(cached.secret().value()))
            .authority(emu.authorityHost() + "/" + emu.tenantId())
            .aadInstanceDiscoveryResponse(emu.msalInstanceDiscoveryResponse())
            .sslSocketFactory(trust)
            .build();
    IAuthenticationResult first = withMeta.acquireToken(graphScope()).get();
    IAuthenticationResult second = withMeta.acquireToken(graphScope()).get();
    assertThat(second.accessToken()).isEqualTo(first.accessToken());
    assertThat(emu.tokenRequestCount(cached.clientId())).isEqualTo(1);
  }

  @Test
  void wrongSecretSurfacesAsInvalidClient() throws Exception {
    MsalServiceException e = failure(app(emu.clientId(), emu.clientSecretId(), emu.tenantId()));
    assertThat(e.errorCode()).isEqualTo("invalid_client");
    assertThat(e.statusCode()).isEqualTo(401);
    assertThat(e.getMessage()).startsWith("AADSTS7000215").contains("not the client secret ID");
  }

  @Test
  void unknownTenantSurfacesAsInvalidTenant() throws Exception {
    MsalServiceException e =
        failure(app(emu.clientId(), emu.clientSecret(), "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"));
    assertThat(e.errorCode()).isEqualTo("invalid_tenant");
    assertThat(e.getMessage()).startsWith("AADSTS90002");
  }

  @Test
  void unknownClientSurfacesAsUnauthorizedClient() throws Exception {
    MsalServiceException e =
        failure(app("11111111-2222-4333-8444-555555555555", "x", emu.tenantId()));
    assertThat(e.errorCode()).isEqualTo("unauthorized_client");
    assertThat(e.getMessage()).startsWith("AADSTS700016");
    assertThat(e.correlationId()).isNotBlank();
  }
}
