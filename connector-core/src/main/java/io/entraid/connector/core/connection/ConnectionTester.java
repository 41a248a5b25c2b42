package io.entraid.connector.core.connection;

import io.entraid.connector.core.token.AccessToken;
import io.entraid.connector.core.token.Diagnosis;
import io.entraid.connector.core.token.TokenAcquisitionException;
import io.entraid.connector.core.token.TokenClaims;
import java.util.Set;

/** Tests a connection the way an administrator would: get a token and see what it grants. */
public final class ConnectionTester {
  private ConnectionTester() {}

  public static ConnectionTestResult test(EntraConnection connection) {
    String name = connection.name();
    AccessToken token;
    try {
      token = connection.tokens().token();
    } catch (TokenAcquisitionException e) {
      return new ConnectionTestResult(
          name, false, e.diagnosis(), e.getMessage(), Set.of(), false, null);
    }
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
          token.expiresAt());
    }
    return new ConnectionTestResult(
        name,
        true,
        null,
        "Connection '"
            + name
            + "' works: token acquired with application permissions "
            + String.join(", ", roles)
            + ".",
        roles,
        false,
        token.expiresAt());
  }
}
