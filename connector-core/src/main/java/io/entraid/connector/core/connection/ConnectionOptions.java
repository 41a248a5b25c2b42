package io.entraid.connector.core.connection;

import io.entraid.connector.core.GraphListener;
import io.entraid.connector.core.HttpSettings;
import io.entraid.connector.core.graph.GraphClientOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * How connections talk to the network, set by the host application rather than by the connection's
 * parameters.
 *
 * @param sslContext trust for the sign-in host and Graph, or null for the JVM default trust store
 *     (which honours -Djavax.net.ssl.trustStore); in-process emulators pass theirs
 * @param graph retry budget of Graph calls
 * @param listener observer of Graph calls, for metrics
 * @param expiry how the connection watches its credential's expiry
 */
public record ConnectionOptions(
    SSLContext sslContext,
    Duration connectTimeout,
    Duration readTimeout,
    Clock clock,
    GraphClientOptions graph,
    GraphListener listener,
    CredentialExpiryOptions expiry) {

  public static final ConnectionOptions DEFAULTS =
      new ConnectionOptions(
          null,
          Duration.ofSeconds(10),
          Duration.ofSeconds(30),
          Clock.systemUTC(),
          GraphClientOptions.DEFAULTS,
          GraphListener.NONE);

  /** Options with the default expiry watch (no Graph lookup, 30 days' warning). */
  public ConnectionOptions(
      SSLContext sslContext,
      Duration connectTimeout,
      Duration readTimeout,
      Clock clock,
      GraphClientOptions graph,
      GraphListener listener) {
    this(
        sslContext,
        connectTimeout,
        readTimeout,
        clock,
        graph,
        listener,
        CredentialExpiryOptions.DEFAULTS);
  }

  public ConnectionOptions {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(graph, "graph");
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(expiry, "expiry");
  }

  /** The network settings the token provider and the Graph client share. */
  public HttpSettings http() {
    return new HttpSettings(sslContext, connectTimeout, readTimeout, clock);
  }

  public ConnectionOptions withSslContext(SSLContext context) {
    return new ConnectionOptions(
        context, connectTimeout, readTimeout, clock, graph, listener, expiry);
  }

  public ConnectionOptions withGraph(GraphClientOptions options) {
    return new ConnectionOptions(
        sslContext, connectTimeout, readTimeout, clock, options, listener, expiry);
  }

  public ConnectionOptions withListener(GraphListener newListener) {
    return new ConnectionOptions(
        sslContext, connectTimeout, readTimeout, clock, graph, newListener, expiry);
  }

  public ConnectionOptions withExpiry(CredentialExpiryOptions options) {
    return new ConnectionOptions(
        sslContext, connectTimeout, readTimeout, clock, graph, listener, options);
  }
}
