package io.entraid.connector.core.token;

import java.time.Duration;
import java.time.Instant;

/** A bearer token and its lifetime. {@code toString} never shows the token itself. */
public record AccessToken(String value, Instant acquiredAt, Instant expiresAt) {

  private static final Duration MAX_REFRESH_MARGIN = Duration.ofMinutes(5);

  /**
   * Whether the token can still be handed out at {@code now}. Like MSAL's own cache, a token is
   * retired five minutes before it expires; a shorter-lived token is retired at half its lifetime.
   */
  public boolean usableAt(Instant now) {
    Duration lifetime = Duration.between(acquiredAt, expiresAt);
    Duration margin =
        lifetime.dividedBy(2).compareTo(MAX_REFRESH_MARGIN) < 0
            ? lifetime.dividedBy(2)
            : MAX_REFRESH_MARGIN;
    return now.isBefore(expiresAt.minus(margin));
  }

  @Override
  public String toString() {
    return "AccessToken[expiresAt=" + expiresAt + "]";
  }
}
