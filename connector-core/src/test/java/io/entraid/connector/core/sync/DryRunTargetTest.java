package io.entraid.connector.core.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.entraid.emulator.Directory;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A dry run plans what a real run then does, and writes nothing. */
class DryRunTargetTest {
  SyncFixture world = new SyncFixture(120, 10);

  @AfterEach
  void stop() {
    world.close();
  }

  static void assertSamePlan(SyncReport dry, SyncReport real) {
    assertThat(dry.mode()).isEqualTo("dry-run");
    assertThat(dry.users()).isEqualTo(real.users());
    assertThat(dry.groups()).isEqualTo(real.groups());
    assertThat(dry.memberships()).isEqualTo(real.memberships());
    assertThat(dry.skipped()).isEqualTo(real.skipped());
  }

  /** The recorded writes are the report's figures, one write per object created, changed, gone. */
  static void assertWritesMatch(DryRunTarget dry, SyncReport report) {
    Map<String, Integer> w = dry.writes();
    assertThat(w.getOrDefault("createUser", 0)).isEqualTo(report.users().created());
    assertThat(w.getOrDefault("updateUser", 0)).isEqualTo(report.users().updated());
    assertThat(w.getOrDefault("deleteUser", 0)).isEqualTo(report.users().deleted());
    assertThat(w.getOrDefault("createGroup", 0)).isEqualTo(report.groups().created());
    assertThat(w.getOrDefault("updateGroup", 0)).isEqualTo(report.groups().updated());
    assertThat(w.getOrDefault("deleteGroup", 0)).isEqualTo(report.groups().deleted());
    assertThat(w.getOrDefault("addMember", 0)).isEqualTo(report.memberships().created());
    assertThat(w.getOrDefault("removeMember", 0)).isEqualTo(report.memberships().deleted());
  }

  @Test
  void aFirstDryRunWritesNothingAndPlansWhatTheRealRunDoes() {
    DryRunTarget dry = new DryRunTarget(world.target);
    SyncReport planned = world.sync(SyncOptions.defaults().withDryRun(true), dry);

    assertThat(world.target.userCount()).isZero();
    assertThat(world.target.syncedGroupIds()).isEmpty();
    assertThat(world.target.storedState()).isEmpty();
    assertThat(world.target.commits()).isZero();
    assertThat(planned.users().created()).isEqualTo(world.expected(false).users().size());
    assertThat(planned.memberships().created()).isPositive();
    assertWritesMatch(dry, planned);
    assertThat(dry.writes()).containsKeys("put");

    assertSamePlan(planned, world.sync());
    world.assertInStep(false);
  }

  @Test
  void aDryRunOfChangesPlansWhatTheNextRealRunDoesAndKeepsThePosition() {
    world.sync();
    Map<String, String> position = world.target.storedState();
    Directory d = world.directory();
    d.createUser("planned.person@" + world.emulator.tenantDomain(), "Planned Person");
    d.updateUser(d.users().get(5).id(), Map.of("surname", "Changed"));
    var group = d.groups().stream().filter(g -> g.securityEnabled()).findFirst().orElseThrow();
    d.updateGroup(group.id(), Map.of("displayName", "Renamed group"));
    String member = d.users().get(9).id();
    if (!d.memberIds(group.id()).contains(member)) d.addMember(group.id(), member);
    int commits = world.target.commits();

    DryRunTarget dry = new DryRunTarget(world.target);
    SyncReport planned = world.sync(SyncOptions.defaults().withDryRun(true), dry);

    assertThat(world.target.commits()).isEqualTo(commits);
    assertThat(world.target.storedState()).isEqualTo(position);
    assertWritesMatch(dry, planned);
    SyncReport real = world.sync();
    assertThat(real.mode()).isEqualTo("delta");
    assertSamePlan(planned, real);
    world.assertInStep(false);
  }

  /** A dry run's forced full sync leaves the stored position as it was. */
  @Test
  void aForcedFullDryRunKeepsTheStoredPosition() {
    world.sync();
    Map<String, String> position = world.target.storedState();
    DryRunTarget dry = new DryRunTarget(world.target);
    SyncReport planned =
        world.sync(SyncOptions.defaults().withDryRun(true).withFullSync(true), dry);
    assertThat(world.target.storedState()).isEqualTo(position);
    assertThat(dry.writes()).containsKeys("remove", "put");
    assertThat(planned.users().unchanged()).isEqualTo(world.target.userCount());
    assertWritesMatch(dry, planned);
  }
}
