package io.entraid.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entraid.emulator.http.ApiRequest;
import io.entraid.emulator.http.ApiResponse;
import io.entraid.emulator.http.Json;
import io.entraid.emulator.token.AadError;
import io.entraid.emulator.token.Jwt;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * {@code POST /{tenant}/oauth2/v2.0/token} for the client-credentials grant, as MSAL4J sends it (form body with
 * grant_type, client_id, client_secret, scope incl. "openid profile offline_access", client_info=1), and the JWKS at
 * {@code GET /{tenant}/discovery/v2.0/keys}.
 *
 * <p>Check order: tenant, grant type, client id, app, secret, scope. Entra's exact order when several things are
 * wrong at once is not documented; this order reports the most fundamental problem first.
 */
final class TokenEndpoint {
    /** Microsoft Graph's well-known application id, accepted as resource in place of its URI. */
    private static final String GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
    private static final Set<String> OIDC_SCOPES = Set.of("openid", "profile", "offline_access", "email");
    private static final Pattern DNS_NAME = Pattern.compile("(?i)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");

    private final Tenants tenants;
    private final Jwt jwt;
    private final Faults faults;
    private final String graphEndpoint;
    private final Map<String, AtomicInteger> requestCounts = new ConcurrentHashMap<>();

    TokenEndpoint(Tenants tenants, Jwt jwt, Faults faults, String graphEndpoint) {
        this.tenants = tenants;
        this.jwt = jwt;
        this.faults = faults;
        this.graphEndpoint = graphEndpoint;
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

    ApiResponse token(String tenantSegment, ApiRequest req) {
        String correlationId = req.header("client-request-id");
        Map<String, String> form = ApiRequest.parseForm(req.bodyText());
        String clientId = trimToNull(form.get("client_id"));
        if (clientId != null) {
            requestCounts.computeIfAbsent(clientId.toLowerCase(Locale.ROOT), k -> new AtomicInteger()).incrementAndGet();
        }
        ApiResponse response = issue(tenantSegment, req.method(), form, clientId, correlationId);
        if (correlationId != null) {
            response.header("client-request-id", correlationId);
        }
        return response;
    }

    private ApiResponse issue(String tenantSegment, String method, Map<String, String> form, String clientId,
                              String correlationId) {
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
        String secret = form.get("client_secret");
        if (secret == null || secret.isEmpty()) {
            return AadError.missingSecret().toResponse(correlationId);
        }
        Optional<AppRegistration.Secret> matching = app.findByValue(secret);
        if (matching.isEmpty()) {
            // Also the case when the secret's ID was pasted instead of its value: same error, same hint.
            return AadError.wrongSecret(app.clientId()).toResponse(correlationId);
        }
        if (matching.get().expired(Instant.now())) {
            return AadError.expiredSecret(app.clientId()).toResponse(correlationId);
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
        int lifetime = faults.tokenLifetimeSeconds();
        ObjectNode body = Json.object()
                .put("token_type", "Bearer")
                .put("expires_in", lifetime)
                .put("ext_expires_in", lifetime)
                .put("access_token", accessToken(tenant, app, lifetime));
        return new ApiResponse(200, "application/json; charset=utf-8", Json.bytes(body))
                .header("Cache-Control", "no-store, no-cache")
                .header("Pragma", "no-cache");
    }

    private boolean isGraph(String resource) {
        String r = resource.endsWith("/") ? resource.substring(0, resource.length() - 1) : resource;
        return r.equalsIgnoreCase(graphEndpoint) || r.equalsIgnoreCase(GRAPH_APP_ID);
    }

    /** A v1.0 app-only access token like the ones Entra issues for Graph (access-token-claims-reference.md). */
    private String accessToken(Tenant tenant, AppRegistration app, int lifetime) {
        long now = Instant.now().getEpochSecond();
        ObjectNode claims = Json.object()
                .put("aud", graphEndpoint)
                .put("iss", "https://sts.windows.net/" + tenant.tenantId() + "/")
                .put("iat", now)
                .put("nbf", now)
                .put("exp", now + lifetime)
                .put("app_displayname", app.displayName())
                .put("appid", app.clientId())
                .put("appidacr", "1")
                .put("azp", app.clientId())
                .put("azpacr", "1")
                .put("idp", "https://sts.windows.net/" + tenant.tenantId() + "/")
                .put("idtyp", "app")
                .put("oid", app.servicePrincipalId());
        Set<String> roles = app.effectiveRoles();
        if (!roles.isEmpty()) {
            roles.stream().sorted().forEach(claims.putArray("roles")::add);
        }
        claims.put("sub", app.servicePrincipalId())
                .put("tid", tenant.tenantId())
                .put("uti", Ids.randomGuid().replace("-", "").substring(0, 22))
                .put("ver", "1.0");
        return jwt.sign(claims);
    }

    sealed interface Resolved {
        record Found(Tenant tenant) implements Resolved {
        }

        record Failed(AadError error) implements Resolved {
        }
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
