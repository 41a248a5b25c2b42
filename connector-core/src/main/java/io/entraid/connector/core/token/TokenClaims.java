package io.entraid.connector.core.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Base64;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The few claims of an app-only access token the connector reads, decoded without a signature check
 * (Graph checks the signature; we only want to know what was granted). Microsoft treats tokens for
 * its APIs as opaque, so a token that does not decode yields {@link Optional#empty()}, never an
 * error.
 */
public record TokenClaims(String tenantId, String appId, Set<String> roles, String identityType) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static Optional<TokenClaims> decode(AccessToken token) {
    String[] parts = token.value().split("\\.");
    if (parts.length != 3) return Optional.empty();
    try {
      JsonNode payload = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
      Set<String> roles = new TreeSet<>();
      payload.path("roles").forEach(r -> roles.add(r.asText()));
      String appId =
          payload.hasNonNull("appid")
              ? payload.get("appid").asText()
              : payload.path("azp").asText(null);
      return Optional.of(
          new TokenClaims(
              payload.path("tid").asText(null),
              appId,
              Collections.unmodifiableSet(roles),
              payload.path("idtyp").asText(null)));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
