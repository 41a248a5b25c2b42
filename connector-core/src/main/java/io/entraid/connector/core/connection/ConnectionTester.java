package io.entraid.connector.core.connection;

import io.entraid.connector.core.token.AccessToken;
import io.entraid.connector.core.token.Diagnosis;
import io.entraid.connector.core.token.TokenAcquisitionException;
import io.entraid.connector.core.token.TokenClaims;
import java.time.temporal.ChronoUnit;
import java.util.Set;

/**
 * Tests a connection the way an administrator would: get a token, see what it grants and when the
 * credential expires.
 */
public final class ConnectionTester {
  private ConnectionTester() {}

  public static ConnectionTestResult test(EntraConnection connection) {
    String name = connection.name();
    AccessToken token;
    try {
      token = connection.tokens().token();
    } catch (TokenAcquisitionException e) {
      // No Graph request without a token: what is known already says when the secret expired.
      CredentialExpiry expiry = connection.credentialExpiryMonitor().lastKnown();
      String message = e.getMessage();
      if (e.diagnosis() == Diagnosis.EXPIRED_SECRET
          && expiry.source() == CredentialExpiry.Source.GRAPH) {
        message +=
            " The secret expired on "
                + expiry.notAfter().truncatedTo(ChronoUnit.SECONDS)
                + " according to Microsoft Graph.";
      }
      return new ConnectionTestResult(
          name, false, e.diagnosis(), message, Set.of(), false, null, expiry);
    }
    CredentialExpiry expiry = connection.credentialExpiry();
    Set<String> roles = TokenClaims.decode(token).map(TokenClaims::roles).orElse(Set.of());
    if (roles.isEmpty()) {
      Diagnosis d = Diagnosis.NO_APPLICATION_PERMISSIONS;
      return new ConnectionTestResult(
          name,
          false,
          d,
          "Connection '"
              + name
              + "': a token was acquired, but "
              + Character.toLowerCase(d.cause().charAt(0))
              + d.cause().substring(1)
              + " Fix: "
              + d.fix(),
          Set.of(),
          true,
          token.expiresAt(),
          expiry);
    }
    if (expiry.status() == CredentialExpiry.Status.EXPIRED && !expiry.ambiguous()) {
      Diagnosis d =
          expiry.source() == CredentialExpiry.Source.CREDENTIAL
              ? Diagnosis.EXPIRED_CERTIFICATE
              : Diagnosis.EXPIRED_SECRET;
      return new ConnectionTestResult(
          name, false, d, expiry.message(), roles, false, token.expiresAt(), expiry);
    }
    return new ConnectionTestResult(
        name,
        true,
        null,
        "Connection '"
            + name
            + "' works: token acquired with application permissions "
            + String.join(", ", roles)
            + "."
            + (expiry.known() ? " " + expiry.message() : ""),
        roles,
        false,
        token.expiresAt(),
        expiry);
  }
}
