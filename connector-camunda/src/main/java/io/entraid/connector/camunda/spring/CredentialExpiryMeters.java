package io.entraid.connector.camunda.spring;

import io.entraid.connector.core.EntraIdException;
import io.entraid.connector.core.connection.ConnectionRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/**
 * The gauge {@code entraid.credential.expiry.days}, tagged by connection: whole days until the
 * connection's credential expires (0 or less: expired), NaN while unknown or while the connection
 * is not usable. Reading it may send the connection's Graph lookup, at most once per cache period.
 * Stored connections get theirs when they are created and lose it when they are deleted.
 */
public final class CredentialExpiryMeters {
  public static final String NAME = "entraid.credential.expiry.days";

  public CredentialExpiryMeters(MeterRegistry registry, ConnectionRegistry connections) {
    new PerConnectionMeters(
        registry,
        connections,
        name ->
            List.of(
                Gauge.builder(NAME, connections, c -> daysLeft(c, name))
                    .description("Days until the connection's client secret or certificate expires")
                    .baseUnit("days")
                    .tag("connection", name)
                    .register(registry)));
  }

  private static double daysLeft(ConnectionRegistry connections, String name) {
    try {
      Long days = connections.get(name).credentialExpiry().daysLeft();
      return days == null ? Double.NaN : days;
    } catch (EntraIdException e) { // not usable (its problem is in the health details)
      return Double.NaN;
    }
  }
}
