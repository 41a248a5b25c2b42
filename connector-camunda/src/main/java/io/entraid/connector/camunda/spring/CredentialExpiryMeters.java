package io.entraid.connector.camunda.spring;

import io.entraid.connector.core.connection.EntraConnection;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;

/**
 * The gauge {@code entraid.credential.expiry.days}, tagged by connection: whole days until the
 * connection's credential expires (0 or less: expired), NaN while unknown. Reading it may send the
 * connection's Graph lookup, at most once per cache period.
 */
public final class CredentialExpiryMeters {
  public static final String NAME = "entraid.credential.expiry.days";

  public CredentialExpiryMeters(MeterRegistry registry, Collection<EntraConnection> connections) {
    for (EntraConnection connection : connections) {
      Gauge.builder(NAME, connection, CredentialExpiryMeters::daysLeft)
          .description("Days until the connection's client secret or certificate expires")
          .baseUnit("days")
          .tag("connection", connection.name())
          .register(registry);
    }
  }

  private static double daysLeft(EntraConnection connection) {
    Long days = connection.credentialExpiry().daysLeft();
    return days == null ? Double.NaN : days;
  }
}
