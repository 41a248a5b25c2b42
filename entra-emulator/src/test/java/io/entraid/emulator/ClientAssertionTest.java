package io.entraid.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IClientCredential;
import com.microsoft.aad.msal4j.MsalServiceException;
import io.entraid.emulator.http.Json;
import io.entraid.emulator.tls.ClientCertificate;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Certificate credentials (entra-docs certificate-credentials.md "Assertion format"), federated
 * credentials (workload-identity-federation.md, workload-identity-federation-create-trust.md) and
 * App Service's managed identity endpoint (app-service overview-managed-identity.md "REST endpoint
 * reference"), with MSAL4J 1.26 where it can send the request.
 */
class ClientAssertionTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static EntraEmulator emu;
  static ClientCertificate cert;
  static AppRegistration app;

  @BeforeAll
  static void start() {
    emu = EntraEmulator.builder().seed(17L).start();
    Instant now = Instant.now();
    cert = ClientCertificate.create("test", now.minusSeconds(3600), now.plusSeconds(86400));
    app = emu.registerApp("certificate app", Set.of("User.Read.All"));
    app.addCertificate(cert.certificate());
  }

  @AfterAll
  static void stop() {
    emu.close();
  }

  static ConfidentialClientApplication msal(String clientId, IClientCredential credential)
      throws Exception {
    return msal(emu, clientId, credential);
  }

  static ConfidentialClientApplication msal(
      EntraEmulator emu, String clientId, IClientCredential credential) throws Exception {
    return ConfidentialClientApplication.builder(clientId, credential)
        .authority(emu.authorityHost() + "/" + emu.tenantId())
        .instanceDiscovery(false)
        .sslSocketFactory(emu.sslContext().getSocketFactory())
        .build();
  }

  static Object token(ConfidentialClientApplication msal) {
    try {
      return msal.acquireToken(
              ClientCredentialParameters.builder(Set.of(emu.graphEndpoint() + "/.default")).build())
          .get()
          .accessToken();
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  static MsalServiceException refused(Object outcome) {
    assertThat(outcome).isInstanceOf(MsalServiceException.class);
    return (MsalServiceException) outcome;
  }

  @Test
  void msalCertificateCredentialGetsATokenGraphAccepts() throws Exception {
    AppRegistration own = emu.registerApp("own certificate app", Set.of("User.Read.All"));
    AppRegistration.KeyCredential key = own.addCertificate(cert.certificate());
    Object token =
        token(
            msal(
                own.clientId(),
                ClientCredentialFactory.createFromCertificate(
                    cert.keys().getPrivate(), cert.certificate())));
    assertThat(token).isInstanceOf(String.class);
    assertThat(new TestClient(emu).withRawToken((String) token).get("/v1.0/users").status())
        .isEqualTo(200);
    assertThat(own.tokensIssuedWith(key.keyId())).isEqualTo(1);
  }

  @Test
  void unknownCertificateIs700027KeyNotFoundWithTheThumbprint() throws Exception {
    ClientCertificate other =
        ClientCertificate.create(
            "other", Instant.now().minusSeconds(60), Instant.now().plusSeconds(600));
    MsalServiceException e =
        refused(
            token(
                msal(
                    app.clientId(),
                    ClientCredentialFactory.createFromCertificate(
                        other.keys().getPrivate(), other.certificate()))));
    assertThat(e.errorCode()).isEqualTo("invalid_client");
    assertThat(e.getMessage())
        .startsWith("AADSTS700027: Client assertion contains an invalid signature.")
        .contains("The key was not found.")
        .contains(app.clientId());
  }

  @Test
  void keyOfAnotherCertificateIs700027SignatureMismatch() throws Exception {
    ClientCertificate other =
        ClientCertificate.create(
            "other", Instant.now().minusSeconds(60), Instant.now().plusSeconds(600));
    MsalServiceException e =
        refused(
            token(
                msal(
                    app.clientId(),
                    ClientCredentialFactory.createFromCertificate(
                        other.keys().getPrivate(), cert.certificate()))));
    assertThat(e.getMessage())
        .startsWith("AADSTS700027")
        .contains("did not match the expected signature value")
        .contains("Thumbprint of key used by client: '");
  }

  /** certificate-credentials.md: PS256 and the SHA-1 x5t header are accepted too. */
  @Test
  void ps256WithSha1ThumbprintIsAccepted() throws Exception {
    assertThat(
            post(cert.sign("PS256", "x5t", claims(tokenEndpoint(), 0, 600)))
                .path("access_token")
                .asText())
        .isNotBlank();
  }

  @Test
  void expiredAssertionIs700024WithTheTimes() throws Exception {
    JsonNode answer = post(rs256(claims(tokenEndpoint(), -3600, -1800)));
    assertThat(answer.path("error_codes").get(0).asInt()).isEqualTo(700024);
    assertThat(answer.path("error_description").asText())
        .startsWith(
            "AADSTS700024: Client assertion is not within its valid time range. Current time:");
  }

  @Test
  void audienceOtherThanTheTokenEndpointIs700023() throws Exception {
    JsonNode answer =
        post(rs256(claims("https://login.microsoftonline.com/common/oauth2/v2.0/token", 0, 600)));
    assertThat(answer.path("error_description").asText())
        .startsWith("AADSTS700023: Client assertion audience claim does not match Realm issuer.");
  }

  @Test
  void replayedJtiIsRefused() throws Exception {
    String assertion = rs256(claims(tokenEndpoint(), 0, 600));
    assertThat(post(assertion).path("access_token").asText()).isNotBlank();
    JsonNode again = post(assertion);
    assertThat(again.path("error").asText()).isEqualTo("invalid_client");
    assertThat(again.path("error_description").asText()).contains("jti");
  }

  @Test
  void federatedTokenMatchingIssuerSubjectAndAudienceGetsAToken() throws Exception {
    AppRegistration fed = emu.registerApp("federated", Set.of("User.Read.All"));
    var credential =
        fed.addFederatedCredential("aks", emu.federation().issuer(), "system:serviceaccount:a:b");
    String token =
        federated("system:serviceaccount:a:b", AppRegistration.TOKEN_EXCHANGE_AUDIENCE, 600);
    // The same federated token works more than once while valid (Entra does not check its jti).
    for (int i = 0; i < 2; i++) {
      assertThat(
              token(msal(fed.clientId(), ClientCredentialFactory.createFromClientAssertion(token))))
          .isInstanceOf(String.class);
    }
    assertThat(fed.tokensIssuedWith(credential.id())).isEqualTo(2);
  }

  @Test
  void federatedTokenWithUnknownIssuerIs70021NamingIssuerSubjectAudience() throws Exception {
    AppRegistration fed = emu.registerApp("no-fic", Set.of("User.Read.All"));
    String token =
        federated(
            "repo:contoso/app:ref:refs/heads/main", AppRegistration.TOKEN_EXCHANGE_AUDIENCE, 600);
    MsalServiceException e =
        refused(
            token(msal(fed.clientId(), ClientCredentialFactory.createFromClientAssertion(token))));
    assertThat(e.getMessage())
        .startsWith(
            "AADSTS70021: No matching federated identity record found for presented assertion.")
        .contains("Assertion Issuer: '" + emu.federation().issuer() + "'")
        .contains("Assertion Subject: 'repo:contoso/app:ref:refs/heads/main'")
        .contains("Assertion Audience: 'api://AzureADTokenExchange'");
  }

  @Test
  void federatedTokenWithOtherSubjectIs700213() throws Exception {
    AppRegistration fed = emu.registerApp("wrong-subject", Set.of("User.Read.All"));
    fed.addFederatedCredential("aks", emu.federation().issuer(), "system:serviceaccount:a:b");
    String token =
        federated("system:serviceaccount:a:B", AppRegistration.TOKEN_EXCHANGE_AUDIENCE, 600);
    MsalServiceException e =
        refused(
            token(msal(fed.clientId(), ClientCredentialFactory.createFromClientAssertion(token))));
    assertThat(e.getMessage())
        .startsWith(
            "AADSTS700213: No matching federated identity record found for presented assertion subject 'system:serviceaccount:a:B'.");
  }

  @Test
  void federatedTokenForAnotherAudienceIs70021() throws Exception {
    AppRegistration fed = emu.registerApp("wrong-audience", Set.of("User.Read.All"));
    fed.addFederatedCredential("aks", emu.federation().issuer(), "sub");
    String token = federated("sub", "api://something-else", 600);
    assertThat(
            refused(
                    token(
                        msal(
                            fed.clientId(),
                            ClientCredentialFactory.createFromClientAssertion(token))))
                .getMessage())
        .startsWith("AADSTS70021");
  }

  @Test
  void expiredFederatedTokenIs700024() throws Exception {
    AppRegistration fed = emu.registerApp("expired-federated", Set.of("User.Read.All"));
    fed.addFederatedCredential("aks", emu.federation().issuer(), "sub");
    String token =
        emu.federation()
            .token(
                "sub",
                AppRegistration.TOKEN_EXCHANGE_AUDIENCE,
                Instant.now().minus(Duration.ofHours(2)),
                Duration.ofHours(1));
    assertThat(
            refused(
                    token(
                        msal(
                            fed.clientId(),
                            ClientCredentialFactory.createFromClientAssertion(token))))
                .getMessage())
        .startsWith("AADSTS700024");
  }

  @Test
  void managedIdentityEndpointAnswersLikeAppService() throws Exception {
    ManagedIdentityEndpoint mi = emu.managedIdentity();
    mi.systemAssigned().roles(Set.of("User.Read.All"));
    assertThat(mi.endpoint()).startsWith("http://127.0.0.1:");
    HttpResponse<String> ok =
        miGet(mi, "?resource=" + enc(emu.graphEndpoint()) + "&api-version=2019-08-01", mi.header());
    assertThat(ok.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(ok.body());
    assertThat(body.path("token_type").asText()).isEqualTo("Bearer");
    assertThat(body.path("client_id").asText()).isEqualTo(mi.systemAssigned().clientId());
    assertThat(body.path("expires_on").isTextual()).isTrue();
    assertThat(body.path("resource").asText()).isEqualTo(emu.graphEndpoint());
    assertThat(
            new TestClient(emu)
                .withRawToken(body.path("access_token").asText())
                .get("/v1.0/users")
                .status())
        .isEqualTo(200);

    AppRegistration user = mi.addUserAssigned("uami", Set.of("User.Read.All"));
    JsonNode byClientId =
        JSON.readTree(
            miGet(
                    mi,
                    "?resource="
                        + enc(emu.graphEndpoint())
                        + "&api-version=2019-08-01&client_id="
                        + user.clientId(),
                    mi.header())
                .body());
    assertThat(byClientId.path("client_id").asText()).isEqualTo(user.clientId());

    assertThat(
            miGet(mi, "?resource=" + enc(emu.graphEndpoint()) + "&api-version=2019-08-01", "wrong")
                .statusCode())
        .isEqualTo(401);
    assertThat(
            miGet(
                    mi,
                    "?resource="
                        + enc(emu.graphEndpoint())
                        + "&api-version=2019-08-01&client_id="
                        + UUID.randomUUID(),
                    mi.header())
                .statusCode())
        .isEqualTo(400);
    assertThat(
            miGet(
                    mi,
                    "?resource=" + enc(emu.graphEndpoint()) + "&api-version=2017-09-01",
                    mi.header())
                .statusCode())
        .isEqualTo(400);
    assertThat(mi.toString()).doesNotContain(mi.header());
  }

  // ---- helpers ----

  static String federated(String subject, String audience, int lifetimeSeconds) {
    return emu.federation()
        .token(subject, audience, Instant.now(), Duration.ofSeconds(lifetimeSeconds));
  }

  static String tokenEndpoint() {
    return emu.authorityHost() + "/" + emu.tenantId() + "/oauth2/v2.0/token";
  }

  static ObjectNode claims(String aud, int nbfOffset, int expOffset) {
    long now = Instant.now().getEpochSecond();
    return Json.object()
        .put("aud", aud)
        .put("iss", app.clientId())
        .put("sub", app.clientId())
        .put("jti", UUID.randomUUID().toString())
        .put("nbf", now + nbfOffset)
        .put("exp", now + expOffset);
  }

  static String rs256(ObjectNode claims) {
    return cert.sign("RS256", "x5t#S256", claims);
  }

  static JsonNode post(String assertion) throws Exception {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "client_credentials");
    form.put("client_id", app.clientId());
    form.put("scope", emu.graphEndpoint() + "/.default");
    form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
    form.put("client_assertion", assertion);
    String body =
        form.entrySet().stream()
            .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
            .collect(Collectors.joining("&"));
    HttpClient client = HttpClient.newBuilder().sslContext(emu.sslContext()).build();
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create(tokenEndpoint()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body());
  }

  static HttpResponse<String> miGet(ManagedIdentityEndpoint mi, String query, String header)
      throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(mi.endpoint() + query))
                .header("X-IDENTITY-HEADER", header)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
