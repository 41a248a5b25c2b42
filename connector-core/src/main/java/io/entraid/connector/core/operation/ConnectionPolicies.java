package io.entraid.connector.core.operation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The policy of each connection by name; a connection without one has {@link
 * ConnectionPolicy#DEFAULT}. Policies of connections added at run time (stored connections) are set
 * and removed with them; a configured connection's policy cannot be replaced.
 */
public final class ConnectionPolicies {
  private final Map<String, ConnectionPolicy> byConnection;
  private final Map<String, ConnectionPolicy> runtime = new ConcurrentHashMap<>();
  private final OperationCatalog catalog;

  private ConnectionPolicies(Map<String, ConnectionPolicy> byConnection, OperationCatalog catalog) {
    this.byConnection = Map.copyOf(byConnection);
    this.catalog = catalog;
  }

  /**
   * @throws IllegalArgumentException if a policy names an operation the catalog does not have
   */
  public static ConnectionPolicies of(
      Map<String, ConnectionPolicy> byConnection, OperationCatalog catalog) {
    byConnection.forEach(catalog::validate);
    return new ConnectionPolicies(byConnection, catalog);
  }

  public ConnectionPolicy get(String connection) {
    ConnectionPolicy configured = byConnection.get(connection);
    if (configured != null) return configured;
    return runtime.getOrDefault(connection, ConnectionPolicy.DEFAULT);
  }

  /**
   * Sets the policy of a connection added at run time (null: the default policy).
   *
   * @throws IllegalArgumentException if it names an operation the catalog does not have, or the
   *     connection has a configured policy
   */
  public void putRuntime(String connection, ConnectionPolicy policy) {
    if (byConnection.containsKey(connection))
      throw new IllegalArgumentException(
          "Connection '" + connection + "' has a configured policy; it cannot be replaced");
    if (policy == null) {
      runtime.remove(connection);
      return;
    }
    catalog.validate(connection, policy);
    runtime.put(connection, policy);
  }

  public void removeRuntime(String connection) {
    runtime.remove(connection);
  }
}
