package io.entraid.connector.core.connection;

import java.time.Duration;
import java.util.Objects;

/**
 * How a connection watches its credential's expiry.
 *
 * @param check whether a client secret's expiry is read from Microsoft Graph
 * @param warning how long before expiry the connection warns (health detail, log line)
 * @param cacheTtl how long one answer from Graph is reused: one Graph request per connection per
 *     period
 */
public record CredentialExpiryOptions(
    CredentialExpiryCheck check, Duration warning, Duration cacheTtl) {

  public static final Duration DEFAULT_WARNING = Duration.ofDays(30);
  public static final Duration DEFAULT_CACHE_TTL = Duration.ofHours(12);
  public static final CredentialExpiryOptions DEFAULTS =
      new CredentialExpiryOptions(CredentialExpiryCheck.OFF, DEFAULT_WARNING, DEFAULT_CACHE_TTL);

  public CredentialExpiryOptions {
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(warning, "warning");
    Objects.requireNonNull(cacheTtl, "cacheTtl");
    if (warning.isNegative() || cacheTtl.isNegative()) {
      throw new IllegalArgumentException(
          "credential-expiry-warning and the expiry cache time must not be negative. Fix: e.g. 30d"
              + " and 12h.");
    }
  }

  public CredentialExpiryOptions withCheck(CredentialExpiryCheck newCheck) {
    return new CredentialExpiryOptions(newCheck, warning, cacheTtl);
  }
}
