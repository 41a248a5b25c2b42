package io.entraid.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entraid.emulator.http.ApiRequest;
import io.entraid.emulator.http.ApiResponse;
import io.entraid.emulator.http.Json;
import io.entraid.emulator.token.AadError;
import io.entraid.emulator.token.Jwt;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * {@code POST /{tenant}/oauth2/v2.0/token} for the client-credentials grant, as MSAL4J sends it
 * (form body with grant_type, client_id, client_secret, scope incl. "openid profile
 * offline_access", client_info=1), the v1.0 {@code POST /{tenant}/oauth2/token} ({@code resource}
 * instead of {@code scope}, v1-token-reference shape), the OpenID configuration documents and the
 * JWKS at {@code GET /{tenant}/discovery/v2.0/keys}. The client may authenticate in the form or
 * with HTTP Basic (RFC 6749 section 2.3.1, which v2-oauth2-client-creds-grant-flow.md refers to).
 * Graph is named by this emulator's URL, Graph's application id, or the emulated cloud's public
 * Graph URL (https://graph.microsoft.com/.default is what the Graph SDKs ask for): they all mean
 * the emulator's Graph.
 *
 * <p>Check order: tenant, grant type, client id, app, secret or client assertion ({@link
 * ClientAssertions}), scope. Entra's exact order when several things are wrong at once is not
 * documented; this order reports the most fundamental problem first.
 */
final class TokenEndpoint {
  /** Microsoft Graph's well-known application id, accepted as resource in place of its URI. */
  private static final String GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

  private static final Set<String> OIDC_SCOPES =
      Set.of("openid", "profile", "offline_access", "email");
  private static final Pattern DNS_NAME =
      Pattern.compile("(?i)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");

  private final Tenants tenants;
  private final Jwt jwt;
  private final Faults faults;
  private final String graphEndpoint;
  private final String authorityHost;
  private final NationalCloud cloud;
  private final Clock clock;
  private final ClientAssertions assertions;
  private final Map<String, AtomicInteger> requestCounts = new ConcurrentHashMap<>();

  TokenEndpoint(
      Tenants tenants,
      Jwt jwt,
      Faults faults,
      String graphEndpoint,
      String authorityHost,
      NationalCloud cloud,
      Clock clock,
      Federation federation) {
    this.tenants = tenants;
    this.jwt = jwt;
    this.faults = faults;
    this.graphEndpoint = graphEndpoint;
    this.authorityHost = authorityHost;
    this.cloud = cloud;
    this.clock = clock;
    this.assertions = new ClientAssertions(federation, clock);
  }

  int requestCount(String clientId) {
    AtomicInteger n = requestCounts.get(clientId.toLowerCase(Locale.ROOT));
    return n == null ? 0 : n.get();
  }

  ApiResponse keys(String tenantSegment) {
    if (resolveTenant(tenantSegment) instanceof Resolved.Failed f) {
      return f.error().toResponse(null);
    }
    return ApiResponse.json(200, Json.bytes(jwt.jwks()));
  }

  /**
   * The OpenID Connect discovery document, v2.0 or v1.0 (v2-protocols-oidc.md "Fetch the OpenID
   * configuration document").
   */
  ApiResponse openidConfiguration(String tenantSegment, boolean v2) {
    if (resolveTenant(tenantSegment) instanceof Resolved.Failed f) {
      return f.error().toResponse(null);
    }
    Tenant tenant = ((Resolved.Found) resolveTenant(tenantSegment)).tenant();
    String authority = authorityHost + "/" + tenant.tenantId();
    String oauth = authority + (v2 ? "/oauth2/v2.0" : "/oauth2");
    ObjectNode doc =
        Json.object()
            .put("token_endpoint", oauth + "/token")
            .put(
                "jwks_uri",
                authorityHost
                    + "/"
                    + tenant.tenantId()
                    + "/discovery"
                    + (v2 ? "/v2.0" : "")
                    + "/keys")
            .put(
                "issuer",
                v2 ? authority + "/v2.0" : "https://sts.windows.net/" + tenant.tenantId() + "/")
            .put("authorization_endpoint", oauth + "/authorize")
            .put("tenant_region_scope", "EU")
            .put("cloud_instance_name", "microsoftonline.com")
            .put("msgraph_host", "graph.microsoft.com");
    doc.putArray("token_endpoint_auth_methods_supported")
        .add("client_secret_post")
        .add("private_key_jwt")
        .add("client_secret_basic");
    doc.putArray("response_modes_supported").add("query").add("fragment").add("form_post");
    doc.putArray("subject_types_supported").add("pairwise");
    doc.putArray("id_token_signing_alg_values_supported").add("RS256");
    doc.putArray("scopes_supported")
        .add("openid")
        .add("profile")
        .add("email")
        .add("offline_access");
    return ApiResponse.json(200, Json.bytes(doc));
  }

  ApiResponse token(String tenantSegment, ApiRequest req, boolean v1) {
    String correlationId = req.header("client-request-id");
    Map<String, String> form = ApiRequest.parseForm(req.bodyText());
    basicCredentials(req.header("Authorization"), form);
    String clientId = trimToNull(form.get("client_id"));
    if (clientId != null) {
      requestCounts
          .computeIfAbsent(clientId.toLowerCase(Locale.ROOT), k -> new AtomicInteger())
          .incrementAndGet();
    }
    ApiResponse response = issue(tenantSegment, req.method(), form, clientId, correlationId, v1);
    if (correlationId != null) {
      response.header("client-request-id", correlationId);
    }
    return response;
  }

  /**
   * HTTP Basic client authentication (RFC 6749 section 2.3.1): client id and secret, each
   * form-urlencoded, joined by ':' and base64-encoded. They fill in what the form leaves out.
   */
  private static void basicCredentials(String authorization, Map<String, String> form) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return;
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(authorization.substring(6).trim()),
              StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return; // not Basic credentials: the form's (missing) client_secret is reported
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return;
    }
    form.putIfAbsent(
        "client_id", URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8));
    form.putIfAbsent(
        "client_secret", URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8));
  }

  private ApiResponse issue(
      String tenantSegment,
      String method,
      Map<String, String> form,
      String clientId,
      String correlationId,
      boolean v1) {
    if (!"POST".equals(method)) {
      return AadError.postOnly(method).toResponse(correlationId);
    }
    Resolved resolved = resolveTenant(tenantSegment);
    if (resolved instanceof Resolved.Failed f) {
      return f.error().toResponse(correlationId);
    }
    Tenant tenant = ((Resolved.Found) resolved).tenant();
    String grant = trimToNull(form.get("grant_type"));
    if (grant == null) {
      return AadError.missingParameter("grant_type").toResponse(correlationId);
    }
    if (!grant.equals("client_credentials")) {
      return AadError.unsupportedGrant(grant).toResponse(correlationId);
    }
    if (clientId == null) {
      return AadError.missingParameter("client_id").toResponse(correlationId);
    }
    Optional<AppRegistration> found = tenant.app(clientId);
    if (found.isEmpty()) {
      return AadError.unknownClient(clientId, tenant.displayName()).toResponse(correlationId);
    }
    AppRegistration app = found.get();
    String assertion = trimToNull(form.get("client_assertion"));
    String credentialId;
    if (assertion != null) {
      ClientAssertions.Outcome outcome =
          assertions.check(
              app,
              assertion,
              trimToNull(form.get("client_assertion_type")),
              tokenEndpoints(tenant));
      if (outcome instanceof ClientAssertions.Outcome.Refused refused) {
        return refused.error().toResponse(correlationId);
      }
      credentialId = ((ClientAssertions.Outcome.Accepted) outcome).credentialId();
    } else {
      String secret = form.get("client_secret");
      if (secret == null || secret.isEmpty()) {
        return AadError.missingSecret().toResponse(correlationId);
      }
      Optional<AppRegistration.Secret> matching = app.findByValue(secret);
      if (matching.isEmpty()) {
        // Also the case when the secret's ID was pasted instead of its value: same error, same
        // hint.
        return AadError.wrongSecret(app.clientId()).toResponse(correlationId);
      }
      if (matching.get().expired(clock.instant())) {
        return AadError.expiredSecret(app.clientId()).toResponse(correlationId);
      }
      credentialId = matching.get().id();
    }
    if (v1) {
      ApiResponse response = issueV1(tenant, app, trimToNull(form.get("resource")), correlationId);
      if (response.status() == 200) app.issued(credentialId);
      return response;
    }
    String scopeParam = trimToNull(form.get("scope"));
    if (scopeParam == null) {
      return AadError.missingParameter("scope").toResponse(correlationId);
    }
    List<String> resourceScopes = new ArrayList<>();
    for (String s : scopeParam.trim().split("\\s+")) {
      if (!OIDC_SCOPES.contains(s.toLowerCase(Locale.ROOT))) {
        resourceScopes.add(s);
      }
    }
    if (resourceScopes.isEmpty()) {
      return AadError.missingParameter("scope").toResponse(correlationId);
    }
    for (String s : resourceScopes) {
      if (!s.toLowerCase(Locale.ROOT).endsWith("/.default")) {
        return AadError.scopeWithoutDefault(s).toResponse(correlationId);
      }
    }
    if (resourceScopes.size() > 1) {
      return AadError.multipleResources().toResponse(correlationId);
    }
    String scope = resourceScopes.get(0);
    String resource = scope.substring(0, scope.length() - "/.default".length());
    if (!isGraph(resource)) {
      return AadError.unknownResource(resource, tenant.displayName()).toResponse(correlationId);
    }
    app.issued(credentialId);
    int lifetime = faults.tokenLifetimeSeconds();
    ObjectNode body =
        Json.object()
            .put("token_type", "Bearer")
            .put("expires_in", lifetime)
            .put("ext_expires_in", lifetime)
            .put("access_token", accessToken(tenant, app, lifetime));
    return new ApiResponse(200, "application/json; charset=utf-8", Json.bytes(body))
        .header("Cache-Control", "no-store, no-cache")
        .header("Pragma", "no-cache");
  }

  /**
   * The v1.0 endpoint's answer (v1 client credentials, "Service to service calls using client
   * credentials"): a {@code resource} instead of a scope, lifetimes as strings, {@code expires_on}
   * and {@code not_before}.
   */
  private ApiResponse issueV1(
      Tenant tenant, AppRegistration app, String resource, String correlationId) {
    if (resource == null) {
      return AadError.missingParameter("resource").toResponse(correlationId);
    }
    if (!isGraph(resource)) {
      return AadError.unknownResource(resource, tenant.displayName()).toResponse(correlationId);
    }
    int lifetime = faults.tokenLifetimeSeconds();
    long now = clock.instant().getEpochSecond();
    ObjectNode body =
        Json.object()
            .put("token_type", "Bearer")
            .put("expires_in", Integer.toString(lifetime))
            .put("ext_expires_in", Integer.toString(lifetime))
            .put("expires_on", Long.toString(now + lifetime))
            .put("not_before", Long.toString(now))
            .put("resource", resource)
            .put("access_token", accessToken(tenant, app, lifetime));
    return new ApiResponse(200, "application/json; charset=utf-8", Json.bytes(body))
        .header("Cache-Control", "no-store, no-cache")
        .header("Pragma", "no-cache");
  }

  /** The token endpoint URLs a certificate assertion's aud may name (lower case). */
  private Set<String> tokenEndpoints(Tenant tenant) {
    Set<String> urls = new java.util.HashSet<>();
    for (String t : List.of(tenant.tenantId(), tenant.domain())) {
      urls.add((authorityHost + "/" + t + "/oauth2/v2.0/token").toLowerCase(Locale.ROOT));
      urls.add((authorityHost + "/" + t + "/oauth2/token").toLowerCase(Locale.ROOT));
    }
    return urls;
  }

  boolean isGraph(String resource) {
    String r =
        (resource.endsWith("/") ? resource.substring(0, resource.length() - 1) : resource)
            .toLowerCase(Locale.ROOT);
    return r.equalsIgnoreCase(graphEndpoint)
        || r.equals(GRAPH_APP_ID)
        || cloud.graphUrls().contains(r);
  }

  /**
   * A v1.0 app-only access token like the ones Entra issues for Graph
   * (access-token-claims-reference.md).
   */
  String accessToken(Tenant tenant, AppRegistration app, int lifetime) {
    long now = clock.instant().getEpochSecond();
    ObjectNode claims =
        Json.object()
            .put("aud", graphEndpoint)
            .put("iss", "https://sts.windows.net/" + tenant.tenantId() + "/")
            .put("iat", now)
            .put("nbf", now)
            .put("exp", now + lifetime)
            .put("app_displayname", app.displayName())
            .put("appid", app.clientId())
            .put("appidacr", "1")
            .put("idp", "https://sts.windows.net/" + tenant.tenantId() + "/")
            .put("idtyp", "app")
            .put("oid", app.servicePrincipalId());
    Set<String> roles = app.effectiveRoles();
    if (!roles.isEmpty()) {
      roles.stream().sorted().forEach(claims.putArray("roles")::add);
    }
    claims
        .put("sub", app.servicePrincipalId())
        .put("tid", tenant.tenantId())
        .put("uti", Ids.randomGuid().replace("-", "").substring(0, 22))
        .put("ver", "1.0");
    return jwt.sign(claims);
  }

  sealed interface Resolved {
    record Found(Tenant tenant) implements Resolved {}

    record Failed(AadError error) implements Resolved {}
  }

  private Resolved resolveTenant(String segment) {
    String s = segment.toLowerCase(Locale.ROOT);
    if (s.equals("common") || s.equals("organizations") || s.equals("consumers")) {
      return new Resolved.Failed(AadError.noTenantInformation());
    }
    Optional<Tenant> t = tenants.byIdOrDomain(s);
    if (t.isPresent()) {
      return new Resolved.Found(t.get());
    }
    if (Ids.isGuid(s) || DNS_NAME.matcher(s).matches()) {
      return new Resolved.Failed(AadError.unknownTenant(segment));
    }
    return new Resolved.Failed(AadError.malformedTenant(segment));
  }

  private static String trimToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
