package io.entraid.connector.core.sync;

import io.entraid.connector.core.connection.EntraConnection;

/**
 * Where the syncDirectory operation writes: supplied by the engine integration (Camunda's identity
 * service).
 */
@FunctionalInterface
public interface SyncTargets {
  /** No target: syncDirectory can only run where an engine integration supplies one. */
  SyncTargets NONE =
      connection -> {
        throw new IllegalStateException(
            "syncDirectory needs a directory to write to; run it through the entraId"
                + " delegate in a Camunda engine, or use DirectorySync with a DirectoryTarget");
      };

  /** The target for a run with this connection (its sync state is kept per connection). */
  DirectoryTarget open(EntraConnection connection);

  /** Where runs report their progress page by page; none unless the integration keeps it. */
  default SyncProgress.Listener progress() {
    return SyncProgress.Listener.NONE;
  }

  /**
   * How many syncs run at once on this node; unbounded unless the integration shares a connection
   * pool.
   */
  default SyncLimit limit() {
    return SyncLimit.NONE;
  }
}
