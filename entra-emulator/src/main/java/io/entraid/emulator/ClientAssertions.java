package io.entraid.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.entraid.emulator.http.Json;
import io.entraid.emulator.token.AadError;
import io.entraid.emulator.token.Jwt;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Client authentication with {@code client_assertion} (RFC 7523), as Entra checks it: a certificate
 * credential's signed JWT (certificate-credentials.md: header {@code x5t} or {@code x5t#S256},
 * RS256 or PS256; {@code aud} the token endpoint, {@code iss} = {@code sub} = client id, {@code
 * exp}/{@code nbf}, a {@code jti} used once), or a federated token from an external issuer matched
 * by issuer, subject and audience (workload-identity-federation.md). Entra accepts a federated
 * token more than once while it is valid (the Azure CLI replays the GitHub Actions token), so only
 * certificate assertions are checked for replay.
 */
final class ClientAssertions {
  static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

  /** Tolerated clock difference between client and Entra for nbf/exp. */
  private static final Duration SKEW = Duration.ofMinutes(5);

  private static final Base64.Decoder B64 = Base64.getUrlDecoder();

  private final Federation federation;
  private final Clock clock;
  private final Map<String, Instant> usedJtis = new ConcurrentHashMap<>();

  ClientAssertions(Federation federation, Clock clock) {
    this.federation = federation;
    this.clock = clock;
  }

  /** The accepted credential's id, or the error Entra answers. */
  sealed interface Outcome {
    record Accepted(String credentialId) implements Outcome {}

    record Refused(AadError error) implements Outcome {}
  }

  Outcome check(AppRegistration app, String assertion, String type, Set<String> tokenEndpoints) {
    if (!JWT_BEARER.equals(type)) {
      return refused(
          type == null
              ? AadError.missingParameter("client_assertion_type")
              : AadError.assertionMalformed("client_assertion_type must be " + JWT_BEARER + "."));
    }
    String[] parts = assertion.split("\\.", -1);
    JsonNode header;
    JsonNode claims;
    try {
      if (parts.length != 3) throw new IOException("not a JWS");
      header = Json.MAPPER.readTree(B64.decode(parts[0]));
      claims = Json.MAPPER.readTree(B64.decode(parts[1]));
      if (header == null || !header.isObject() || claims == null || !claims.isObject()) {
        throw new IOException("not JSON objects");
      }
    } catch (IOException | IllegalArgumentException e) {
      return refused(AadError.assertionMalformed("The token is not in JWS format."));
    }
    String issuer = claims.path("iss").asText("");
    return issuer.equalsIgnoreCase(app.clientId())
        ? certificate(app, parts, header, claims, tokenEndpoints)
        : federated(app, assertion, claims);
  }

  private Outcome certificate(
      AppRegistration app,
      String[] parts,
      JsonNode header,
      JsonNode claims,
      Set<String> tokenEndpoints) {
    if (!claims.path("sub").asText("").equalsIgnoreCase(app.clientId())) {
      return refused(AadError.assertionWrongClient());
    }
    String x5t = header.path("x5t").asText(null);
    String x5tS256 = header.path("x5t#S256").asText(null);
    String shown = thumbprint(x5t, x5tS256);
    var key = app.findCertificate(x5t, x5tS256);
    if (key.isEmpty()) {
      return refused(AadError.assertionKeyNotFound(shown, app.clientId()));
    }
    if (!verifies(header.path("alg").asText(""), parts, key.get())) {
      return refused(AadError.assertionBadSignature(shown));
    }
    if (!audiences(claims).stream().anyMatch(a -> tokenEndpoints.contains(a.toLowerCase()))) {
      return refused(AadError.assertionWrongAudience());
    }
    AadError time = outsideValidity(claims);
    if (time != null) return refused(time);
    String jti = claims.path("jti").asText(null);
    if (jti == null) {
      return refused(AadError.assertionMalformed("The assertion has no jti claim."));
    }
    Instant now = clock.instant();
    usedJtis.values().removeIf(expiry -> expiry.isBefore(now.minus(SKEW)));
    if (usedJtis.putIfAbsent(
            app.clientId() + "/" + jti, Instant.ofEpochSecond(claims.path("exp").asLong()))
        != null) {
      return refused(AadError.assertionReplayed());
    }
    return new Outcome.Accepted(key.get().keyId());
  }

