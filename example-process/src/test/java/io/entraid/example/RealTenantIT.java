package io.entraid.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.entraid.emulator.EntraEmulator;
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real-tenant path, unchanged: a standalone emulator process plays the tenant, the app gets it
 * through ENTRA_TENANT_ID, ENTRA_CLIENT_ID, ENTRA_CLIENT_SECRET, trusts it through the JVM's
 * {@code javax.net.ssl.trustStore}, and reaches it through the connection's AuthorityHost and
 * GraphEndpoint (what a proxy in front of Entra ID would need too). The result is checked the way an
 * administrator would: with Microsoft Graph calls of its own.
 */
class RealTenantIT {
  private static Process emulator;
  private static Map<String, String> tenant;
  private static ExampleApp app;

  @BeforeAll
  static void start() throws IOException {
    String classpath = String.join(java.io.File.pathSeparator, codeSource(EntraEmulator.class),
        codeSource(com.fasterxml.jackson.databind.ObjectMapper.class), codeSource(com.fasterxml.jackson.core.JsonFactory.class),
        codeSource(com.fasterxml.jackson.annotation.JsonProperty.class));
    emulator = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", classpath, "io.entraid.emulator.Main", "--users", "60", "--groups", "14", "--seed", "7")
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    tenant = new LinkedHashMap<>();
    BufferedReader out = new BufferedReader(new InputStreamReader(emulator.getInputStream(), StandardCharsets.UTF_8));
    for (String line; !tenant.containsKey("TrustStorePassword") && (line = out.readLine()) != null; ) {
      int eq = line.indexOf('=');
      if (eq > 0) tenant.put(line.substring(0, eq), line.substring(eq + 1));
    }
    app = ExampleApp.start("real-tenant",
        Map.of("ENTRA_TENANT_ID", tenant.get("TenantID"), "ENTRA_CLIENT_ID", tenant.get("ClientID"),
            "ENTRA_CLIENT_SECRET", tenant.get("ClientSecret")),
        List.of("-Djavax.net.ssl.trustStore=" + tenant.get("TrustStore"),
            "-Djavax.net.ssl.trustStorePassword=" + tenant.get("TrustStorePassword"), "-Djavax.net.ssl.trustStoreType=PKCS12"),
        List.of("--camunda.bpm.plugin.entraid.connections.default.parameters.AuthorityHost=" + tenant.get("AuthorityHost"),
            "--camunda.bpm.plugin.entraid.connections.default.parameters.GraphEndpoint=" + tenant.get("GraphEndpoint")));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (app != null) app.close();
    if (emulator != null) {
      emulator.destroy();
      emulator.waitFor(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void startsWithoutEmulatorAndRunsThePreflightAgainstTheTenant() {
    String log = app.log();
    assertThat(log).contains("running in REAL-TENANT MODE: tenant " + tenant.get("TenantID"), "Connection 'default' works",
        "Process 'entra-onboarding' is ready", "Process 'entra-offboarding' is ready", "Process 'entra-access-request' is ready");
    assertThat(log).doesNotContain("DEMO MODE", tenant.get("ClientSecret"));
    assertThat(log.lines().filter(line -> line.contains(" WARN ") || line.contains(" ERROR "))).as("a warning at start").isEmpty();
    assertThat(app.rest.status("/demo/directory/users/x@contoso.onmicrosoft.com")).isEqualTo(404);
  }

  @Test
  void onboardingCreatesTheUserInTheTenant() throws Exception {
    Rest rest = app.rest;
    String upn = "tara.tenant@contoso.onmicrosoft.com";
    String instance = rest.start("entra-onboarding", Map.of("givenName", "Tara", "surname", "Tenant",
        "userPrincipalName", upn, "department", "Finance", "groups", "Finance,Approvers"));
    rest.complete(rest.task(instance, "Task_HandOver"), Map.of());
    rest.ended(instance);

    JsonNode user = graph("/v1.0/users/" + URLEncoder.encode(upn, StandardCharsets.UTF_8) + "?$select=id,displayName,department,accountEnabled");
    assertThat(user.path("displayName").asText()).isEqualTo("Tara Tenant");
    assertThat(user.path("department").asText()).isEqualTo("Finance");
    assertThat(rest.historicVariable(instance, "userId").asText()).isEqualTo(user.path("id").asText());
    List<String> groups = new ArrayList<>();
    graph("/v1.0/users/" + user.path("id").asText() + "/memberOf?$select=displayName").path("value")
        .forEach(g -> groups.add(g.path("displayName").asText()));
    assertThat(groups).containsExactlyInAnyOrder("Finance", "Approvers");
  }

  /** A Graph GET with an app-only token of the tenant's app, over the emulator's trust store. */
  private static JsonNode graph(String path) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(tenant.get("TrustStore"))) {
      store.load(in, tenant.get("TrustStorePassword").toCharArray());
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, trust.getTrustManagers(), null);
    HttpClient http = HttpClient.newBuilder().sslContext(tls).build();
    String form = "grant_type=client_credentials&client_id=" + enc(tenant.get("ClientID")) + "&client_secret="
        + enc(tenant.get("ClientSecret")) + "&scope=" + enc(tenant.get("GraphEndpoint") + "/.default");
    HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(tenant.get("AuthorityHost") + "/"
            + tenant.get("TenantID") + "/oauth2/v2.0/token")).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    String accessToken = Rest.JSON.readTree(token.body()).path("access_token").asText();
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(tenant.get("GraphEndpoint") + path))
        .header("Authorization", "Bearer " + accessToken).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Rest.JSON.readTree(response.body());
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String codeSource(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
