package io.entraid.connector.core.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entraid.connector.core.operation.EmulatorFixture;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How DirectorySync uses its target's lease and the node's bound; the Camunda lease itself is
 * tested in an engine.
 */
class SyncLeaseTest {
  static EmulatorFixture fixture;

  @BeforeAll
  static void start() {
    fixture = new EmulatorFixture(30, 3);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @BeforeEach
  void clear() {
    fixture.emulator().clearRequests();
  }

  /**
   * A lease that another run holds, or that this run loses at its {@code keptFor + 1}-th renewal.
   */
  static final class TestLease implements SyncLease {
    final Optional<Holder> other;
    final int keptFor;
    int renewals;
    int releases;

    TestLease(Optional<Holder> other, int keptFor) {
      this.other = other;
      this.keptFor = keptFor;
    }

    @Override
    public Optional<Holder> acquire() {
      return other;
    }

    @Override
    public boolean renewalDue() {
      return false;
    }

    @Override
    public void release() {
      releases++;
    }

    @Override
    public void renew() {
      if (++renewals > keptFor) throw new Lost("taken over by node-b");
    }
  }

  @Test
  void aRunThatFindsTheLeaseHeldEndsAtOnceNamingTheHolderAndReadsNothing() {
    Instant since = Instant.parse("2026-11-29T21:00:03Z");
    Instant until = Instant.parse("2026-11-29T21:05:03Z");
    InMemoryDirectoryTarget target =
        new InMemoryDirectoryTarget()
            .withLease(new TestLease(Optional.of(new SyncLease.Holder("node-b", since, until)), 0));
    List<SyncProgress> told = new ArrayList<>();

    SyncReport report =
        new DirectorySync(fixture.connection(), SyncOptions.defaults(), target, told::add).run();

    assertThat(report.mode()).isEqualTo(SyncReport.SKIPPED);
    assertThat(report.reason())
        .isEqualTo(
            "another run holds the lease of connection '"
                + fixture.connection().name()
                + "': node node-b, since 2026-11-29T21:00:03Z, until 2026-11-29T21:05:03Z; this run wrote nothing");
    assertThat(report.toMap())
        .containsEntry("mode", "skipped")
        .containsEntry("reason", report.reason());
    assertThat(fixture.emulator().requests())
        .filteredOn(r -> r.path().startsWith("/v1.0/"))
        .isEmpty();
    assertThat(told).as("the running holder's progress stays as it is").isEmpty();
    assertThat(target.userCount()).isZero();
  }

  @Test
  void aRunThatLosesItsLeaseStopsAtThatCommitAndReportsWhatItWroteBefore() {
    fixture.emulator().faults().maxDeltaPageSize(10); // three pages of users
    try {
      TestLease lease = new TestLease(Optional.empty(), 1);
      InMemoryDirectoryTarget target = new InMemoryDirectoryTarget().withLease(lease);

      SyncReport report =
          new DirectorySync(fixture.connection(), SyncOptions.defaults(), target).run();

      assertThat(report.mode()).isEqualTo(SyncReport.SKIPPED);
      assertThat(report.reason()).isEqualTo("taken over by node-b");
      assertThat(report.users().created()).isEqualTo(10).isEqualTo(target.userCount());
      assertThat(lease.renewals).as("one renewal per commit, the second one failed").isEqualTo(2);
      assertThat(lease.releases).isOne();
    } finally {
      fixture.emulator().faults().maxDeltaPageSize(999);
    }
  }

  @Test
  void aDryRunNeedsNoLease() {
    TestLease held =
        new TestLease(Optional.of(new SyncLease.Holder("node-b", Instant.EPOCH, Instant.MAX)), 0);
    SyncReport report =
        new DirectorySync(
                fixture.connection(),
                SyncOptions.defaults().withDryRun(true),
                new InMemoryDirectoryTarget().withLease(held))
            .run();
    assertThat(report.mode()).isEqualTo("dry-run");
    assertThat(report.users().created()).isPositive();
  }

  @Test
  void theNodesBoundSkipsRunsBeyondItAndFreesItsSlotWhenARunEnds() {
    SyncLimit limit = new SyncLimit(1);
    AtomicInteger ran = new AtomicInteger();
    SyncReport inside =
        limit.run(
            "first",
            () -> {
              ran.incrementAndGet();
              return limit.run(
                  "second",
                  () -> {
                    ran.incrementAndGet();
                    return SyncReport.skipped("must not run");
                  });
            });
    assertThat(inside.mode()).isEqualTo(SyncReport.SKIPPED);
    assertThat(inside.reason())
        .startsWith(
            "this node already runs 1 directory syncs, its limit (sync max-concurrent-runs);"
                + " the sync of connection 'second' did not start");
    assertThat(ran).hasValue(1);
    assertThat(limit.run("third", () -> SyncReport.skipped("ran")).reason()).isEqualTo("ran");
    assertThatThrownBy(
            () ->
                limit.run(
                    "fourth",
                    () -> {
                      throw new IllegalStateException("failed");
                    }))
        .hasMessage("failed");
    assertThat(limit.run("fifth", () -> SyncReport.skipped("ran after a failure")).reason())
        .isEqualTo("ran after a failure");
    assertThatThrownBy(() -> new SyncLimit(0))
        .hasMessageContaining("must be at least 1, was 0", "fix:");
  }
}
