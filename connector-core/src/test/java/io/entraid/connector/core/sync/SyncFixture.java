package io.entraid.connector.core.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.entraid.connector.core.operation.EmulatorFixture;
import io.entraid.emulator.Directory;
import io.entraid.emulator.EntraEmulator;
import io.entraid.emulator.RecordedRequest;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A sync's world for core tests: a fresh emulator and an {@link InMemoryDirectoryTarget} holding a
 * local user and group, and the exact comparison of the target with the emulator's directory (the
 * same as DirectorySyncTest's in an engine).
 */
final class SyncFixture implements AutoCloseable {
  final EmulatorFixture fixture;
  final EntraEmulator emulator;
  final InMemoryDirectoryTarget target =
      new InMemoryDirectoryTarget()
          .withLocalUser("demo", "Demo")
          .withLocalGroup("localgroup", "demo");

  SyncFixture(int users, int groups) {
    fixture = new EmulatorFixture(users, groups);
    emulator = fixture.emulator();
  }

  Directory directory() {
    return emulator.directory();
  }

  SyncReport sync() {
    return sync(SyncOptions.defaults());
  }

  SyncReport sync(boolean full, boolean dryRun, boolean force, boolean nested) {
    SyncOptions o = SyncOptions.defaults().withFullSync(full).withDryRun(dryRun).withForce(force);
    return sync(nested ? nested(o) : o);
  }

  SyncReport sync(SyncOptions options) {
    return sync(options, target);
  }

  SyncReport sync(SyncOptions options, DirectoryTarget on) {
    return new DirectorySync(fixture.connection(), options, on).run();
  }

  static SyncOptions nested(SyncOptions o) {
    return new SyncOptions(
        o.users(),
        o.userGroups(),
        o.userFilter(),
        o.groups(),
        o.groupList(),
        o.groupPrefix(),
        true,
        o.userIds(),
        o.groupIds(),
        o.removedUsers(),
        o.dryRun(),
        o.fullSync(),
        o.deletionGuardPercent(),
        o.force());
  }

  /** Graph requests since the emulator's log was last cleared, batch items left out. */
  List<RecordedRequest> graphRequests() {
    return fixture.httpRequests();
  }

  /** What the target must hold (see {@link DirectorySnapshot#expected}). */
  DirectorySnapshot expected(boolean nested) {
    return DirectorySnapshot.expected(directory(), nested);
  }

  /** What the target holds of the sync's objects. */
  DirectorySnapshot actual() {
    Map<String, List<String>> users = new TreeMap<>();
    target
        .syncedUsers()
        .forEach((id, u) -> users.put(id, Arrays.asList(u.firstName(), u.lastName(), u.email())));
    Map<String, String> groups = new TreeMap<>();
    Map<String, Set<String>> memberships = new TreeMap<>();
    target
        .syncedGroups()
        .forEach(
            (id, g) -> {
              groups.put(id, g.name());
              memberships.put(id, target.memberIds(id));
            });
    return new DirectorySnapshot(users, groups, memberships);
  }

  void assertInStep(boolean nested) {
    DirectorySnapshot expected = expected(nested);
    DirectorySnapshot actual = actual();
    assertThat(actual.users()).isEqualTo(expected.users());
    assertThat(actual.groups()).isEqualTo(expected.groups());
    for (String group : expected.memberships().keySet()) {
      Set<String> missing = new HashSet<>(expected.memberships().get(group));
      missing.removeAll(actual.memberships().getOrDefault(group, Set.of()));
      Set<String> extra = new HashSet<>(actual.memberships().getOrDefault(group, Set.of()));
      extra.removeAll(expected.memberships().get(group));
      assertThat(missing).as("members missing in target group %s", group).isEmpty();
      assertThat(extra).as("members too many in target group %s", group).isEmpty();
    }
    assertThat(actual.memberships().keySet()).isEqualTo(expected.memberships().keySet());
    // the local user and group are untouched
    assertThat(target.localUser("demo").orElseThrow().firstName()).isEqualTo("Demo");
    assertThat(target.localGroupMembers("localgroup")).containsExactly("demo");
  }

  /** A sync expected to run incrementally and leave the target in step. */
  SyncReport expectDelta(String change) {
    SyncReport report = sync();
    assertThat(report.mode()).as("after %s", change).isEqualTo("delta");
    assertInStep(false);
    return report;
  }

  @Override
  public void close() {
    fixture.close();
  }
}
