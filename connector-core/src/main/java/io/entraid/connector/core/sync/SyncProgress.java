package io.entraid.connector.core.sync;

import java.time.Duration;

/**
 * Where a directory sync is: reported after each page of users or groups it has read (and, for
 * users, written), and once more when it ends.
 *
 * @param round {@code users} or {@code groups}
 * @param pages Graph pages read so far
 * @param users users read so far in this run
 * @param groups groups read so far in this run
 * @param elapsed time since the run started
 * @param finished whether the run has ended, successfully or not (its log, result or incident says
 *     which)
 */
public record SyncProgress(
    String connection,
    String round,
    int pages,
    int users,
    int groups,
    Duration elapsed,
    boolean finished) {

  /** Users read per second so far. */
  public long usersPerSecond() {
    return elapsed.toMillis() == 0 ? 0 : users * 1000L / elapsed.toMillis();
  }

  /** Told about each page on the sync's thread: must be quick and must not throw. */
  @FunctionalInterface
  public interface Listener {
    Listener NONE = progress -> {};

    void onProgress(SyncProgress progress);
  }
}
