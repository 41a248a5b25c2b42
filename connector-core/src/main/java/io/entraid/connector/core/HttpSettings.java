package io.entraid.connector.core;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * How a connection reaches the sign-in host and Graph; shared by the token and Graph layers.
 *
 * @param sslContext trust for the sign-in host and Graph, or null for the JVM default trust store
 *     (which honours -Djavax.net.ssl.trustStore); in-process emulators pass theirs
 */
public record HttpSettings(
    SSLContext sslContext, Duration connectTimeout, Duration readTimeout, Clock clock) {

  public static final HttpSettings DEFAULTS =
      new HttpSettings(null, Duration.ofSeconds(10), Duration.ofSeconds(30), Clock.systemUTC());

  public HttpSettings {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
    Objects.requireNonNull(clock, "clock");
  }

  public HttpSettings withSslContext(SSLContext context) {
    return new HttpSettings(context, connectTimeout, readTimeout, clock);
  }
}
