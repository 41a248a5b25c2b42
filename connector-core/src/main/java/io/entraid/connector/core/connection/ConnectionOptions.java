package io.entraid.connector.core.connection;

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
 */
public record ConnectionOptions(SSLContext sslContext, Duration connectTimeout, Duration readTimeout, Clock clock) {

  public static final ConnectionOptions DEFAULTS =
      new ConnectionOptions(null, Duration.ofSeconds(10), Duration.ofSeconds(30), Clock.systemUTC());

  public ConnectionOptions {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
    Objects.requireNonNull(clock, "clock");
  }

  public ConnectionOptions withSslContext(SSLContext context) {
    return new ConnectionOptions(context, connectTimeout, readTimeout, clock);
  }
}
