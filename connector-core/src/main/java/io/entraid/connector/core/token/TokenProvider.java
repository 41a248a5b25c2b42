package io.entraid.connector.core.token;

import java.time.Instant;
import java.util.Optional;

/** App-only bearer tokens for one connection. Implementations are thread-safe and cache tokens. */
public interface TokenProvider {

  /** A valid token, from the cache when possible. */
  AccessToken token();

  /**
   * A new token after the resource server rejected {@code rejected} (HTTP 401). Concurrent callers
   * that saw the same rejected token share one new token instead of each requesting one.
   */
  AccessToken refresh(AccessToken rejected);

  default Optional<Instant> credentialNotAfter() {
    return Optional.empty();
  }
}
