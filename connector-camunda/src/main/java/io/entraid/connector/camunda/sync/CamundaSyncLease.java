package io.entraid.connector.camunda.sync;

import io.entraid.connector.core.sync.SyncLease;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.PropertyEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection's sync lease as one row of the engine's ACT_GE_PROPERTY ({@code
 * entraid.sync.<connection>.lease}): {@code run|since|until|node}. Every change goes through the
 * engine's optimistic locking (the row's revision), so of two runs that change it at once one
 * fails: taking it, and renewing it in a page's transaction, is safe on every database the engine
 * supports. A run is one object of this class; a re-run of the same job is another run.
 */
final class CamundaSyncLease implements SyncLease {
  private static final Logger LOG = LoggerFactory.getLogger(CamundaSyncLease.class);
  private static final int MAX_NODE_NAME = 200;

  private final ProcessEngineConfigurationImpl engine;
  private final String connection;
  private final String property;
  private final SyncSettings settings;
  private final String run = UUID.randomUUID().toString();
  private Instant since;
  private Instant renewed;

  CamundaSyncLease(
      ProcessEngineConfigurationImpl engine,
      String connection,
      String property,
      SyncSettings settings) {
    this.engine = engine;
    this.connection = connection;
    this.property = property;
    this.settings = settings;
  }

  /** What the row holds. */
  private record Stored(String run, Instant since, Instant until, String node) {
    static Optional<Stored> parse(PropertyEntity row) {
      String[] parts =
          row == null || row.getValue() == null ? new String[0] : row.getValue().split("\\|", 4);
      if (parts.length < 4) return Optional.empty(); // unreadable: treated as lapsed
      try {
        return Optional.of(
            new Stored(parts[0], Instant.parse(parts[1]), Instant.parse(parts[2]), parts[3]));
      } catch (java.time.format.DateTimeParseException e) {
        return Optional.empty();
      }
    }

    String value() {
      return run + "|" + since + "|" + until + "|" + node;
    }

    Holder holder() {
      return new Holder(node, since, until);
    }
  }

  @Override
  public Optional<Holder> acquire() {
    Instant now = settings.clock().instant();
    Optional<Holder> other;
    try {
      other = engine.getCommandExecutorTxRequiresNew().execute(context -> take(context, now));
    } catch (RuntimeException e) {
      // another run changed the row at the same moment (optimistic locking, both inserted it, or a
      // row lock timed out)
      Optional<Holder> holder = liveHolderOtherThanThisRun();
      if (holder.isPresent()) return holder;
      throw e;
    }
    if (other.isEmpty()) {
      since = now;
      renewed = now;
      LOG.debug(
          "Directory sync of connection '{}': lease taken by node {} until {}",
          connection,
          settings.nodeName(),
          now.plus(settings.leaseDuration()));
    }
    return other;
  }

  private Optional<Holder> take(CommandContext context, Instant now) {
    PropertyEntity row = context.getPropertyManager().findPropertyById(property);
    Optional<Stored> stored = Stored.parse(row);
    if (stored.isPresent() && stored.get().until().isAfter(now))
      return Optional.of(stored.get().holder());
    String value = new Stored(run, now, now.plus(settings.leaseDuration()), nodeName()).value();
    if (row == null) {
      context.getDbEntityManager().insert(new PropertyEntity(property, value));
    } else {
      row.setValue(value); // updated WHERE REV_ = the revision read: a concurrent taker fails
    }
    return Optional.empty();
  }

  @Override
  public void renew() {
    CommandContext context = Context.getCommandContext();
    PropertyEntity row = context.getPropertyManager().findPropertyById(property);
    Optional<Stored> stored = Stored.parse(row);
    if (stored.isEmpty() || !stored.get().run().equals(run)) throw lost(stored.map(Stored::holder));
    Instant now = settings.clock().instant();
    row.setValue(new Stored(run, since, now.plus(settings.leaseDuration()), nodeName()).value());
    renewed = now;
  }

  /**
   * After a commit failed on optimistic locking: if another run took the lease in the meantime, the
   * commit failed for that reason, and this run stops as one that lost its lease.
   */
  void checkNotTakenOver() {
    Optional<Stored> stored = read();
    if (since != null && (stored.isEmpty() || !stored.get().run().equals(run)))
      throw lost(stored.map(Stored::holder));
  }

  private Lost lost(Optional<Holder> holder) {
    String taker =
        holder.map(h -> "node " + h.node() + ", since " + h.since()).orElse("none recorded");
    return new Lost(
        "the lease of connection '"
            + connection
            + "' was taken over by another run ("
            + taker
            + ") after this run's lease (node "
            + settings.nodeName()
            + ", since "
            + since
            + ") ran out; this run stopped"
            + " without writing on, the other run continues. If this repeats, raise the sync lease-duration (now "
            + settings.leaseDuration()
            + ")");
  }

  @Override
  public boolean renewalDue() {
    return renewed != null
        && Duration.between(renewed, settings.clock().instant())
                .compareTo(settings.leaseDuration().dividedBy(3))
            > 0;
  }

  @Override
  public void release() {
    if (since == null) return;
    try {
      engine
          .getCommandExecutorTxRequiresNew()
          .execute(
              context -> {
                PropertyEntity row = context.getPropertyManager().findPropertyById(property);
                // ended at the epoch rather than now: free at once for every node, whatever its
                // clock says
                Stored.parse(row)
                    .filter(s -> s.run().equals(run))
                    .ifPresent(
                        s ->
                            row.setValue(
                                new Stored(run, since, Instant.EPOCH, nodeName()).value()));
                return null;
              });
    } catch (RuntimeException e) {
      LOG.warn(
          "ENTRAID-03004 Directory sync of connection '{}': could not give up its lease ({}); it lapses by itself at the latest"
              + " {} after the last commit",
          connection,
          e.toString(),
          settings.leaseDuration());
    }
  }

  private Optional<Holder> liveHolderOtherThanThisRun() {
    Instant now = settings.clock().instant();
    return read().filter(s -> !s.run().equals(run) && s.until().isAfter(now)).map(Stored::holder);
  }

  private Optional<Stored> read() {
    return engine
        .getCommandExecutorTxRequiresNew()
        .execute(context -> Stored.parse(context.getPropertyManager().findPropertyById(property)));
  }

  private String nodeName() {
    String name = settings.nodeName().replace('|', '/');
    return name.length() <= MAX_NODE_NAME ? name : name.substring(0, MAX_NODE_NAME);
  }
}
