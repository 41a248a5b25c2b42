package io.entraid.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TokenEndpointTest {
  static EntraEmulator emu;
  static TestClient client;

  @BeforeAll
  static void start() {
    emu = EntraEmulator.builder().seed(7L).start();
    client = new TestClient(emu);
  }

  @AfterAll
  static void stop() {
    emu.close();
  }

  /** The form MSAL4J 1.26 sends for client credentials. */
  static Map<String, String> msalForm(String clientId, String secret, String scope) {
    Map<String, String> form = new HashMap<>();
    form.put("grant_type", "client_credentials");
    form.put("client_id", clientId);
    form.put("client_secret", secret);
    form.put("scope", scope + " openid offline_access profile");
    form.put("client_info", "1");
    return form;
  }

  Map<String, String> goodForm() {
    return msalForm(emu.clientId(), emu.clientSecret(), emu.graphEndpoint() + "/.default");
  }

  static JsonNode claims(String jwt) throws Exception {
    String[] parts = jwt.split("\\.");
    assertThat(parts).hasSize(3);
    return TestClient.JSON.readTree(
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
  }

  static void assertAadError(TestClient.Response r, int status, String error, int code) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    JsonNode j = r.json();
    assertThat(j.path("error").asText()).isEqualTo(error);
    assertThat(j.path("error_codes").get(0).asInt()).isEqualTo(code);
    String description = j.path("error_description").asText();
    assertThat(description)
        .startsWith("AADSTS" + code + ": ")
        .containsPattern(
            "\r\nTrace ID: [0-9a-f-]{36}\r\nCorrelation ID: [0-9a-f-]{36}\r\nTimestamp: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ$");
    assertThat(j.path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ");
    assertThat(j.path("trace_id").asText()).hasSize(36);
    assertThat(j.path("correlation_id").asText()).hasSize(36);
    assertThat(j.path("error_uri").asText()).endsWith("error?code=" + code);
  }

  @Test
  void issuesAppTokenWithEntraClaims() throws Exception {
    TestClient.Response r = client.tokenRequest(emu.tenantId(), goodForm(), Map.of());
    assertThat(r.status()).isEqualTo(200);
    JsonNode body = r.json();
    assertThat(body.path("token_type").asText()).isEqualTo("Bearer");
    assertThat(body.path("expires_in").asInt()).isEqualTo(3599);
    assertThat(body.path("ext_expires_in").asInt()).isEqualTo(3599);
    String token = body.path("access_token").asText();
    String header =
        new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
    assertThat(TestClient.JSON.readTree(header).path("alg").asText()).isEqualTo("RS256");
    assertThat(TestClient.JSON.readTree(header).path("kid").asText()).isNotBlank();
    JsonNode c = claims(token);
    long now = Instant.now().getEpochSecond();
    assertThat(c.path("aud").asText()).isEqualTo(emu.graphEndpoint());
    assertThat(c.path("iss").asText()).isEqualTo("https://sts.windows.net/" + emu.tenantId() + "/");
    assertThat(c.path("tid").asText()).isEqualTo(emu.tenantId());
    assertThat(c.path("appid").asText()).isEqualTo(emu.clientId());
    // access-token-claims-reference.md: azp and azpacr are v2.0-only claims (v1.0 tokens carry
    // appid, appidacr).
    assertThat(c.has("azp")).isFalse();
    assertThat(c.has("azpacr")).isFalse();
    assertThat(c.path("appidacr").asText()).isEqualTo("1");
    assertThat(c.path("idtyp").asText()).isEqualTo("app");
    assertThat(c.path("ver").asText()).isEqualTo("1.0");
    assertThat(c.path("oid").asText()).isEqualTo(c.path("sub").asText()).hasSize(36);
    assertThat(c.path("uti").asText()).isNotBlank();
    assertThat(c.path("exp").asLong()).isBetween(now + 3500, now + 3700);
    assertThat(c.path("nbf").asLong()).isLessThanOrEqualTo(now + 1);
    assertThat(c.path("iat").asLong()).isLessThanOrEqualTo(now + 1);
    assertThat(c.path("roles"))
        .extracting(JsonNode::asText)
        .contains(
            "User.ReadWrite.All",
            "GroupMember.ReadWrite.All",
            "Group.ReadWrite.All",
            "Directory.Read.All");
  }

  @Test
  void acceptsTenantDomainAndGraphAppIdResource() {
    assertThat(client.tokenRequest(emu.tenantDomain(), goodForm(), Map.of()).status())
        .isEqualTo(200);
    assertThat(client.tokenRequest(emu.tenantId().toUpperCase(), goodForm(), Map.of()).status())
        .isEqualTo(200);
    Map<String, String> f =
        msalForm(
            emu.clientId(), emu.clientSecret(), "00000003-0000-0000-c000-000000000000/.default");
    assertThat(client.tokenRequest(emu.tenantId(), f, Map.of()).status()).isEqualTo(200);
  }

  @Test
  void echoesClientRequestIdAsCorrelationId() {
    String corr = "3f1f7e10-2b5c-4ad5-9a37-1f0f4a4f6b11";
    TestClient.Response ok =
        client.tokenRequest(emu.tenantId(), goodForm(), Map.of("client-request-id", corr));
    assertThat(ok.header("client-request-id")).isEqualTo(corr);
    Map<String, String> f = goodForm();
    f.put("client_secret", "wrong");
    TestClient.Response bad =
        client.tokenRequest(emu.tenantId(), f, Map.of("client-request-id", corr));
    assertThat(bad.json().path("correlation_id").asText()).isEqualTo(corr);
    assertThat(bad.json().path("error_description").asText()).contains("Correlation ID: " + corr);
  }

  @Test
  void wrongSecretIs7000215() {
    Map<String, String> f = goodForm();
    f.put("client_secret", "not-the-secret");
    TestClient.Response r = client.tokenRequest(emu.tenantId(), f, Map.of());
    assertAadError(r, 401, "invalid_client", 7000215);
    assertThat(r.json().path("error_description").asText())
        .contains("Invalid client secret provided")
        .contains("the client secret value, not the client secret ID")
        .contains(emu.clientId());
  }

  @Test
  void secretIdSentAsSecretIs7000215() {
    Map<String, String> f = goodForm();
    f.put("client_secret", emu.clientSecretId());
    assertAadError(
        client.tokenRequest(emu.tenantId(), f, Map.of()), 401, "invalid_client", 7000215);
  }

  @Test
  void expiredSecretIs7000222() {
    AppRegistration app = emu.registerApp("expired", Set.of("User.Read.All"));
    AppRegistration.Secret old = app.addSecret(Instant.now().minusSeconds(60));
    TestClient.Response r =
        client.tokenRequest(
            emu.tenantId(),
            msalForm(app.clientId(), old.value(), emu.graphEndpoint() + "/.default"),
            Map.of());
    assertAadError(r, 401, "invalid_client", 7000222);
    assertThat(r.json().path("error_description").asText()).contains("expired");
    // the app's other, valid secret still works
    assertThat(
            client
                .tokenRequest(
                    emu.tenantId(),
                    msalForm(
                        app.clientId(), app.secret().value(), emu.graphEndpoint() + "/.default"),
                    Map.of())
                .status())
        .isEqualTo(200);
  }

  @Test
  void missingSecretIs7000218() {
    Map<String, String> f = goodForm();
    f.remove("client_secret");
    assertAadError(
        client.tokenRequest(emu.tenantId(), f, Map.of()), 401, "invalid_client", 7000218);
  }

  @Test
  void unknownClientIs700016() {
    String unknown = "11111111-2222-4333-8444-555555555555";
    TestClient.Response r =
        client.tokenRequest(
            emu.tenantId(), msalForm(unknown, "x", emu.graphEndpoint() + "/.default"), Map.of());
    assertAadError(r, 400, "unauthorized_client", 700016);
    assertThat(r.json().path("error_description").asText())
        .contains("Application with identifier '" + unknown + "' was not found in the directory")
        .contains("You may have sent your authentication request to the wrong tenant.");
  }

  @Test
  void appOfAnotherTenantIs700016() {
    Tenant other = emu.addTenant("fabrikam.onmicrosoft.com");
    AppRegistration foreign = other.registerApp("foreign", Set.of("User.Read.All"));
    Map<String, String> f =
        msalForm(foreign.clientId(), foreign.secret().value(), emu.graphEndpoint() + "/.default");
    assertAadError(
        client.tokenRequest(emu.tenantId(), f, Map.of()), 400, "unauthorized_client", 700016);
    // and in its own tenant it works, with that tenant's tid
    TestClient.Response ok = client.tokenRequest("fabrikam.onmicrosoft.com", f, Map.of());
    assertThat(ok.status()).isEqualTo(200);
  }

  @Test
  void unknownTenantIs90002() {
    TestClient.Response r =
        client.tokenRequest("aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee", goodForm(), Map.of());
    assertAadError(r, 400, "invalid_tenant", 90002);
    assertThat(r.json().path("error_description").asText())
        .contains("Tenant 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee' not found");
    assertAadError(
        client.tokenRequest("nowhere.onmicrosoft.com", goodForm(), Map.of()),
        400,
        "invalid_tenant",
        90002);
  }

  @Test
  void malformedTenantIs900023() {
    TestClient.Response r = client.tokenRequest("not_a_tenant", goodForm(), Map.of());
    assertAadError(r, 400, "invalid_request", 900023);
    assertThat(r.json().path("error_description").asText())
        .contains("'not_a_tenant' is neither a valid DNS name");
  }

  @Test
  void commonOrganizationsConsumersAre50059() {
    for (String t : new String[] {"common", "organizations", "consumers"}) {
      assertAadError(client.tokenRequest(t, goodForm(), Map.of()), 400, "invalid_request", 50059);
    }
  }

  @Test
  void scopeWithoutDefaultIs1002012() {
    Map<String, String> f = msalForm(emu.clientId(), emu.clientSecret(), "User.Read.All");
    TestClient.Response r = client.tokenRequest(emu.tenantId(), f, Map.of());
    assertAadError(r, 400, "invalid_scope", 1002012);
    assertThat(r.json().path("error_description").asText()).contains("/.default suffixed");
  }

  @Test
  void foreignResourceIs500011() {
    Map<String, String> f =
        msalForm(emu.clientId(), emu.clientSecret(), "https://management.azure.com/.default");
    TestClient.Response r = client.tokenRequest(emu.tenantId(), f, Map.of());
    assertAadError(r, 400, "invalid_resource", 500011);
    assertThat(r.json().path("error_description").asText())
        .contains("The resource principal named https://management.azure.com was not found");
  }

  @Test
  void unsupportedGrantType() {
    Map<String, String> f = goodForm();
    f.put("grant_type", "password");
    assertAadError(
        client.tokenRequest(emu.tenantId(), f, Map.of()), 400, "unsupported_grant_type", 70003);
  }

  @Test
  void missingAdminConsentGivesTokenWithoutRoles() throws Exception {
    AppRegistration app =
        emu.registerApp("no consent", Set.of("User.Read.All")).adminConsent(false);
    TestClient.Response r =
        client.tokenRequest(
            emu.tenantId(),
            msalForm(app.clientId(), app.secret().value(), emu.graphEndpoint() + "/.default"),
            Map.of());
    assertThat(r.status()).isEqualTo(200);
    assertThat(claims(r.json().path("access_token").asText()).has("roles")).isFalse();
    app.adminConsent(true);
    TestClient.Response again =
        client.tokenRequest(
            emu.tenantId(),
            msalForm(app.clientId(), app.secret().value(), emu.graphEndpoint() + "/.default"),
            Map.of());
    assertThat(claims(again.json().path("access_token").asText()).path("roles").get(0).asText())
        .isEqualTo("User.Read.All");
  }

  @Test
  void countsTokenRequestsPerClientWhateverTheOutcome() {
    AppRegistration app = emu.registerApp("counted", Set.of("User.Read.All"));
    Map<String, String> ok =
        msalForm(app.clientId(), app.secret().value(), emu.graphEndpoint() + "/.default");
    Map<String, String> bad = new HashMap<>(ok);
    bad.put("client_secret", "nope");
    client.tokenRequest(emu.tenantId(), ok, Map.of());
    client.tokenRequest(emu.tenantId(), bad, Map.of());
    client.tokenRequest("common", ok, Map.of());
    assertThat(emu.tokenRequestCount(app.clientId())).isEqualTo(3);
    assertThat(emu.tokenRequestCount("00000000-0000-4000-8000-000000000000")).isZero();
  }

  @Test
  void tokenLifetimeIsConfigurable() {
    emu.faults().tokenLifetimeSeconds(120);
    try {
      TestClient.Response r = client.tokenRequest(emu.tenantId(), goodForm(), Map.of());
      assertThat(r.json().path("expires_in").asInt()).isEqualTo(120);
    } finally {
      emu.faults().tokenLifetimeSeconds(3599);
    }
  }

  @Test
  void servesJwks() throws Exception {
    TestClient.Response r = client.get("/" + emu.tenantId() + "/discovery/v2.0/keys");
    assertThat(r.status()).isEqualTo(200);
    JsonNode key = r.json().path("keys").get(0);
    assertThat(key.path("kty").asText()).isEqualTo("RSA");
    String token =
        client
            .tokenRequest(emu.tenantId(), goodForm(), Map.of())
            .json()
            .path("access_token")
            .asText();
    String header =
        new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
    assertThat(key.path("kid").asText())
        .isEqualTo(TestClient.JSON.readTree(header).path("kid").asText());
  }

  @Test
  void recordsTokenRequestsWithoutTheSecret() {
    emu.clearRequests();
    client.tokenRequest(emu.tenantId(), goodForm(), Map.of("client-request-id", "abc"));
    RecordedRequest rec = emu.requests().get(0);
    assertThat(rec.method()).isEqualTo("POST");
    assertThat(rec.path()).isEqualTo("/" + emu.tenantId() + "/oauth2/v2.0/token");
    assertThat(rec.status()).isEqualTo(200);
    assertThat(rec.header("client-request-id")).isEqualTo("abc");
    assertThat(rec.body())
        .contains("grant_type=client_credentials")
        .doesNotContain(emu.clientSecret());
  }

  /**
   * The Graph SDKs ask for https://graph.microsoft.com/.default
   * (v2-oauth2-client-creds-grant-flow.md "First case", scopes-oidc.md); Graph's app id works too.
   * Another cloud's Graph is not known to this cloud's token service.
   */
  @Test
  void graphIsNamedByItsPublicUrlAsBySdksDefaultScope() throws Exception {
    for (String resource :
        List.of(
            "https://graph.microsoft.com",
            "https://GRAPH.microsoft.com/",
            "00000003-0000-0000-c000-000000000000")) {
      TestClient.Response r =
          client.tokenRequest(
              emu.tenantId(),
              msalForm(emu.clientId(), emu.clientSecret(), resource + "/.default"),
              Map.of());
      assertThat(r.status()).as(resource + ": " + r.body()).isEqualTo(200);
      String token = r.json().path("access_token").asText();
      assertThat(claims(token).path("aud").asText()).isEqualTo(emu.graphEndpoint());
      assertThat(new TestClient(emu).withRawToken(token).get("/v1.0/users?$top=1").status())
          .isEqualTo(200);
    }
  }

  /** deployments.md: each national cloud's token service issues tokens for its own Graph. */
  @Test
  void aNationalCloudAcceptsItsOwnGraphUrls() {
    try (EntraEmulator gov = EntraEmulator.builder().cloud(NationalCloud.US_GOV).seed(3L).start()) {
      TestClient govClient = new TestClient(gov);
      for (String resource :
          List.of("https://graph.microsoft.us", "https://dod-graph.microsoft.us")) {
        assertThat(
                govClient
                    .tokenRequest(
                        gov.tenantId(),
                        msalForm(gov.clientId(), gov.clientSecret(), resource + "/.default"),
                        Map.of())
                    .status())
            .isEqualTo(200);
      }
      assertAadError(
          govClient.tokenRequest(
              gov.tenantId(),
              msalForm(gov.clientId(), gov.clientSecret(), "https://graph.microsoft.com/.default"),
              Map.of()),
          400,
          "invalid_resource",
          500011);
    }
  }

  /**
   * RFC 6749 section 2.3.1: client_secret_basic, listed in the OpenID configuration's
   * token_endpoint_auth_methods_supported.
   */
  @Test
  void httpBasicClientAuthentication() {
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (TestClient.enc(emu.clientId()) + ":" + TestClient.enc(emu.clientSecret()))
                        .getBytes(StandardCharsets.UTF_8));
    Map<String, String> form =
        new HashMap<>(
            Map.of(
                "grant_type",
                "client_credentials",
                "scope",
                "https://graph.microsoft.com/.default"));
    TestClient.Response r =
        client.tokenRequest(emu.tenantId(), form, Map.of("Authorization", basic));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    String wrong =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((emu.clientId() + ":nope").getBytes(StandardCharsets.UTF_8));
    assertAadError(
        client.tokenRequest(emu.tenantId(), form, Map.of("Authorization", wrong)),
        401,
        "invalid_client",
        7000215);
  }

  /**
   * v2-protocols-oidc.md "Find your app's OpenID configuration document URI":
   * /{tenant}/v2.0/.well-known/openid-configuration.
   */
  @Test
  void servesTheOpenIdConfigurationDocuments() {
    TestClient.Response v2 =
        client.get("/" + emu.tenantId() + "/v2.0/.well-known/openid-configuration");
    assertThat(v2.status()).isEqualTo(200);
    JsonNode doc = v2.json();
    assertThat(doc.path("token_endpoint").asText())
        .isEqualTo(emu.authorityHost() + "/" + emu.tenantId() + "/oauth2/v2.0/token");
    assertThat(doc.path("issuer").asText())
        .isEqualTo(emu.authorityHost() + "/" + emu.tenantId() + "/v2.0");
    assertThat(
            client
                .get(doc.path("jwks_uri").asText().substring(emu.authorityHost().length()))
                .status())
        .isEqualTo(200);
    TestClient.Response v1 = client.get("/" + emu.tenantId() + "/.well-known/openid-configuration");
    assertThat(v1.json().path("token_endpoint").asText())
        .isEqualTo(emu.authorityHost() + "/" + emu.tenantId() + "/oauth2/token");
    assertThat(client.get("/nosuchtenant.example/v2.0/.well-known/openid-configuration").status())
        .isEqualTo(400);
  }

  /**
   * The v1.0 endpoint (v1-oauth2-client-creds-grant-flow.md): resource instead of scope, lifetimes
   * as strings.
   */
  @Test
  void v1TokenEndpointTakesAResource() throws Exception {
    Map<String, String> form =
        Map.of(
            "grant_type",
            "client_credentials",
            "client_id",
            emu.clientId(),
            "client_secret",
            emu.clientSecret(),
            "resource",
            "https://graph.microsoft.com");
    String body =
        form.entrySet().stream()
            .map(e -> TestClient.enc(e.getKey()) + "=" + TestClient.enc(e.getValue()))
            .collect(java.util.stream.Collectors.joining("&"));
    java.net.http.HttpResponse<String> r =
        client
            .http()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            emu.authorityHost() + "/" + emu.tenantId() + "/oauth2/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode j = TestClient.JSON.readTree(r.body());
    assertThat(j.path("expires_in").isTextual()).isTrue();
    assertThat(j.path("resource").asText()).isEqualTo("https://graph.microsoft.com");
    assertThat(j.path("expires_on").asLong()).isGreaterThan(Instant.now().getEpochSecond());
    assertThat(claims(j.path("access_token").asText()).path("ver").asText()).isEqualTo("1.0");
  }
}
