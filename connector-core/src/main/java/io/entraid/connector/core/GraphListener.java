package io.entraid.connector.core;

import java.time.Duration;
import java.util.List;

/**
 * Observes a connection's network traffic for metrics: Graph answers, retries and token requests.
 * Called on the calling thread; must be quick and not throw.
 */
public interface GraphListener {
  GraphListener NONE = new GraphListener() {};

  /**
   * Every HTTP answer, retried ones included. {@code operation} may be null; {@code method} is GET,
   * POST, ...
   */
  default void onResponse(String operation, String method, int status) {}

  /** A wait before a retry; {@code status} is 0 for a network failure. */
  default void onRetry(String operation, int status, Duration wait) {}

  /**
   * A wait for Entra ID's replication: Graph did not yet show an object or membership a recent
   * write created.
   */
  default void onReplicationWait(String operation, Duration wait) {}

  /**
   * A token was requested from MSAL for {@code connection}; {@code fromNetwork} is false when
   * MSAL's cache answered.
   */
  default void onTokenAcquired(String connection, boolean fromNetwork) {}

  /** Several listeners as one, called in the given order. */
  static GraphListener of(List<? extends GraphListener> listeners) {
    if (listeners.isEmpty()) return NONE;
    if (listeners.size() == 1) return listeners.get(0);
    List<GraphListener> all = List.copyOf(listeners);
    return new GraphListener() {
      @Override
      public void onResponse(String operation, String method, int status) {
        all.forEach(l -> l.onResponse(operation, method, status));
      }

      @Override
      public void onRetry(String operation, int status, Duration wait) {
        all.forEach(l -> l.onRetry(operation, status, wait));
      }

      @Override
      public void onReplicationWait(String operation, Duration wait) {
        all.forEach(l -> l.onReplicationWait(operation, wait));
      }

      @Override
      public void onTokenAcquired(String connection, boolean fromNetwork) {
        all.forEach(l -> l.onTokenAcquired(connection, fromNetwork));
      }
    };
  }
}
