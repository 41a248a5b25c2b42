package io.entraid.emulator.graph;

import com.fasterxml.jackson.databind.JsonNode;
import io.entraid.emulator.http.ApiRequest;
import io.entraid.emulator.token.Jwt;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Graph's bearer-token check: signature, lifetime, audience and tenant. Failures are 401
 * InvalidAuthenticationToken with messages as Graph words them (observed responses; Graph documents
 * only the code). No clock skew is allowed: a client that uses a token past its {@code exp} should
 * see the failure here.
 */
public final class TokenValidator {
  private final Jwt jwt;
  private final String audience;
  private final Predicate<String> knownTenant;
  private final Clock clock;

  public TokenValidator(Jwt jwt, String audience, Predicate<String> knownTenant, Clock clock) {
    this.jwt = jwt;
    this.audience = audience;
    this.knownTenant = knownTenant;
    this.clock = clock;
  }

  public Principal authenticate(ApiRequest req) {
    String auth = req.header("Authorization");
    if (auth == null || auth.isBlank()) {
      throw GraphError.invalidToken("Access token is empty.");
    }
    if (!auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw GraphError.invalidToken(
          "Access token validation failure. Invalid authorization scheme.");
    }
    JsonNode claims;
    try {
      claims = jwt.verify(auth.substring(7).trim());
    } catch (Jwt.InvalidTokenException e) {
      throw GraphError.invalidToken(e.getMessage());
    }
    long now = clock.instant().getEpochSecond();
    if (claims.path("exp").asLong(0) <= now) {
      throw GraphError.invalidToken("Lifetime validation failed, the token is expired.");
    }
    if (claims.path("nbf").asLong(0) > now + 1) {
      throw GraphError.invalidToken("Lifetime validation failed, the token is not yet valid.");
    }
    if (!audience.equals(claims.path("aud").asText())) {
      throw GraphError.invalidToken("Access token validation failure. Invalid audience.");
    }
    String tid = claims.path("tid").asText();
    if (!knownTenant.test(tid)) {
      throw GraphError.invalidToken("Access token validation failure. Invalid tenant.");
    }
    Set<String> roles = new HashSet<>();
    claims.path("roles").forEach(r -> roles.add(r.asText()));
    return new Principal(
        tid, claims.path("appid").asText(), claims.path("oid").asText(), Set.copyOf(roles));
  }
}
