package io.entraid.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The connections REST API of the packaged app (demo mode, store enabled): every endpoint refuses
 * callers without a login (401) and non-admins (403); an admin creates, validates, updates, tests,
 * rotates, audits and deletes a stored connection; no response and no log line holds a secret; the
 * webapps' session works with its CSRF token and not without it.
 */
class ConnectionsApiIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String API = "/engine-rest/entraid/connections";
  private static ExampleApp app;
  private static final List<String> bodies = new ArrayList<>();

  private record Call(String method, String path, String body) {}

  private static final List<Call> EVERY_ENDPOINT =
      List.of(
          new Call("GET", API, null),
          new Call("GET", API + "/default", null),
          new Call("POST", API, "{\"name\":\"x\"}"),
          new Call("PATCH", API + "/x", "{}"),
          new Call("DELETE", API + "/x", null),
          new Call("POST", API + "/x/test", "{}"),
          new Call("POST", API + "/x/rotate", "{\"ClientSecret\":\"y\"}"),
          new Call("POST", API + "/validate", "{}"),
          new Call("GET", API + "/x/audit", null),
          new Call("GET", "/engine-rest/entraid/connection-store", null));

  @BeforeAll
  static void start() {
    app = DemoApp.shared();
  }

  @Test
  void everyEndpointRefusesCallersWithoutLoginAndNonAdmins() {
    String user = "viewer" + UUID.randomUUID().toString().substring(0, 8);
    String password = "Viewer-pass-" + UUID.randomUUID();
    HttpResponse<String> created =
        send(
            "POST",
            "/engine-rest/user/create",
            "{\"profile\":{\"id\":\""
                + user
                + "\",\"firstName\":\"V\",\"lastName\":\"W\",\"email\":\"v@example.com\"},"
                + "\"credentials\":{\"password\":\""
                + password
                + "\"}}",
            basic("demo", "demo"));
    assertThat(created.statusCode()).isEqualTo(204);
    try {
      for (Call call : EVERY_ENDPOINT) {
        assertThat(send(call.method(), call.path(), call.body()).statusCode())
            .as(call.method() + " " + call.path() + " without a login")
            .isEqualTo(401);
        HttpResponse<String> refused =
            send(call.method(), call.path(), call.body(), basic(user, password));
        assertThat(refused.statusCode()).as(call.method() + " " + call.path()).isEqualTo(403);
        assertThat(json(refused).path("type").asText()).isEqualTo("Forbidden");
      }
    } finally {
      // the demo app is shared: other suites count its users
      assertThat(
              send("DELETE", "/engine-rest/user/" + user, null, basic("demo", "demo")).statusCode())
          .isEqualTo(204);
    }
  }

  @Test
  void anAdminManagesAStoredConnectionAndNoResponseOrLogLineHoldsTheSecret() {
    String name = "api-" + UUID.randomUUID().toString().substring(0, 8);
    String secret = "Wr0ng~" + UUID.randomUUID() + ".value";
    String rotated = "R0tated~" + UUID.randomUUID() + ".value";
    JsonNode configured = json(admin("GET", API + "/default", null));
    assertThat(configured.path("readOnly").asBoolean()).isTrue();
    JsonNode p = configured.path("parameters");
    String parameters =
        "{\"TenantID\":\""
            + p.path("TenantID").asText()
            + "\",\"ClientID\":\""
            + p.path("ClientID").asText()
            + "\",\"ClientSecret\":\""
            + secret
            + "\",\"AuthorityHost\":\""
            + p.path("AuthorityHost").asText()
            + "\",\"GraphEndpoint\":\""
            + p.path("GraphEndpoint").asText()
            + "\"}";

    HttpResponse<String> clash =
        admin("POST", API, "{\"name\":\"default\",\"parameters\":" + parameters + "}");
    assertThat(clash.statusCode()).isEqualTo(409);
    assertThat(json(clash).path("message").asText()).contains("defined in configuration");

    HttpResponse<String> created =
        admin("POST", API, "{\"name\":\"" + name + "\",\"parameters\":" + parameters + "}");
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(json(created).path("parameters").path("ClientSecret").asText())
        .isEqualTo("\u2022\u2022\u2022\u2022" + secret.substring(secret.length() - 3));

    JsonNode problems =
        json(
            admin(
                "POST",
                API + "/validate",
                "{\"name\":\"n\",\"parameters\":{\"TenantID\":\"common\",\"ClientSecret\":\""
                    + UUID.randomUUID()
                    + "\"}}"));
    assertThat(problems.path("problems").findValuesAsText("key"))
        .contains("TenantID", "ClientSecret", "ClientID");

    assertThat(
            admin("PATCH", API + "/" + name, "{\"settings\":{\"uncaught-errors\":\"end\"}}")
                .statusCode())
        .isEqualTo(200);
    JsonNode tested = json(admin("POST", API + "/" + name + "/test", null));
    assertThat(tested.path("token").path("ok").asBoolean()).isFalse(); // a wrong secret
    assertThat(tested.path("token").path("diagnosis").path("fix").asText()).isNotBlank();
    assertThat(json(admin("GET", API + "/" + name, null)).path("status").path("state").asText())
        .isEqualTo("failing");
    assertThat(
            admin("POST", API + "/" + name + "/rotate", "{\"ClientSecret\":\"" + rotated + "\"}")
                .statusCode())
        .isEqualTo(200);
    assertThat(json(admin("GET", API + "/" + name + "/audit", null)).findValuesAsText("action"))
        .containsExactly("create", "update", "rotate");
    assertThat(json(admin("DELETE", API + "/" + name + "?dryRun=true", null)).path("deleted"))
        .hasToString("false");
    assertThat(json(admin("DELETE", API + "/" + name, null)).path("deleted")).hasToString("true");
    assertThat(admin("GET", API + "/" + name, null).statusCode()).isEqualTo(404);

    // positive controls: the scan sees what was sent back and logged
    assertThat(bodies).anyMatch(b -> b.contains(name));
    assertThat(app.log()).contains("Entra ID stored connection '" + name + "'");
    for (String leak : List.of(secret, rotated)) {
      assertThat(bodies).noneMatch(b -> b.contains(leak));
      assertThat(app.log()).doesNotContain(leak);
    }
  }

  @Test
  void theWebappSessionIsAdmittedWithItsCsrfTokenOnly() throws Exception {
    CookieManager cookies = new CookieManager();
    HttpClient browser =
        HttpClient.newBuilder()
            .cookieHandler(cookies)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    browser.send(
        HttpRequest.newBuilder(URI.create(app.rest.base + "/camunda/app/welcome/default/")).build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> login =
        browser.send(
            HttpRequest.newBuilder(
                    URI.create(
                        app.rest.base + "/camunda/api/admin/auth/user/default/login/welcome"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-XSRF-TOKEN", csrf(cookies))
                .POST(HttpRequest.BodyPublishers.ofString("username=demo&password=demo"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    browser.send(
        HttpRequest.newBuilder(URI.create(app.rest.base + "/camunda/api/admin/auth/user/default"))
            .build(),
        HttpResponse.BodyHandlers.ofString()); // the token of the signed-in session

    HttpResponse<String> listed =
        browser.send(
            HttpRequest.newBuilder(URI.create(app.rest.base + API)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
    HttpRequest.Builder validate =
        HttpRequest.newBuilder(URI.create(app.rest.base + API + "/validate"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\",\"parameters\":{}}"));
    HttpResponse<String> withoutToken =
        browser.send(validate.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(withoutToken.statusCode()).isEqualTo(403);
    assertThat(withoutToken.body()).contains("CSRF");
    HttpResponse<String> withToken =
        browser.send(
            validate.header("X-XSRF-TOKEN", csrf(cookies)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(withToken.statusCode()).as(withToken.body()).isEqualTo(200);

    // the page's own path: Admin's plugin API, the same calls with the session and CSRF protection
    String page = "/camunda/api/admin/plugin/entraid/default/connections";
    HttpResponse<String> viaAdmin =
        browser.send(
            HttpRequest.newBuilder(URI.create(app.rest.base + page)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(viaAdmin.statusCode()).as(viaAdmin.body()).isEqualTo(200);
    assertThat(json(viaAdmin).findValuesAsText("name")).contains("default");
    HttpRequest.Builder validateViaAdmin =
        HttpRequest.newBuilder(URI.create(app.rest.base + page + "/validate"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\",\"parameters\":{}}"));
    assertThat(
            browser
                .send(
                    validateViaAdmin.copy().header("X-XSRF-TOKEN", csrf(cookies)).build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(200);
    // last: Camunda's CSRF filter ends the session it refuses a request of
    assertThat(
            browser
                .send(validateViaAdmin.build(), HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .as("without the CSRF token")
        .isEqualTo(403);
    assertThat(send("GET", page, null).statusCode()).as("without a session").isEqualTo(401);
  }

  /**
   * A trigger naming a connection that exists neither in configuration nor in the store stops the
   * start with Spring Boot's report, once the store has been read (the store is enabled in demo
   * mode, so the check waits for it).
   */
  @Test
  void aTriggerOnAConnectionThatExistsNowhereStopsTheStartWithTheReport() {
    String log =
        ExampleApp.refusedStart(
            "connections-trigger-unknown",
            Map.of(),
            List.of(
                "--camunda.bpm.plugin.entraid.triggers.hires.connection=hr-stored",
                "--camunda.bpm.plugin.entraid.triggers.hires.events=userCreated"));
    assertThat(log)
        .contains("APPLICATION FAILED TO START")
        .contains("Entra ID trigger(s) 'hires' (camunda.bpm.plugin.entraid.triggers) not usable:")
        .contains("connection: no connection is named 'hr-stored'.")
        .contains("name one of [default");
  }

  private static String csrf(CookieManager cookies) {
    return cookies.getCookieStore().getCookies().stream()
        .filter(c -> c.getName().equals("XSRF-TOKEN"))
        .map(HttpCookie::getValue)
        .reduce((first, last) -> last)
        .orElseThrow(
            () ->
                new AssertionError(
                    "no XSRF-TOKEN cookie: " + cookies.getCookieStore().getCookies()));
  }

  private static HttpResponse<String> admin(String method, String path, String body) {
    return send(method, path, body, basic("demo", "demo"));
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static HttpResponse<String> send(String method, String path, String body) {
    return send(method, path, body, null);
  }

  private static HttpResponse<String> send(
      String method, String path, String body, String authorization) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(app.rest.base + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) request.header("Content-Type", "application/json");
    if (authorization != null) request.header("Authorization", authorization);
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
      synchronized (bodies) {
        bodies.add(response.body());
      }
      return response;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
    }
  }
}