  private Outcome federated(AppRegistration app, String assertion, JsonNode claims) {
    String issuer = claims.path("iss").asText("");
    String subject = claims.path("sub").asText("");
    List<String> audiences = audiences(claims);
    String audience = String.join(",", audiences);
    List<AppRegistration.FederatedCredential> byIssuer =
        app.federatedCredentials().stream().filter(f -> f.issuer().equals(issuer)).toList();
    if (byIssuer.isEmpty()) {
      return refused(AadError.noMatchingFederatedCredential(issuer, subject, audience));
    }
    List<AppRegistration.FederatedCredential> bySubject =
        byIssuer.stream().filter(f -> f.subject().equals(subject)).toList();
    if (bySubject.isEmpty()) {
      return refused(AadError.noMatchingFederatedSubject(subject));
    }
    var match =
        bySubject.stream()
            .filter(f -> f.audiences().stream().anyMatch(audiences::contains))
            .findFirst();
    if (match.isEmpty()) {
      return refused(AadError.noMatchingFederatedCredential(issuer, subject, audience));
    }
    if (!issuer.equals(federation.issuer())) {
      return refused(
          AadError.assertionMalformed(
              "The emulator verifies federated tokens only from its own issuer "
                  + federation.issuer()
                  + "."));
    }
    try {
      federation.verify(assertion);
    } catch (Jwt.InvalidTokenException e) {
      return refused(AadError.assertionBadSignature(""));
    }
    AadError time = outsideValidity(claims);
    return time != null ? refused(time) : new Outcome.Accepted(match.get().id());
  }

  private AadError outsideValidity(JsonNode claims) {
    Instant now = clock.instant();
    Instant notBefore = Instant.ofEpochSecond(claims.path("nbf").asLong(0));
    Instant expires = Instant.ofEpochSecond(claims.path("exp").asLong(0));
    if (now.plus(SKEW).isBefore(notBefore) || !now.minus(SKEW).isBefore(expires)) {
      return AadError.assertionOutsideValidity(now, notBefore, expires);
    }
    return null;
  }

  private static List<String> audiences(JsonNode claims) {
    JsonNode aud = claims.path("aud");
    if (aud.isArray()) {
      return java.util.stream.StreamSupport.stream(aud.spliterator(), false)
          .map(JsonNode::asText)
          .toList();
    }
    return aud.isMissingNode() ? List.of() : List.of(aud.asText());
  }

  /** RS256 (PKCS#1 v1.5) or PS256 (RSASSA-PSS, SHA-256, MGF1 SHA-256, 32-byte salt; RFC 7518). */
  private static boolean verifies(String alg, String[] parts, AppRegistration.KeyCredential key) {
    try {
      Signature s;
      if (alg.equals("RS256")) {
        s = Signature.getInstance("SHA256withRSA");
      } else if (alg.equals("PS256")) {
        s = Signature.getInstance("RSASSA-PSS");
        s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
      } else {
        return false;
      }
      s.initVerify(key.certificate().getPublicKey());
      s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      return s.verify(B64.decode(parts[2]));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * The thumbprint as the portal shows it (SHA-1 hex), or the SHA-256 one when only that is sent.
   */
  private static String thumbprint(String x5t, String x5tS256) {
    try {
      if (x5t != null) return HexFormat.of().withUpperCase().formatHex(decode(x5t));
      if (x5tS256 != null) return HexFormat.of().withUpperCase().formatHex(decode(x5tS256));
    } catch (IllegalArgumentException e) {
      // not base64url: shown as sent
    }
    return x5t != null ? x5t : String.valueOf(x5tS256);
  }

  private static byte[] decode(String base64) {
    return B64.decode(base64.replace('+', '-').replace('/', '_').replaceAll("=+$", ""));
  }

  private static Outcome refused(AadError error) {
    return new Outcome.Refused(error);
  }
}
