package io.entraid.connector.core.connection;

import io.entraid.connector.core.token.Diagnosis;
import java.time.Instant;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * The outcome of testing a connection.
 *
 * @param ok a token was acquired and it carries at least one application permission
 * @param diagnosis what is wrong, or null when ok
 * @param message a sentence for people: the result, or the cause and the fix
 * @param grantedPermissions the application permissions (roles) in the token, sorted
 * @param delegatedOnlySuspected a token came back without any application permission, the usual
 *     sign that only Delegated permissions were added or admin consent was not granted
 * @param tokenExpiresAt when the token expires, or null when none was acquired
 * @param credentialExpiry when the connection's credential (secret or certificate) expires, as far
 *     as known
 */
public record ConnectionTestResult(
    String connectionName,
    boolean ok,
    Diagnosis diagnosis,
    String message,
    Set<String> grantedPermissions,
    boolean delegatedOnlySuspected,
    Instant tokenExpiresAt,
    CredentialExpiry credentialExpiry) {

  public ConnectionTestResult {
    grantedPermissions = Collections.unmodifiableSet(new TreeSet<>(grantedPermissions));
  }
}
