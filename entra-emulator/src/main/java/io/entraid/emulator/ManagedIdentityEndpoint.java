package io.entraid.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.entraid.emulator.http.ApiRequest;
import io.entraid.emulator.http.Json;
import io.entraid.emulator.tls.SelfSignedCertificate;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The managed identity endpoint as App Service and Azure Functions expose it to their processes
 * (app-service overview-managed-identity.md, "REST endpoint reference"): {@code GET
 * IDENTITY_ENDPOINT?resource=...&api-version=2019-08-01[&client_id=...]} with the header {@code
 * X-IDENTITY-HEADER: IDENTITY_HEADER}, answering {@code access_token}, {@code expires_on} (epoch
 * seconds, a string), {@code resource}, {@code token_type} and {@code client_id}. Like App
 * Service's, it is plain HTTP on the loopback interface only. The identities are service principals
 * of the emulator's primary tenant: one system-assigned, and user-assigned ones by client id.
 */
public final class ManagedIdentityEndpoint implements AutoCloseable {
  static final String API_VERSION = "2019-08-01";

  private final HttpServer server;
  private final String header = SelfSignedCertificate.randomPassword();
  private final Tenant tenant;
  private final TokenEndpoint tokens;
  private final Faults faults;
  private final Clock clock;
  private final AppRegistration systemAssigned;
  private final Map<String, AppRegistration> userAssigned = new ConcurrentHashMap<>();

  ManagedIdentityEndpoint(
      Tenant tenant, TokenEndpoint tokens, Faults faults, Clock clock, Executor executor) {
    this.tenant = tenant;
    this.tokens = tokens;
    this.faults = faults;
    this.clock = clock;
    this.systemAssigned = tenant.registerIdentity("system-assigned managed identity", Set.of());
    try {
      this.server =
          HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 64);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the managed identity endpoint", e);
    }
    server.createContext("/msi/token", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** The value for IDENTITY_ENDPOINT. */
  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/msi/token";
  }

  /** The value for IDENTITY_HEADER: the secret the process must send back. */
  public String header() {
    return header;
  }

  /** The resource's system-assigned identity; grant it roles with {@code roles(...)}. */
  public AppRegistration systemAssigned() {
    return systemAssigned;
  }

  /** Assigns a new user-assigned identity to the resource; its clientId() selects it. */
  public AppRegistration addUserAssigned(String name, Set<String> roles) {
    AppRegistration identity = tenant.registerIdentity(name, roles);
    userAssigned.put(identity.clientId().toLowerCase(Locale.ROOT), identity);
    return identity;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Answer answer = answer(exchange);
      byte[] body = Json.bytes(answer.body());
      exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
      exchange.sendResponseHeaders(answer.status(), body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private record Answer(int status, ObjectNode body) {}

  private Answer answer(HttpExchange exchange) {
    if (!exchange.getRequestMethod().equals("GET")) {
      return error(405, "Only GET is supported.");
    }
    if (!header.equals(exchange.getRequestHeaders().getFirst("X-IDENTITY-HEADER"))) {
      return error(
          401, "The X-IDENTITY-HEADER header is missing or does not match IDENTITY_HEADER.");
    }
    String rawQuery = exchange.getRequestURI().getRawQuery();
    Map<String, String> query = ApiRequest.parseForm(rawQuery == null ? "" : rawQuery);
    if (!API_VERSION.equals(query.get("api-version"))) {
      return error(400, "api-version must be " + API_VERSION + ".");
    }
    String resource = query.get("resource");
    if (resource == null || resource.isBlank()) {
      return error(400, "The resource parameter is required.");
    }
    if (!tokens.isGraph(resource)) {
      return error(
          400,
          "AADSTS500011: The resource principal named "
              + resource
              + " was not found in the tenant named "
              + tenant.displayName()
              + ".");
    }
    Optional<AppRegistration> identity =
        query.containsKey("client_id")
            ? Optional.ofNullable(userAssigned.get(query.get("client_id").toLowerCase(Locale.ROOT)))
            : Optional.of(systemAssigned);
    if (identity.isEmpty()) {
      return error(
          400,
          "No user-assigned managed identity with client ID '"
              + query.get("client_id")
              + "' is assigned to this resource.");
    }
    int lifetime = faults.tokenLifetimeSeconds();
    identity.get().issued("managed-identity");
    return new Answer(
        200,
        Json.object()
            .put("access_token", tokens.accessToken(tenant, identity.get(), lifetime))
            .put("expires_on", Long.toString(clock.instant().getEpochSecond() + lifetime))
            .put("resource", resource)
            .put("token_type", "Bearer")
            .put("client_id", identity.get().clientId()));
  }

  private static Answer error(int status, String message) {
    return new Answer(status, Json.object().put("statusCode", status).put("message", message));
  }

  @Override
  public void close() {
    server.stop(0);
  }

  @Override
  public String toString() {
    return "ManagedIdentityEndpoint[" + endpoint() + "]"; // never the header
  }
}
