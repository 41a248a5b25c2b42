package io.entraid.connector.core.connection;

import io.entraid.connector.core.EntraIdException;
import io.entraid.connector.core.UserText;
import java.util.Collection;

/** A task named a connection that is not configured. */
public final class UnknownConnectionException extends EntraIdException {
  public UnknownConnectionException(String name, Collection<String> configured) {
    super(
        configured.isEmpty()
            ? "No EntraID connection named "
                + UserText.quote(name)
                + ": no connections are configured. Fix: define one (type "
                + EntraIdConnectionType.NAME
                + " with TenantID, ClientID, ClientSecret) named "
                + UserText.quote(name)
                + "."
            : "No EntraID connection named "
                + UserText.quote(name)
                + ". Configured connections: "
                + String.join(", ", configured)
                + ". Fix: use one of these names in the task's connection field, or define a connection named "
                + UserText.quote(name)
                + ".",
        null);
  }
}
