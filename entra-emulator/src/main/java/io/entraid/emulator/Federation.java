package io.entraid.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entraid.emulator.http.Json;
import io.entraid.emulator.tls.KeyPairs;
import io.entraid.emulator.token.Jwt;
import java.time.Duration;
import java.time.Instant;

/**
 * An external OpenID Connect issuer for workload identity federation tests: it signs tokens the way
 * AKS (service account tokens), GitHub Actions or another cloud does, and an app registration
 * trusts it through a federated credential with this issuer URL (workload-identity-federation.md).
 */
public final class Federation {
  private final String issuer;
  private Jwt jwt; // guarded by this; its RSA key is made on first use, not at emulator start

  Federation(String baseUrl) {
    this.issuer = baseUrl + "/federation";
  }

  /** The issuer URL ({@code iss} of its tokens); put it in a federated credential. */
  public String issuer() {
    return issuer;
  }

  /**
   * A signed token about {@code subject} for {@code audience}, valid from issuedAt for lifetime.
   */
  public String token(String subject, String audience, Instant issuedAt, Duration lifetime) {
    ObjectNode claims =
        Json.object()
            .put("iss", issuer)
            .put("sub", subject)
            .put("aud", audience)
            .put("iat", issuedAt.getEpochSecond())
            .put("nbf", issuedAt.getEpochSecond())
            .put("exp", issuedAt.plus(lifetime).getEpochSecond())
            .put("jti", Ids.randomGuid());
    return jwt().sign(claims);
  }

  JsonNode verify(String token) throws Jwt.InvalidTokenException {
    return jwt().verify(token);
  }

  private synchronized Jwt jwt() {
    if (jwt == null) jwt = new Jwt(KeyPairs.federation());
    return jwt;
  }
}
