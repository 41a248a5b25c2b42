package io.entraid.connector.core.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.graph.GraphClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of one directory sync run, shared by its rounds: what it reads from, writes to and has
 * done so far, and the plumbing every round uses (commits under the lease, progress after each
 * page). A run's target is the real one, or a {@link DryRunTarget} that only records.
 */
final class SyncRun {
  private static final Logger LOG = LoggerFactory.getLogger(DirectorySync.class);

  final EntraConnection connection;
  final GraphClient graph;
  final SyncOptions options;
  final DirectoryTarget target;
  private final Clock clock;
  private final SyncProgress.Listener progress;
  private final Instant start;
  private final SyncLease lease;

  final Tally users = new Tally();
  final Tally groups = new Tally();
  final Tally memberships = new Tally();
  private final List<String> skipped = new ArrayList<>();
  private int pages;
  private int usersRead;
  private int groupsRead;
  private String round = "users";

  /** Whether a round of this run read everything (else every round read changes only). */
  boolean fullRun;

  /**
   * Entra object ids of users this run found removed or disabled: never members of synced groups.
   */
  final Set<String> goneUsers = new HashSet<>();

  /**
   * Entra object id to target id of the users this run wrote, where the id cannot be derived from
   * the object id.
   */
  final Map<String, String> runUserIds = new HashMap<>();

  /**
   * Entra object ids of the users an incremental run created: their memberships are read once (see
   * {@link MembershipPlanner#restoreMemberships}).
   */
  final Set<String> createdInDelta = new HashSet<>();

  SyncRun(
      EntraConnection connection,
      SyncOptions options,
      DirectoryTarget target,
      SyncProgress.Listener progress,
      Clock clock) {
    this.connection = connection;
    this.graph = connection.graph().background();
    this.options = options;
    this.target = target;
    this.progress = progress;
    this.clock = clock;
    this.start = clock.instant();
    this.lease = target.lease();
  }

  SyncLease lease() {
    return lease;
  }

  /** Counts a Graph page read (of any kind). */
  void pageRead() {
    pages++;
  }

  /**
   * After a page of users or groups: a log line and the listener, so a long run shows where it is.
   */
  void pageDone(String round, int items) {
    this.round = round;
    keepLease();
    if (round.equals("users")) usersRead += items;
    else groupsRead += items;
    SyncProgress now = progress(false);
    LOG.info(
        "Directory sync of connection '{}': page {} ({}) done, {} users and {} groups so far, {} users/s",
        connection.name(),
        pages,
        round,
        usersRead,
        groupsRead,
        now.usersPerSecond());
    progress.onProgress(now);
  }

  /** Tells the listener that the run ended. */
  void finished() {
    progress.onProgress(progress(true));
  }

  private SyncProgress progress(boolean finished) {
    return new SyncProgress(
        connection.name(), round, pages, usersRead, groupsRead, elapsed(), finished);
  }

  private Duration elapsed() {
    return Duration.between(start, clock.instant());
  }

  SyncReport report() {
    String mode = options.dryRun() ? "dry-run" : fullRun ? "full" : "delta";
    return new SyncReport(
        mode,
        users.counts(),
        groups.counts(),
        memberships.counts(),
        List.copyOf(skipped),
        pages,
        elapsed());
  }

  /**
   * Commits {@code work} in a target transaction that first confirms and extends this run's lease.
   */
  void commit(Runnable work) {
    target.inTransaction(
        () -> {
          lease.renew();
          work.run();
        });
  }

  /**
   * Renews the lease between commits when a long stretch of reading would otherwise let it lapse.
   */
  void keepLease() {
    if (lease.renewalDue()) commit(() -> {});
  }

  void skip(String reason) {
    skipped.add(reason);
    LOG.debug("Directory sync of connection '{}' skipped {}", connection.name(), reason);
  }

  int skippedCount() {
    return skipped.size();
  }

  int pages() {
    return pages;
  }

  /** The target id of a synced user, derived from the object id where the mapping allows. */
  Optional<String> syncedUserId(String objectId) {
    if (options.userIds() == IdMapping.OBJECT_ID) {
      String id = IdMapping.OBJECT_ID.id(objectId, null, null);
      return target.syncedUserIds().contains(id) ? Optional.of(id) : Optional.empty();
    }
    String known = runUserIds.get(objectId);
    return known != null ? Optional.of(known) : target.syncedUserIdByObjectId(objectId);
  }

  /** A text property of a Graph object; null when absent or null. */
  static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  /** Counts of one kind of object. */
  static final class Tally {
    int created;
    int updated;
    int deleted;
    int unchanged;

    SyncReport.Counts counts() {
      return new SyncReport.Counts(created, updated, deleted, unchanged);
    }
  }
}
