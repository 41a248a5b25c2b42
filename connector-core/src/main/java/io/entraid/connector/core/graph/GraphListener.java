package io.entraid.connector.core.graph;

import java.time.Duration;

/**
 * Observes a connection's network traffic for metrics: Graph answers, retries and token requests.
 * Called on the calling thread; must be quick and not throw.
 */
public interface GraphListener {
  GraphListener NONE = new GraphListener() {};

  /** Every HTTP answer, retried ones included. {@code operation} may be null. */
  default void onResponse(String operation, GraphRequest.Method method, int status) {}

  /** A wait before a retry; {@code status} is 0 for a network failure. */
  default void onRetry(String operation, int status, Duration wait) {}

  /** A wait for Entra ID's replication: Graph did not yet show an object or membership a recent write created. */
  default void onReplicationWait(String operation, Duration wait) {}

  /** A token was requested from MSAL for {@code connection}; {@code fromNetwork} is false when MSAL's cache answered. */
  default void onTokenAcquired(String connection, boolean fromNetwork) {}
}
