package io.entraid.connector.core.operation;

import java.util.Map;

/**
 * The policy of each connection by name; a connection without one has {@link
 * ConnectionPolicy#DEFAULT}.
 */
public final class ConnectionPolicies {
  private final Map<String, ConnectionPolicy> byConnection;

  private ConnectionPolicies(Map<String, ConnectionPolicy> byConnection) {
    this.byConnection = Map.copyOf(byConnection);
  }

  /**
   * @throws IllegalArgumentException if a policy names an operation the catalog does not have
   */
  public static ConnectionPolicies of(
      Map<String, ConnectionPolicy> byConnection, OperationCatalog catalog) {
    byConnection.forEach(catalog::validate);
    return new ConnectionPolicies(byConnection);
  }

  public ConnectionPolicy get(String connection) {
    return byConnection.getOrDefault(connection, ConnectionPolicy.DEFAULT);
  }
}
