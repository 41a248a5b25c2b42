package io.entraid.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** A small HTTPS client for conformance tests: real TLS against the emulator's certificate. */
final class TestClient {
  static final ObjectMapper JSON = new ObjectMapper();

  private final EntraEmulator emu;
  private final HttpClient http;
  private String token;
  private final Map<String, String> defaultHeaders = new LinkedHashMap<>();

  TestClient(EntraEmulator emu) {
    this.emu = emu;
    this.http =
        HttpClient.newBuilder()
            .sslContext(emu.sslContext())
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  record Response(int status, Map<String, String> headers, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }

    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(Map.Entry::getValue)
          .findFirst()
          .orElse(null);
    }

    /** Graph error code. */
    String errorCode() {
      return json().path("error").path("code").asText();
    }

    String errorMessage() {
      return json().path("error").path("message").asText();
    }
  }

  HttpClient http() {
    return http;
  }

  TestClient header(String name, String value) {
    defaultHeaders.put(name, value);
    return this;
  }

  /** Acquires a token for the default app once; used as bearer for Graph calls. */
  TestClient withToken() {
    return withToken(emu.clientId(), emu.clientSecret());
  }

  TestClient withToken(String clientId, String secret) {
    Response r =
        tokenRequest(
            emu.tenantId(),
            Map.of(
                "grant_type",
                "client_credentials",
                "client_id",
                clientId,
                "client_secret",
                secret,
                "scope",
                emu.graphEndpoint() + "/.default"),
            Map.of());
    if (r.status() != 200) {
      throw new IllegalStateException("token request failed: " + r.body());
    }
    this.token = r.json().path("access_token").asText();
    return this;
  }

  TestClient withRawToken(String token) {
    this.token = token;
    return this;
  }

  String token() {
    return token;
  }

  Response tokenRequest(String tenant, Map<String, String> form, Map<String, String> headers) {
    String body =
        form.entrySet().stream()
            .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
            .collect(Collectors.joining("&"));
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                URI.create(emu.authorityHost() + "/" + tenant + "/oauth2/v2.0/token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(b::header);
    return send(b);
  }

  Response get(String pathAndQuery) {
    return request("GET", pathAndQuery, null, Map.of());
  }

  Response get(String pathAndQuery, Map<String, String> headers) {
    return request("GET", pathAndQuery, null, headers);
  }

  Response post(String path, String json) {
    return request("POST", path, json, Map.of());
  }

  Response patch(String path, String json) {
    return request("PATCH", path, json, Map.of());
  }

  Response put(String path, String json) {
    return request("PUT", path, json, Map.of());
  }

  Response delete(String path) {
    return request("DELETE", path, null, Map.of());
  }

  /**
   * {@code pathAndQuery} relative to graphEndpoint (e.g. "/v1.0/users") or an absolute URL
   * (nextLink).
   */
  Response request(String method, String pathAndQuery, String json, Map<String, String> headers) {
    String url =
        pathAndQuery.startsWith("https://") ? pathAndQuery : emu.graphEndpoint() + pathAndQuery;
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    defaultHeaders.forEach(b::header);
    headers.forEach(b::header);
    if (json != null) {
      b.header("Content-Type", "application/json");
      b.method(method, HttpRequest.BodyPublishers.ofString(json));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return send(b);
  }

  private Response send(HttpRequest.Builder b) {
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      Map<String, String> h = new LinkedHashMap<>();
      r.headers().map().forEach((k, v) -> h.put(k, v.get(0)));
      return new Response(r.statusCode(), h, r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
