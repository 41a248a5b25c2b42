package io.entraid.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reading app registrations and their secrets' expiry, as application-get.md and
 * passwordcredential.md describe: by object id or by {@code appId}, with {@code $select}, and only
 * with Application.Read.All (or Application.ReadWrite.All).
 */
class ApplicationsTest {
  static EntraEmulator emu;

  @BeforeAll
  static void start() {
    emu = EntraEmulator.builder().start();
  }

  @AfterAll
  static void stop() {
    emu.close();
  }

  @Test
  void applicationGetByAppIdSelectsPasswordCredentialsWithEndDateTimeAndHint() {
    AppRegistration app = emu.registerApp("expiring", Set.of("Application.Read.All"));
    Instant inTenDays = Instant.now().plus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    AppRegistration.Secret secret = app.expireSecretAt(app.secret().id(), inTenDays);
    TestClient client = new TestClient(emu).withToken(app.clientId(), secret.value());

    TestClient.Response r =
        client.get(
            "/v1.0/applications(appId='"
                + app.clientId()
                + "')?$select=passwordCredentials,keyCredentials");

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode body = r.json();
    assertThat(body.path("@odata.context").asText())
        .endsWith("/v1.0/$metadata#applications(keyCredentials,passwordCredentials)/$entity");
    assertThat(body.has("id")).isFalse();
    assertThat(body.path("keyCredentials").isArray()).isTrue();
    JsonNode credential = body.path("passwordCredentials").get(0);
    assertThat(Instant.parse(credential.path("endDateTime").asText())).isEqualTo(inTenDays);
    assertThat(credential.path("keyId").asText()).isEqualTo(secret.id());
    assertThat(credential.path("hint").asText()).isEqualTo(secret.value().substring(0, 3));
    assertThat(credential.path("secretText").isNull()).isTrue();
    assertThat(r.body()).doesNotContain(secret.value());
  }

  @Test
  void applicationGetByObjectIdReturnsTheRegistration() {
    TestClient client = new TestClient(emu).withToken();
    AppRegistration app = emu.defaultApp();
    TestClient.Response r = client.get("/v1.0/applications/" + app.objectId());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().path("appId").asText()).isEqualTo(app.clientId());
    assertThat(r.json().path("id").asText()).isEqualTo(app.objectId());
    assertThat(r.json().path("passwordCredentials").size()).isEqualTo(app.secrets().size());
  }

  @Test
  void applicationGetWithoutApplicationReadAllIs403AuthorizationRequestDenied() {
    AppRegistration app = emu.registerApp("users only", Set.of("User.Read.All"));
    TestClient client = new TestClient(emu).withToken(app.clientId(), app.secret().value());
    TestClient.Response r =
        client.get(
            "/v1.0/applications(appId='" + app.clientId() + "')?$select=passwordCredentials");
    AuthorizationTest.assertDenied(r);
  }

  @Test
  void unknownAppIdIs404AndUnknownSelectIs400() {
    TestClient client = new TestClient(emu).withToken();
    TestClient.Response missing =
        client.get("/v1.0/applications(appId='11111111-2222-4333-8444-555555555555')");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.errorCode()).isEqualTo("Request_ResourceNotFound");
    TestClient.Response badSelect =
        client.get("/v1.0/applications(appId='" + emu.clientId() + "')?$select=secretValue");
    assertThat(badSelect.status()).isEqualTo(400);
    assertThat(badSelect.errorMessage()).contains("secretValue", "microsoft.graph.application");
  }

  @Test
  void builderSetsTheDefaultSecretsEndDateTime() {
    Instant past = Instant.now().minus(1, ChronoUnit.DAYS);
    try (EntraEmulator expired = EntraEmulator.builder().secretEndDateTime(past).start()) {
      TestClient.Response r =
          new TestClient(expired)
              .tokenRequest(
                  expired.tenantId(),
                  java.util.Map.of(
                      "grant_type",
                      "client_credentials",
                      "client_id",
                      expired.clientId(),
                      "client_secret",
                      expired.clientSecret(),
                      "scope",
                      expired.graphEndpoint() + "/.default"),
                  java.util.Map.of());
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.json().path("error_codes").get(0).asInt()).isEqualTo(7000222);
    }
  }
}
