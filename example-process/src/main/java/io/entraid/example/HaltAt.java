package io.entraid.example;

import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.sync.DirectoryTarget;
import io.entraid.connector.core.sync.ForwardingDirectoryTarget;
import io.entraid.connector.core.sync.SyncLimit;
import io.entraid.connector.core.sync.SyncProgress;
import io.entraid.connector.core.sync.SyncStateStore;
import io.entraid.connector.core.sync.SyncTargets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-only: stops this JVM as {@code kill -9} would ({@code Runtime.halt(137)}: no shutdown hook,
 * no rollback beyond what the database does for an open transaction) at a named point of a
 * directory sync, so the reliability suite kills a node at a phase rather than at a time. Armed by
 * {@code example.test-only.halt-at-file=<file>}; off by default. When a sync run starts on this
 * node and the file exists, the run consumes it (deletes it) and halts at the point it names,
 * {@code <phase>:<n>}, counted from the run's start:
 *
 * <ul>
 *   <li>{@code users:n} after the n-th page of users was written and committed;
 *   <li>{@code groups:n} after the n-th page of groups was read;
 *   <li>{@code memberships:n} in the middle of the n-th membership write (its transaction is lost);
 *   <li>{@code delta-link:n} just before the n-th delta link is stored (a full run stores the
 *       users' delta link, then the groups' one, the final write of the run).
 * </ul>
 *
 * The node restarted after the halt runs on unarmed (the file is gone) until the suite writes the
 * file again. It wraps the engine integration's {@link SyncTargets}: a {@link DirectoryTarget}
 * decorator and a {@link SyncProgress.Listener}, nothing inside the sync itself.
 */
final class HaltAt implements SyncTargets {
  static final String PROPERTY = "example.test-only.halt-at-file";

  enum Phase {
    USERS("users"),
    GROUPS("groups"),
    MEMBERSHIPS("memberships"),
    DELTA_LINK("delta-link");

    final String name;

    Phase(String name) {
      this.name = name;
    }
  }

  /** A parsed {@code <phase>:<n>}. */
  record Point(Phase phase, int n) {
    static Point parse(String spec) {
      String[] parts = spec.trim().split(":", 2);
      for (Phase phase : Phase.values()) {
        if (phase.name.equals(parts[0])) {
          try {
            int n = parts.length == 2 ? Integer.parseInt(parts[1].trim()) : 1;
            if (n >= 1) return new Point(phase, n);
          } catch (NumberFormatException e) {
            // reported below
          }
        }
      }
      throw new IllegalArgumentException(
          "The file of "
              + PROPERTY
              + " holds '"
              + spec
              + "', which is not <phase>:<n>; fix: write users:<n>, groups:<n>, memberships:<n>"
              + " or delta-link:<n> with n >= 1");
    }

    @Override
    public String toString() {
      return phase.name + ":" + n;
    }
  }

  /** The point the current run halts at, and how often it was passed so far. */
  private record Armed(Point point, AtomicInteger seen) {}

  private final SyncTargets delegate;
  private final Path file;
  private final Runnable halt;
  private volatile Armed armed;

  /**
   * @param file the file that arms the next run
   * @param halt what to do at the point: {@code Runtime.getRuntime().halt(137)} in the app
   */
  HaltAt(SyncTargets delegate, Path file, Runnable halt) {
    this.delegate = delegate;
    this.file = file;
    this.halt = halt;
  }

  private void reached(Phase phase) {
    Armed now = armed;
    if (now != null
        && phase == now.point().phase()
        && now.seen().incrementAndGet() == now.point().n()) halt.run();
  }

  @Override
  public DirectoryTarget open(EntraConnection connection) {
    DirectoryTarget target = delegate.open(connection);
    armed = null;
    try {
      if (Files.exists(file)) {
        String spec = Files.readString(file);
        Files.delete(file); // consumed by this run, even when it cannot be read
        armed = new Armed(Point.parse(spec), new AtomicInteger());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Target(target);
  }

  @Override
  public SyncProgress.Listener progress() {
    SyncProgress.Listener next = delegate.progress();
    return progress -> {
      next.onProgress(progress);
      if (progress.finished()) return;
      if (progress.round().equals("users")) reached(Phase.USERS);
      else if (progress.round().equals("groups")) reached(Phase.GROUPS);
    };
  }

  @Override
  public SyncLimit limit() {
    return delegate.limit();
  }

  /** The target, with the memberships and delta-link points. */
  private final class Target extends ForwardingDirectoryTarget {
    private final SyncStateStore state;

    Target(DirectoryTarget target) {
      super(target);
      SyncStateStore inner = target.state();
      this.state =
          new SyncStateStore() {
            @Override
            public Optional<String> get(String key) {
              return inner.get(key);
            }

            @Override
            public void put(String key, String value) {
              if (key.endsWith("deltaLink")) reached(Phase.DELTA_LINK);
              inner.put(key, value);
            }

            @Override
            public void remove(String key) {
              inner.remove(key);
            }
          };
    }

    @Override
    public void addMember(String groupId, String userId) {
      delegate.addMember(groupId, userId);
      reached(Phase.MEMBERSHIPS);
    }

    @Override
    public SyncStateStore state() {
      return state;
    }
  }
}
