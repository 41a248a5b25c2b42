package io.entraid.connector.core.sync;

import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.graph.GraphException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a target directory (Camunda's users, groups and memberships) in step with Entra ID.
 *
 * <p>The first run, a forced run and a run whose delta token expired are full: they read Graph's
 * delta queries from the start, which lists everything and ends with delta links; later runs read
 * only the changes since. Users come first (so memberships can refer to them), then groups with
 * their members.
 *
 * <p>Commit strategy: one target transaction per Graph page of users, never one for the whole
 * directory. A full users round stores its resume point (the next page's link) in the same
 * transaction as the page's writes, so a crashed run resumes there, and the stored position never
 * passes unwritten changes. A delta round (small by nature) and the groups round store their new
 * delta link only after their last writes; after a crash they are read again from the previous
 * link, which repeats changes idempotently. Everything else is written in transactions of 500
 * writes as it is planned. Deletions are collected, checked against the deletion guard and written
 * last.
 *
 * <p>In a cluster: a run writes only while it holds the connection's {@link SyncLease}, which every
 * commit checks and renews in the same transaction, so of two runs of one connection only one ever
 * writes.
 *
 * <p>Structure: this class takes the lease and runs the rounds; a run's state is one {@link
 * SyncRun} they share. {@link UsersRound} writes the users (with {@link UserWriter} and {@link
 * UserRemovals}), {@link GroupsRound} the groups, and its {@link MembershipPlanner} their members;
 * both rounds read Graph through {@link DeltaReader}. A dry run gives them a {@link DryRunTarget},
 * which records instead of writing.
 *
 * <p>Memory: one page of users at a time; per run, the ids of the users seen (full runs) and the
 * direct memberships of the synced groups (the groups round): a few hundred bytes a user.
 */
public final class DirectorySync {
  private static final Logger LOG = LoggerFactory.getLogger(DirectorySync.class);

  private final EntraConnection connection;
  private final SyncOptions options;
  private final DirectoryTarget target;
  private final Clock clock;
  private final SyncProgress.Listener progress;

  public DirectorySync(EntraConnection connection, SyncOptions options, DirectoryTarget target) {
    this(connection, options, target, SyncProgress.Listener.NONE);
  }

  /**
   * @param progress told after each page of users or groups, and at the end (besides a log line per
   *     page)
   */
  public DirectorySync(
      EntraConnection connection,
      SyncOptions options,
      DirectoryTarget target,
      SyncProgress.Listener progress) {
    this(connection, options, target, progress, Clock.systemUTC());
  }

  DirectorySync(
      EntraConnection connection,
      SyncOptions options,
      DirectoryTarget target,
      SyncProgress.Listener progress,
      Clock clock) {
    this.connection = connection;
    this.options = options;
    this.target = target;
    this.progress = progress;
    this.clock = clock;
  }

  /**
   * Takes the connection's lease, runs, and gives the lease up. A run that finds the lease held by
   * another live run ends at once with a skipped report; a run whose lease was taken over (it
   * outlived the lease) stops at its next commit, which rolls back, and reports what it wrote
   * before. A dry run writes to a {@link DryRunTarget} (the one given, else one around the target),
   * which takes no lease.
   *
   * @throws SyncAbortedException when the deletion guard stops the run
   * @throws GraphException when Graph fails beyond the client's retries (the next run resumes)
   */
  public SyncReport run() {
    DirectoryTarget writeTo =
        options.dryRun() && !(target instanceof DryRunTarget) ? new DryRunTarget(target) : target;
    SyncRun run = new SyncRun(connection, options, writeTo, progress, clock);
    Optional<SyncLease.Holder> holder = run.lease().acquire();
    if (holder.isPresent()) {
      LOG.info(
          "Directory sync of connection '{}' not started: another run holds its lease ({})",
          connection.name(),
          holder.get());
      return SyncReport.skipped(
          "another run holds the lease of connection '"
              + connection.name()
              + "': "
              + holder.get()
              + "; this run wrote nothing");
    }
    try {
      SyncReport report;
      try {
        writeTo.runStarts();
        runRounds(run);
        report = run.report();
      } catch (SyncLease.Lost e) {
        LOG.warn(
            "ENTRAID-03001 Directory sync of connection '{}' stopped without writing on: {}",
            connection.name(),
            e.getMessage());
        report = run.report().stopped(e.getMessage());
      }
      LOG.info(
          "Directory sync of connection '{}' ({}): users {}, groups {}, memberships {}, {} skipped, {} pages, {} ms",
          connection.name(),
          report.mode(),
          report.users(),
          report.groups(),
          report.memberships(),
          run.skippedCount(),
          run.pages(),
          report.duration().toMillis());
      return report;
    } finally {
      try {
        run.finished();
      } finally {
        run.lease().release();
      }
    }
  }

  /**
   * Users first (so memberships can refer to them), then groups with their members; after a full
   * users round the memberships are rebuilt too, since unchanged groups may hold new users.
   */
  private static void runRounds(SyncRun run) {
    SyncStateStore state = run.target.state();
    if (run.options.fullSync()) {
      run.commit(
          () ->
              List.of(UsersRound.USERS_DELTA, UsersRound.USERS_RESUME, GroupsRound.GROUPS_DELTA)
                  .forEach(state::remove));
    }
    boolean usersFull =
        new UsersRound(run)
            .sync(run.options.fullSync() || state.get(UsersRound.USERS_DELTA).isEmpty());
    new GroupsRound(run).sync(usersFull || state.get(GroupsRound.GROUPS_DELTA).isEmpty());
  }
}
