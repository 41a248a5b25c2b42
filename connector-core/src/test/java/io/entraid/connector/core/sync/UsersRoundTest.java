package io.entraid.connector.core.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entraid.emulator.Directory;
import io.entraid.emulator.RecordedRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The users round (users-delta.md, delta-query-overview.md) against the emulator over HTTPS, into
 * an in-memory target: after every run the target equals what the directory says it should hold.
 */
class UsersRoundTest {
  SyncFixture world = new SyncFixture(120, 10);

  @AfterEach
  void stop() {
    world.close();
  }

  @Test
  void aFirstRunIsFullAndMatchesTheDirectoryAndTheNextOneChangesNothing() {
    SyncReport report = world.sync();
    assertThat(report.mode()).isEqualTo("full");
    world.assertInStep(false);
    assertThat(report.users().created())
        .isEqualTo(world.expected(false).users().size())
        .isPositive();
    assertThat(report.groups().created()).isEqualTo(world.expected(false).groups().size());
    assertThat(world.target.storedState()).containsKeys("users.deltaLink", "groups.deltaLink");
    assertThat(world.target.storedState()).doesNotContainKey("users.resume");

    SyncReport again = world.sync();
    assertThat(again.mode()).isEqualTo("delta");
    assertThat(again.users().created() + again.users().updated() + again.users().deleted())
        .isZero();
    world.assertInStep(false);
  }

  @Test
  void everyKindOfUserChangeIsFollowedIncrementally() {
    world.sync();
    Directory d = world.directory();
    d.createUser("new.person@" + world.emulator.tenantDomain(), "New Person");
    assertThat(world.expectDelta("user added").users().created()).isOne();
    d.updateUser(
        d.users().get(5).id(),
        Map.of("givenName", "Renamed", "mail", "renamed@" + world.emulator.tenantDomain()));
    assertThat(world.expectDelta("user renamed").users().updated()).isOne();
    d.updateUser(d.users().get(6).id(), Map.of("accountEnabled", false));
    assertThat(world.expectDelta("user disabled").users().deleted()).isOne();
    String deleted = d.users().get(7).id();
    d.deleteUser(deleted);
    assertThat(world.expectDelta("user deleted").users().deleted()).isOne();
    d.restore(deleted);
    assertThat(world.expectDelta("user restored").users().created()).isOne();
  }

  /**
   * user-delta.md / group-delta.md: with Prefer: return=minimal Graph sends only changed
   * properties, which a merge that writes whole users would take for blanked ones. The sync never
   * asks for it, so every delta item is whole, and an unchanged property survives a change of
   * another (the emulator honours return=minimal, see its DeltaTest).
   */
  @Test
  void deltaRoundsAskForWholeObjectsAndKeepUnchangedFields() {
    world.sync();
    Directory d = world.directory();
    var someone =
        d.users().stream()
            .filter(u -> u.accountEnabled() && u.surname() != null)
            .findFirst()
            .orElseThrow();
    d.updateUser(someone.id(), Map.of("givenName", "OnlyThisChanged"));
    world.expectDelta("one property changed");
    DirectoryTarget.User synced =
        world.target.syncedUser(IdMapping.OBJECT_ID.id(someone.id(), null, null)).orElseThrow();
    assertThat(synced.firstName()).isEqualTo("OnlyThisChanged");
    assertThat(synced.lastName()).isEqualTo(someone.surname());
    assertThat(world.emulator.requests())
        .filteredOn(r -> r.path().endsWith("/delta"))
        .isNotEmpty()
        .allSatisfy(
            r -> assertThat(String.valueOf(r.header("Prefer"))).doesNotContain("return=minimal"));
  }

  /** delta-query-overview.md "Synchronization reset": 400 syncStateNotFound, the default. */
  @Test
  void anExpiredDeltaTokenFallsBackToAFullSync() {
    world.sync();
    world.directory().createUser("after.expiry@" + world.emulator.tenantDomain(), "After Expiry");
    world.emulator.faults().expireDeltaTokens();
    SyncReport report = world.sync();
    assertThat(report.mode()).isEqualTo("full");
    world.assertInStep(false);
  }

  /** delta-query-overview.md "Synchronization reset": 410 Gone, the generic form. */
  @Test
  void anExpiredDeltaTokenAnsweredWith410FallsBackToo() {
    world.sync();
    world.emulator.faults().deltaExpiredStatus(410).expireDeltaTokens();
    world.directory().deleteUser(world.directory().users().get(3).id());
    assertThat(world.sync().mode()).isEqualTo("full");
    world.assertInStep(false);
  }

