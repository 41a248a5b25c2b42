package io.entraid.connector.core.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.entraid.emulator.Directory;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The groups round (group-delta.md, delta-query-groups.md) against the emulator over HTTPS, into an
 * in-memory target.
 */
class GroupsRoundTest {
  SyncFixture world = new SyncFixture(120, 10);

  @AfterEach
  void stop() {
    world.close();
  }

  static Map<String, Object> securityGroup(String name) {
    return Map.of(
        "displayName",
        name,
        "mailNickname",
        name.toLowerCase().replace(" ", ""),
        "securityEnabled",
        true,
        "mailEnabled",
        false);
  }

  @Test
  void everyKindOfGroupChangeIsFollowedIncrementally() {
    world.sync();
    Directory d = world.directory();
    var someone = d.users().stream().filter(u -> u.accountEnabled()).findFirst().orElseThrow();
    var group = d.groups().stream().filter(g -> g.securityEnabled()).findFirst().orElseThrow();
    var newGroup = d.createGroup(securityGroup("Fresh group"));
    d.addMember(newGroup.id(), someone.id());
    SyncReport added = world.expectDelta("group added with member");
    assertThat(added.groups().created()).isOne();
    assertThat(added.memberships().created()).isOne();
    d.updateGroup(group.id(), Map.of("displayName", "Renamed group"));
    assertThat(world.expectDelta("group renamed").groups().updated()).isOne();
    if (!d.memberIds(group.id()).contains(someone.id())) d.addMember(group.id(), someone.id());
    world.expectDelta("member added");
    d.removeMember(group.id(), someone.id());
    assertThat(world.expectDelta("member removed").memberships().deleted()).isOne();
    d.updateGroup(group.id(), Map.of("securityEnabled", false));
    assertThat(world.expectDelta("group out of scope").groups().deleted()).isOne();
    d.deleteGroup(newGroup.id());
    assertThat(world.expectDelta("group deleted").groups().deleted()).isOne();
  }

  /**
   * delta-query-groups.md "Paging through members in a large group": a group's members@delta comes
   * in parts, the same group on several pages. The sync merges the parts: after a full and a delta
   * run the target equals the directory, whatever the part size.
   */
  @ParameterizedTest(name = "members@delta in parts of {0}")
  @ValueSource(ints = {1, 2, 20})
  void largeGroupsInPartsAreMerged(int membersPerPart) {
    world.emulator.faults().deltaMembersPerPart(membersPerPart);
    Directory d = world.directory();
    var group = d.groups().stream().filter(g -> g.securityEnabled()).findFirst().orElseThrow();
    for (var u : d.users().subList(0, 45)) {
      if (!d.memberIds(group.id()).contains(u.id())) d.addMember(group.id(), u.id());
    }
    assertThat(world.sync().mode()).isEqualTo("full");
    world.assertInStep(false);

    for (var u : d.users().subList(0, 10)) d.removeMember(group.id(), u.id());
    for (var u : d.users().subList(45, 70)) {
      if (!d.memberIds(group.id()).contains(u.id())) d.addMember(group.id(), u.id());
    }
    world.expectDelta("members added and removed, in parts of " + membersPerPart);
  }

  /**
   * delta-query-overview.md "Synchronization reset": a groups delta link Graph no longer knows
   * (here: a token it never issued) makes the groups round read all groups again, while the users
   * round stays incremental.
   */
  @Test
  void anUnknownGroupsDeltaTokenRereadsAllGroupsOnly() {
    world.sync();
    Directory d = world.directory();
    var group = d.groups().stream().filter(g -> g.securityEnabled()).findFirst().orElseThrow();
    d.updateGroup(group.id(), Map.of("displayName", "Renamed meanwhile"));
    String link = world.target.storedState().get("groups.deltaLink");
    world.target.inTransaction(
        () ->
            world
                .target
                .state()
                .put(
                    "groups.deltaLink", link.replaceAll("deltatoken=[^&]*", "deltatoken=unknown")));
    world.emulator.clearRequests();

    SyncReport report = world.sync();

    assertThat(report.mode()).isEqualTo("full");
    assertThat(report.users().created() + report.users().updated()).isZero();
    assertThat(report.groups().updated()).isOne();
    assertThat(world.graphRequests())
        .filteredOn(r -> r.path().equals("/v1.0/groups/delta"))
        .hasSize(2)
        .first()
        .satisfies(r -> assertThat(r.status()).isEqualTo(400));
    world.assertInStep(false);
    assertThat(world.target.storedState().get("groups.deltaLink")).doesNotContain("unknown");
  }
}
