package io.entraid.connector.core.operation;

import io.entraid.connector.core.connection.EntraConnection;

/**
 * One thing a process can do against Entra ID. Implementations are stateless and thread-safe; their
 * {@link #spec()} is the single declaration of inputs, output and permissions.
 */
public interface Operation {

  OperationSpec spec();

  /**
   * Runs the operation.
   *
   * @param inputs validated and converted according to {@link #spec()}
   * @return the outputs declared by {@link #spec()}: Booleans, Strings, Numbers, Maps and Lists of
   *     plain values
   * @throws io.entraid.connector.core.graph.GraphException for every failure, categorized
   */
  Result execute(EntraConnection connection, Inputs inputs);

  /**
   * Checks what these inputs would do against the connection's policy, beyond the operation itself
   * (which {@link OperationCatalog} checks): graphRequest checks its method and path here.
   *
   * @throws PolicyViolation naming the rule and the fix
   */
  default void checkPolicy(String connection, ConnectionPolicy policy, Inputs inputs) {}
}
