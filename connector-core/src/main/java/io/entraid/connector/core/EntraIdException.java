package io.entraid.connector.core;

/**
 * Every failure the connector reports on purpose: its message states the cause and the fix, so a
 * caller can show it as it is. Callers need no more than this type to react: {@link #isRetryable()}
 * says whether trying again later can succeed without anyone changing anything; {@code
 * graph.GraphException} adds the category of a Graph outcome (business or technical).
 *
 * <p>The family: {@code token.TokenAcquisitionException}, {@code graph.GraphException}, {@code
 * connection.UnknownConnectionException} and {@code InvalidConnectionException}, {@code
 * sync.SyncAbortedException}, {@code operation.PolicyViolation} and {@code
 * UnknownOperationException}. It is not a {@code sealed} class because Java allows a sealed
 * hierarchy to span packages only inside a named module, and each member belongs to its own layer.
 */
public abstract class EntraIdException extends RuntimeException {
  protected EntraIdException(String message, Throwable cause) {
    super(message, cause);
  }

  /** True where retrying the same call later can succeed without anyone changing anything. */
  public boolean isRetryable() {
    return false;
  }
}