  @Test
  void theDeletionGuardStopsBeforeDeletingAndForceOverrides() {
    world.sync();
    int before = world.target.userCount();
    List<String> doomed =
        world.directory().users().stream().limit(before / 5).map(u -> u.id()).toList();
    doomed.forEach(world.directory()::deleteUser);
    assertThatThrownBy(world::sync)
        .isInstanceOf(SyncAbortedException.class)
        .hasMessageContaining(
            "stopped before deleting " + doomed.size() + " of " + before,
            "deletion guard of 10 %",
            "Nothing was deleted",
            "force = true");
    assertThat(world.target.userCount()).isEqualTo(before);
    SyncReport forced = world.sync(false, false, true, false);
    assertThat(forced.users().deleted()).isEqualTo(doomed.size());
    world.assertInStep(false);
  }

  /**
   * A crash after two pages: the pages written stay, the resume point is the third page's link, and
   * the next run reads on from there (checking the users it did not see in one batch), not from the
   * start.
   */
  @Test
  void aCrashMidRunIsResumedByTheNextRun() {
    world.emulator.faults().maxDeltaPageSize(30); // four pages of users
    world.target.crashingAfter(2);
    assertThatThrownBy(world::sync).hasMessageContaining("simulated crash");
    assertThat(world.target.userCount())
        .isPositive()
        .isLessThan(world.expected(false).users().size());
    assertThat(world.target.storedState()).containsOnlyKeys("users.resume");

    world.target.crashingAfter(Integer.MAX_VALUE);
    world.emulator.clearRequests();
    SyncReport rerun = world.sync();
    assertThat(rerun.mode()).isEqualTo("full");
    world.assertInStep(false);
    assertThat(world.graphRequests())
        .filteredOn(r -> r.path().equals("/v1.0/users/delta"))
        .as("resumed at the third page, not started over")
        .hasSize(2);
    assertThat(world.sync().mode()).isEqualTo("delta");
    world.assertInStep(false);
  }

  /**
   * A run resumed late in a full users round looks up every synced user it did not see (it may be
   * gone from Entra ID) and keeps its lease meanwhile: the reliability suite saw a resumed run lose
   * its lease to its own job's re-run while it looked up 19,980 users for 40 s (a 30 s lease).
   */
  @Test
  void aResumedRunKeepsItsLeaseWhileItLooksUpTheUsersItDidNotSee() {
    world.close();
    world = new SyncFixture(1_500, 10); // two pages of users: 999 and 501
    world.target.crashingAfter(1);
    assertThatThrownBy(world::sync).hasMessageContaining("simulated crash");
    world.target.crashingAfter(Integer.MAX_VALUE);

    AtomicInteger lookups = new AtomicInteger();
    AtomicInteger mostBetweenRenewals = new AtomicInteger();
    world.target.withLease(
        new SyncLease() {
          @Override
          public Optional<Holder> acquire() {
            return Optional.empty();
          }

          @Override
          public void renew() {
            mostBetweenRenewals.accumulateAndGet(lookups.getAndSet(0), Math::max);
          }

          @Override
          public boolean renewalDue() {
            return true; // as if each lookup were slow
          }

          @Override
          public void release() {}
        });
    AtomicInteger total = new AtomicInteger();
    DirectoryTarget counting =
        new ForwardingDirectoryTarget(world.target) {
          @Override
          public Optional<User> syncedUser(String id) {
            lookups.incrementAndGet();
            total.incrementAndGet();
            return super.syncedUser(id);
          }
        };
    SyncReport rerun = world.sync(SyncOptions.defaults(), counting);

    assertThat(rerun.mode()).isEqualTo("full");
    assertThat(total.get())
        .as("the synced users of the first page (999 less the disabled ones), each looked up")
        .isBetween(900, 999);
    assertThat(mostBetweenRenewals.get()).isLessThanOrEqualTo(500);
    world.assertInStep(false);
  }

  @Test
  void aFullSyncReadsTheLargestPagesAndTenChangesCostAHandfulOfRequests() {
    world.close();
    world = new SyncFixture(10_000, 40);
    world.sync();
    List<String> firstRun =
        world.emulator.requests().stream()
            .map(RecordedRequest::path)
            .filter(p -> p.startsWith("/v1.0/"))
            .toList();
    assertThat(firstRun)
        .as("first run, in pages of 999")
        .hasSize(12)
        .containsOnly("/v1.0/users/delta", "/v1.0/groups/delta");
    assertThat(firstRun).filteredOn("/v1.0/users/delta"::equals).hasSize(11);
    Directory d = world.directory();
    for (int i = 0; i < 10; i++)
      d.updateUser(
          d.users().get(i * 97).id(), Map.of("jobTitle", "Changed " + i, "givenName", "G" + i));
    world.emulator.clearRequests();
    SyncReport report = world.sync();
    List<RecordedRequest> graph =
        world.emulator.requests().stream().filter(r -> r.path().startsWith("/v1.0/")).toList();
    assertThat(report.mode()).isEqualTo("delta");
    assertThat(report.users().updated()).isEqualTo(10);
    assertThat(graph)
        .as("requests: %s", graph.stream().map(RecordedRequest::path).toList())
        .hasSizeLessThanOrEqualTo(4);
    world.assertInStep(false);
  }
}
