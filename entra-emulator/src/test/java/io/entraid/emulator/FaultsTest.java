package io.entraid.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FaultsTest {
  static EntraEmulator emu;
  static TestClient graph;

  @BeforeAll
  static void start() {
    emu = EntraEmulator.builder().users(20).groups(3).seed(8L).start();
    graph = new TestClient(emu).withToken();
  }

  @AfterAll
  static void stop() {
    emu.close();
  }

  @AfterEach
  void reset() {
    emu.faults().reset();
  }

  @Test
  void throttlePercentAnswers429WithGraphHeadersAndBody() {
    emu.faults().throttlePercent(100).retryAfterSeconds(3);
    TestClient.Response r = graph.get("/v1.0/users");
    assertThat(r.status()).isEqualTo(429);
    assertThat(r.header("Retry-After")).isEqualTo("3");
    assertThat(r.header("x-ms-throttle-scope"))
        .isEqualTo("Tenant_Application/ReadWrite/" + emu.clientId() + "/" + emu.tenantId());
    assertThat(r.header("x-ms-throttle-information")).isEqualTo("ResourceUnitLimitExceeded");
    assertThat(r.errorCode()).isEqualTo("TooManyRequests");
    assertThat(r.errorMessage()).isEqualTo("Please retry again later.");
    assertThat(r.json().path("error").path("innerError").path("status").asText()).isEqualTo("429");
    // the token endpoint is not Graph: not throttled
    assertThat(new TestClient(emu).withToken().token()).isNotBlank();
  }

  @Test
  void throttlePercentIsAShareOfRequests() {
    emu.faults().throttlePercent(30);
    int throttled = 0;
    for (int i = 0; i < 200; i++) {
      if (graph.get("/v1.0/users?$top=1").status() == 429) {
        throttled++;
      }
    }
    assertThat(throttled).isBetween(30, 90);
  }

  @Test
  void resourceUnitBudgetThrottlesPerAppWithMicrosoftCosts() {
    emu.faults().resourceUnitQuota(10);
    TestClient.Response list = graph.get("/v1.0/users");
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.header("x-ms-resource-unit")).isEqualTo("2");
    assertThat(list.header("x-ms-throttle-limit-percentage")).isNull();
    TestClient.Response selected = graph.get("/v1.0/users?$select=id");
    assertThat(selected.header("x-ms-resource-unit")).isEqualTo("1");
    Group g = emu.directory().groups().get(0);
    assertThat(
            graph.get("/v1.0/groups/" + g.id() + "/transitiveMembers").header("x-ms-resource-unit"))
        .isEqualTo("5");
    TestClient.Response nearLimit = graph.get("/v1.0/groups/" + g.id());
    assertThat(nearLimit.header("x-ms-resource-unit")).isEqualTo("1");
    assertThat(nearLimit.header("x-ms-throttle-limit-percentage")).isEqualTo("0.9");
    TestClient.Response over = graph.get("/v1.0/users");
    assertThat(over.status()).isEqualTo(429);
    assertThat(Integer.parseInt(over.header("Retry-After"))).isBetween(1, 10);
    assertThat(over.header("x-ms-throttle-information")).isEqualTo("ResourceUnitLimitExceeded");
    // another app has its own budget
    AppRegistration other = emu.registerApp("other budget", java.util.Set.of("User.Read.All"));
    assertThat(
            new TestClient(emu)
                .withToken(other.clientId(), other.secret().value())
                .get("/v1.0/users")
                .status())
        .isEqualTo(200);
  }

  @Test
  void failNextHitsOnlyMatchingPathsAndCountsDown() {
    emu.faults().failNext(2, 503, "/v1.0/users");
    assertThat(graph.get("/v1.0/groups").status()).isEqualTo(200);
    TestClient.Response first = graph.get("/v1.0/users");
    assertThat(first.status()).isEqualTo(503);
    assertThat(first.errorCode()).isEqualTo("serviceNotAvailable");
    assertThat(graph.get("/v1.0/users").status()).isEqualTo(503);
    assertThat(graph.get("/v1.0/users").status()).isEqualTo(200);
  }

  @Test
  void failNextOnTheTokenEndpoint() {
    emu.faults().failNext(1, 500, "/" + emu.tenantId() + "/oauth2/");
    TestClient.Response r =
        graph.tokenRequest(
            emu.tenantId(),
            Map.of(
                "grant_type",
                "client_credentials",
                "client_id",
                emu.clientId(),
                "client_secret",
                emu.clientSecret(),
                "scope",
                emu.graphEndpoint() + "/.default"),
            Map.of());
    assertThat(r.status()).isEqualTo(500);
    assertThat(r.json().path("error").asText()).isEqualTo("temporarily_unavailable");
  }

  @Test
  void errorRateInjects5xx() {
    emu.faults().errorRate(504, 100);
    TestClient.Response r = graph.get("/v1.0/users");
    assertThat(r.status()).isEqualTo(504);
    assertThat(r.json().path("error").has("innerError")).isTrue();
    emu.faults().errorRate(500, 0);
    assertThat(graph.get("/v1.0/users").status()).isEqualTo(200);
  }

  @Test
  void hangNextHoldsTheResponseUntilTheClientTimesOut() throws Exception {
    emu.faults().hangNext(1, "/v1.0/groups");
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(emu.graphEndpoint() + "/v1.0/groups"))
            .header("Authorization", "Bearer " + graph.token())
            .timeout(Duration.ofMillis(700))
            .GET()
            .build();
    Throwable t =
        catchThrowable(() -> graph.http().send(req, HttpResponse.BodyHandlers.ofString()));
    assertThat(t).isInstanceOf(HttpTimeoutException.class);
    assertThat(graph.get("/v1.0/groups").status()).isEqualTo(200);
  }

  /** A network outage: no HTTP answer at all, on Graph and the token endpoint, until it ends. */
  @Test
  void unreachableClosesEveryConnectionWithoutAnAnswerUntilSwitchedOff() {
    String token = graph.token();
    emu.faults().unreachable(true);
    HttpRequest users =
        HttpRequest.newBuilder(URI.create(emu.graphEndpoint() + "/v1.0/users"))
            .header("Authorization", "Bearer " + token)
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build();
    assertThat(catchThrowable(() -> graph.http().send(users, HttpResponse.BodyHandlers.ofString())))
        .isInstanceOf(java.io.IOException.class)
        .isNotInstanceOf(HttpTimeoutException.class);
    assertThat(catchThrowable(() -> new TestClient(emu).withToken()))
        .as("the token endpoint is down too")
        .isNotNull();
    emu.faults().unreachable(false);
    assertThat(graph.get("/v1.0/users?$top=1").status()).isEqualTo(200);
  }

  @Test
  void latencyStillAnswers() {
    emu.faults().latencyMs(20);
    assertThat(emu.faults().latencyMs()).isEqualTo(20);
    assertThat(graph.get("/v1.0/users?$top=1").status()).isEqualTo(200);
  }

  @Test
  void resetClearsEverything() {
    emu.faults()
        .throttlePercent(100)
        .errorRate(500, 100)
        .failNext(5, 503, null)
        .resourceUnitQuota(1);
    emu.faults().reset();
    assertThat(graph.get("/v1.0/users").status()).isEqualTo(200);
    assertThat(emu.faults().throttlePercent()).isZero();
  }

  /**
   * concepts/throttling.md: the sample 429 carries "Retry-After: 2.128" and an innerError with
   * code, message, status.
   */
  @Test
  void fractionalRetryAfterAndInnerErrorAsInThrottlingMd() {
    emu.faults().throttlePercent(100).retryAfterSeconds(2.128);
    TestClient.Response r = graph.get("/v1.0/users");
    assertThat(r.status()).isEqualTo(429);
    assertThat(r.header("Retry-After")).isEqualTo("2.128");
    assertThat(r.json().path("error").path("innerError").path("code").asText()).isEqualTo("429");
    assertThat(r.json().path("error").path("innerError").path("message").asText())
        .isEqualTo("Please retry after");
    emu.faults().reset().failNext(1, 429, "/v1.0/users").retryAfterSeconds(0.5);
    assertThat(graph.get("/v1.0/users").header("Retry-After")).isEqualTo("0.5");
  }

  /**
   * A gateway timeout that hides a write Graph applied: the user exists although the answer was
   * 504.
   */
  @Test
  void applyThenFailCarriesOutTheRequestAndAnswersTheStatus() {
    emu.faults().applyThenFail(1, 504, "POST", "/v1.0/users");
    String upn = "applied504@" + emu.directory().defaultDomain();
    TestClient.Response r =
        graph.post(
            "/v1.0/users",
            "{\"accountEnabled\":true,\"displayName\":\"Applied\","
                + "\"mailNickname\":\"applied504\",\"userPrincipalName\":\""
                + upn
                + "\",\"passwordProfile\":"
                + "{\"password\":\"Xy7!kLm9#qRt\"}}");
    assertThat(r.status()).isEqualTo(504);
    assertThat(r.errorCode()).isEqualTo("UnknownError");
    assertThat(emu.directory().user(upn)).isPresent();
    assertThat(graph.get("/v1.0/users/" + upn).status())
        .as("a GET is not matched by a POST rule")
        .isEqualTo(200);
  }
}
