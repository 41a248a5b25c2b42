package io.entraid.connector.core.sync;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * How many directory syncs one node runs at once. A sync holds its job's database connection for
 * the whole run and one more for each page it commits; bounding the runs keeps the rest of the
 * engine's connection pool for REST calls and other jobs. A run that finds every slot taken ends at
 * once with a skipped report rather than waiting, since a waiting run would hold its job's thread
 * and connection, the very thing the bound protects.
 */
public final class SyncLimit {
  /** Runs every sync at once (a target without a shared connection pool). */
  public static final SyncLimit NONE = new SyncLimit(Integer.MAX_VALUE);

  private final int maxConcurrentRuns;
  private final Semaphore slots;

  public SyncLimit(int maxConcurrentRuns) {
    if (maxConcurrentRuns < 1) {
      throw new IllegalArgumentException(
          "sync max-concurrent-runs must be at least 1, was "
              + maxConcurrentRuns
              + "; fix: set it to 1 or more (default 2), and keep it well below the connection pool's size");
    }
    this.maxConcurrentRuns = maxConcurrentRuns;
    this.slots = new Semaphore(maxConcurrentRuns);
  }

  public int maxConcurrentRuns() {
    return maxConcurrentRuns;
  }

  /**
   * Runs {@code sync} in a free slot, or returns a skipped report when this node already runs its
   * limit.
   */
  public SyncReport run(String connection, Supplier<SyncReport> sync) {
    if (!slots.tryAcquire()) {
      return SyncReport.skipped(
          "this node already runs "
              + maxConcurrentRuns
              + " directory syncs, its limit"
              + " (sync max-concurrent-runs); the sync of connection '"
              + connection
              + "' did not start and its next run"
              + " continues where the last one stopped");
    }
    try {
      return sync.get();
    } finally {
      slots.release();
    }
  }
}
