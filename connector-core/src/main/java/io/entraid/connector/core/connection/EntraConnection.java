package io.entraid.connector.core.connection;

import io.entraid.connector.core.token.MsalTokenProvider;
import io.entraid.connector.core.token.TokenProvider;

/** A usable, named EntraID connection: validated settings and the token provider built once for them. */
public final class EntraConnection {
  private final EntraIdSettings settings;
  private final TokenProvider tokens;

  public EntraConnection(EntraIdSettings settings, TokenProvider tokens) {
    this.settings = settings;
    this.tokens = tokens;
  }

  public static EntraConnection create(EntraIdSettings settings, ConnectionOptions options) {
    return new EntraConnection(settings, new MsalTokenProvider(settings, options.sslContext(),
        options.connectTimeout(), options.readTimeout(), options.clock()));
  }

  public String name() {
    return settings.name();
  }

  public EntraIdSettings settings() {
    return settings;
  }

  public TokenProvider tokens() {
    return tokens;
  }

  @Override
  public String toString() {
    return "EntraConnection[" + settings + "]";
  }
}
