package io.entraid.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.entraid.emulator.EntraEmulator;
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A standalone emulator process playing an Entra ID tenant (its command line, as an administrator
 * would run it), the app's settings to use it in real-tenant mode, and a Graph client of the test's
 * own: directory changes are made through Microsoft Graph, as an HR system or an administrator
 * would make them.
 */
final class EmulatedTenant implements AutoCloseable {
  private final Process process;
  private final Map<String, String> settings;
  private final HttpClient http;
  private String accessToken;

  private EmulatedTenant(Process process, Map<String, String> settings) {
    this.process = process;
    this.settings = settings;
    this.http = HttpClient.newBuilder().sslContext(trust(settings)).build();
  }

  /** Starts {@code io.entraid.emulator.Main} with these arguments (e.g. --users 100). */
  static EmulatedTenant start(String... args) {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                String.join(
                    java.io.File.pathSeparator,
                    codeSource(EntraEmulator.class),
                    codeSource(com.fasterxml.jackson.databind.ObjectMapper.class),
                    codeSource(com.fasterxml.jackson.core.JsonFactory.class),
                    codeSource(com.fasterxml.jackson.annotation.JsonProperty.class)),
                "io.entraid.emulator.Main"));
    command.addAll(List.of(args));
    try {
      Process process =
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      Map<String, String> settings = new LinkedHashMap<>();
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      for (String line;
          !settings.containsKey("TrustStorePassword") && (line = out.readLine()) != null; ) {
        int eq = line.indexOf('=');
        if (eq > 0) settings.put(line.substring(0, eq), line.substring(eq + 1));
      }
      return new EmulatedTenant(process, settings);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** ENTRA_* variables plus {@code more}: the app's environment for real-tenant mode. */
  Map<String, String> env(Map<String, String> more) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("ENTRA_TENANT_ID", settings.get("TenantID"));
    env.put("ENTRA_CLIENT_ID", settings.get("ClientID"));
    env.put("ENTRA_CLIENT_SECRET", settings.get("ClientSecret"));
    env.putAll(more);
    return env;
  }

  /** The JVM options that make the app trust the emulator's certificate. */
  List<String> jvmOptions() {
    return List.of(
        "-Djavax.net.ssl.trustStore=" + settings.get("TrustStore"),
        "-Djavax.net.ssl.trustStorePassword=" + settings.get("TrustStorePassword"),
        "-Djavax.net.ssl.trustStoreType=PKCS12");
  }

  /** The connection's AuthorityHost and GraphEndpoint pointing at the emulator. */
  List<String> connectionArgs() {
    String prefix = "--camunda.bpm.plugin.entraid.connections.default.parameters.";
    return List.of(
        prefix + "AuthorityHost=" + settings.get("AuthorityHost"),
        prefix + "GraphEndpoint=" + settings.get("GraphEndpoint"));
  }

  /** One of the emulator's printed settings: TenantID, ClientID, ClientSecret, ... */
  String setting(String name) {
    return settings.get(name);
  }

  String graphEndpoint() {
    return settings.get("GraphEndpoint");
  }

  /**
   * A Graph request with an app-only token of the tenant's app; asserts a 2xx answer and returns
   * its JSON body (an empty object for 204).
   */
  JsonNode graph(String method, String path, Object body) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(graphEndpoint() + path))
              .header("Authorization", "Bearer " + token())
              .header("Content-Type", "application/json")
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(Rest.JSON.writeValueAsString(body)));
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode() / 100)
          .as(method + " " + path + ": " + response.body())
          .isEqualTo(2);
      return response.body().isEmpty()
          ? Rest.JSON.createObjectNode()
          : Rest.JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code {"@odata.id": ".../directoryObjects/<id>"}}, the body of a $ref request. */
  Map<String, String> ref(String id) {
    return Map.of("@odata.id", graphEndpoint() + "/v1.0/directoryObjects/" + id);
  }

  private synchronized String token() throws IOException, InterruptedException {
    if (accessToken == null) {
      String form =
          "grant_type=client_credentials&client_id="
              + enc(settings.get("ClientID"))
              + "&client_secret="
              + enc(settings.get("ClientSecret"))
              + "&scope="
              + enc(graphEndpoint() + "/.default");
      HttpResponse<String> token =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          settings.get("AuthorityHost")
                              + "/"
                              + settings.get("TenantID")
                              + "/oauth2/v2.0/token"))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString(form))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      accessToken = Rest.JSON.readTree(token.body()).path("access_token").asText();
    }
    return accessToken;
  }

  private static SSLContext trust(Map<String, String> settings) {
    try (InputStream in = new FileInputStream(settings.get("TrustStore"))) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, settings.get("TrustStorePassword").toCharArray());
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, trust.getTrustManagers(), null);
      return tls;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
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

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
