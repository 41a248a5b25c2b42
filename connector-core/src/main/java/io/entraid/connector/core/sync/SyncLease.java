package io.entraid.connector.core.sync;

import java.time.Instant;
import java.util.Optional;

/**
 * Who may write a connection's sync: one run at a time in a whole cluster, whichever node runs it
 * and however long its job's lock lasts. A run takes the lease before it writes, renews it inside
 * every transaction it commits (so a run whose lease was taken over stops at its next commit, which
 * rolls back), and gives it up when it ends. A lease not renewed for its duration (its node died)
 * is taken over by the next run.
 */
public interface SyncLease {
  /** For a dry run, which writes nothing, and for targets that only one process ever writes. */
  SyncLease NONE =
      new SyncLease() {
        @Override
        public Optional<Holder> acquire() {
          return Optional.empty();
        }

        @Override
        public void renew() {}

        @Override
        public boolean renewalDue() {
          return false;
        }

        @Override
        public void release() {}
      };

  /** The run holding a lease: its node, since when, and until when unless renewed. */
  record Holder(String node, Instant since, Instant until) {
    @Override
    public String toString() {
      return "node " + node + ", since " + since + ", until " + until;
    }
  }

  /**
   * Takes the lease for this run in a transaction of its own: empty when taken, else the other
   * run's live lease.
   */
  Optional<Holder> acquire();

  /**
   * Inside the target's current transaction: confirms that this run still holds the lease and
   * extends it.
   *
   * @throws Lost when another run took the lease over; the transaction must roll back
   */
  void renew();

  /**
   * Whether the lease should be renewed now although nothing is committed (a long stretch of
   * reading).
   */
  boolean renewalDue();

  /** Gives the lease up, in a transaction of its own, if this run still holds it. */
  void release();

  /** This run's lease was taken over (it outlived its duration): the run must not write on. */
  final class Lost extends RuntimeException {
    public Lost(String message) {
      super(message);
    }
  }
}
