package io.entraid.emulator.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entraid.emulator.http.Json;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;

/**
 * RS256 JSON Web Tokens (RFC 7515/7519) signed with the emulator's own key; {@code kid} names the
 * key.
 */
public final class Jwt {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final KeyPair keys;
  private final String kid;

  public Jwt(KeyPair keys) {
    this.keys = keys;
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(keys.getPublic().getEncoded());
      this.kid = B64.encodeToString(digest).substring(0, 27);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public String kid() {
    return kid;
  }

  public String sign(ObjectNode claims) {
    ObjectNode header = Json.object().put("typ", "JWT").put("alg", "RS256").put("kid", kid);
    String signingInput =
        B64.encodeToString(Json.bytes(header)) + "." + B64.encodeToString(Json.bytes(claims));
    try {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(keys.getPrivate());
      s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + B64.encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Why a token is not acceptable. */
  public static final class InvalidTokenException extends Exception {
    public InvalidTokenException(String message) {
      super(message);
    }
  }

  /**
   * Checks structure and signature; returns the claims. Lifetime, audience and tenant are the
   * caller's.
   */
  public JsonNode verify(String token) throws InvalidTokenException {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw new InvalidTokenException("Invalid JWT token. The token is not in JWS format.");
    }
    try {
      JsonNode header = Json.MAPPER.readTree(B64D.decode(parts[0]));
      if (!"RS256".equals(header.path("alg").asText())
          || !kid.equals(header.path("kid").asText())) {
        throw new InvalidTokenException("Access token validation failure.");
      }
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initVerify(keys.getPublic());
      s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!s.verify(B64D.decode(parts[2]))) {
        throw new InvalidTokenException("Access token validation failure.");
      }
      JsonNode claims = Json.MAPPER.readTree(B64D.decode(parts[1]));
      if (claims == null || !claims.isObject()) {
        throw new InvalidTokenException("Invalid JWT token. The token is not in JWS format.");
      }
      return claims;
    } catch (IllegalArgumentException | java.io.IOException | GeneralSecurityException e) {
      throw new InvalidTokenException("Invalid JWT token. The token is not in JWS format.");
    }
  }

  /** The JSON Web Key Set with the signing key, as {@code /discovery/v2.0/keys} serves it. */
  public ObjectNode jwks() {
    RSAPublicKey pub = (RSAPublicKey) keys.getPublic();
    ObjectNode key =
        Json.object()
            .put("kty", "RSA")
            .put("use", "sig")
            .put("kid", kid)
            .put("n", B64.encodeToString(unsigned(pub.getModulus())))
            .put("e", B64.encodeToString(unsigned(pub.getPublicExponent())));
    ObjectNode out = Json.object();
    out.putArray("keys").add(key);
    return out;
  }

  private static byte[] unsigned(BigInteger v) {
    byte[] b = v.toByteArray();
    if (b.length > 1 && b[0] == 0) {
      byte[] t = new byte[b.length - 1];
      System.arraycopy(b, 1, t, 0, t.length);
      return t;
    }
    return b;
  }
}
