package io.entraid.connector.core.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.entraid.emulator.Directory;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The members of synced groups (group-delta.md members@delta, group-list-transitivemembers.md). */
class MembershipPlannerTest {
  SyncFixture world = new SyncFixture(120, 10);

  @AfterEach
  void stop() {
    world.close();
  }

  @Test
  void nestedMembershipBecomesDirectWhenAsked() {
    Directory d = world.directory();
    var parent = d.createGroup(GroupsRoundTest.securityGroup("Parent"));
    var child = d.createGroup(GroupsRoundTest.securityGroup("Child"));
    d.addMember(parent.id(), child.id());
    d.addMember(child.id(), d.users().get(1).id());
    world.sync(false, false, false, true);
    world.assertInStep(true);
    assertThat(world.target.memberIds("parent"))
        .contains(IdMapping.OBJECT_ID.id(d.users().get(1).id(), null, null));

    d.addMember(child.id(), d.users().get(2).id()); // a change below a synced parent
    SyncReport report = world.sync(false, false, false, true);
    assertThat(report.mode()).isEqualTo("delta");
    world.assertInStep(true);
  }

  /**
   * A user deleted and restored keeps its groups in Entra ID, and Graph's delta reports no
   * membership change for it (delta-query-groups.md reports removals only for users deleted for
   * good): the run that restores the user reads its groups.
   */
  @Test
  void aRestoredUserGetsItsMembershipsBack() {
    Directory d = world.directory();
    var group = d.groups().stream().filter(g -> g.securityEnabled()).findFirst().orElseThrow();
    var someone = d.users().stream().filter(u -> u.accountEnabled()).findFirst().orElseThrow();
    if (!d.memberIds(group.id()).contains(someone.id())) d.addMember(group.id(), someone.id());
    world.sync();
    String id = IdMapping.OBJECT_ID.id(someone.id(), null, null);
    assertThat(world.target.memberIds(group.mailNickname())).contains(id);

    d.deleteUser(someone.id());
    world.expectDelta("user deleted");
    assertThat(world.target.syncedUser(id)).isEmpty();
    d.restore(someone.id());
    SyncReport restored = world.expectDelta("user restored");
    assertThat(world.target.memberIds(group.mailNickname())).contains(id);
    assertThat(restored.memberships().created()).isEqualTo(d.memberOfIds(someone.id()).size());
  }

  @Test
  void removedUsersCanStayButLeaveTheirGroups() {
    SyncOptions keep =
        new SyncOptions(
            SyncOptions.UserScope.ALL,
            null,
            null,
            SyncOptions.GroupScope.ALL_SECURITY,
            null,
            null,
            false,
            IdMapping.OBJECT_ID,
            IdMapping.MAIL_NICKNAME,
            SyncOptions.RemovedUsers.REMOVE_FROM_GROUPS,
            false,
            false,
            10,
            false);
    world.sync(keep);
    Directory d = world.directory();
    var group =
        d.groups().stream()
            .filter(g -> g.securityEnabled() && !d.memberIds(g.id()).isEmpty())
            .findFirst()
            .orElseThrow();
    String member =
        d.memberIds(group.id()).stream()
            .filter(id -> d.user(id).isPresent())
            .findFirst()
            .orElseThrow();
    String id = IdMapping.OBJECT_ID.id(member, null, null);
    assertThat(world.target.memberIds(group.mailNickname())).contains(id);

    d.updateUser(member, Map.of("accountEnabled", false));
    SyncReport report = world.sync(keep);

    assertThat(report.users().deleted()).isZero();
    assertThat(report.memberships().deleted()).isPositive();
    assertThat(world.target.syncedUser(id)).isPresent();
    assertThat(world.target.syncedGroupIds())
        .allSatisfy(g -> assertThat(world.target.memberIds(g)).doesNotContain(id));
  }
}
