package io.entraid.connector.camunda.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entraid.connector.camunda.EntraIdProcessEnginePlugin;
import io.entraid.connector.camunda.TestEngines;
import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.sync.DirectorySync;
import io.entraid.connector.core.sync.DirectoryTarget;
import io.entraid.connector.core.sync.SyncOptions;
import io.entraid.connector.core.sync.SyncReport;
import io.entraid.emulator.EntraEmulator;
import io.entraid.emulator.Group;
import io.entraid.emulator.User;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.identity.IdentityOperationResult;
import org.camunda.bpm.engine.impl.identity.db.DbIdentityServiceProvider;
import org.camunda.bpm.engine.impl.persistence.GenericManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #20: on an engine that keeps its identities in its own tables the sync creates users,
 * groups and memberships through the entity manager ({@link DirectIdentityWrites}); with any other
 * identity provider it keeps the IdentityService. Both must leave the identity tables (and the
 * default authorizations) exactly alike, full and incremental runs, and a failed page must leave
 * nothing behind on either path.
 */
class DirectIdentityWritesTest {
  EntraEmulator emulator;
  ProcessEngine direct;
  ProcessEngine api;

  /**
   * Another identity provider (here a subclass of the engine's own, as a plugin would install one):
   * the sync must go through the IdentityService, which calls it.
   */
  public static class OtherProvider extends DbIdentityServiceProvider {
    static final AtomicInteger memberships = new AtomicInteger();

    @Override
    public IdentityOperationResult createMembership(String userId, String groupId) {
      memberships.incrementAndGet();
      return super.createMembership(userId, groupId);
    }
  }

  @BeforeEach
  void start() {
    emulator = EntraEmulator.builder().users(150).groups(12).seed(20L).start();
    // authorization on, so the default authorizations of each new user and group are compared too
    direct =
        TestEngines.start(
            TestEngines.plugin(emulator), config -> config.setAuthorizationEnabled(true));
    api =
        TestEngines.start(
            TestEngines.plugin(emulator),
            config -> {
              config.setAuthorizationEnabled(true);
              config.setIdentityProviderSessionFactory(
                  new GenericManagerFactory(OtherProvider.class));
            });
    OtherProvider.memberships.set(0);
  }

  @AfterEach
  void stop() {
    direct.close();
    api.close();
    emulator.close();
  }

  static ProcessEngineConfigurationImpl config(ProcessEngine engine) {
    return (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
  }

  static CamundaDirectoryTarget target(ProcessEngine engine) {
    return new CamundaDirectoryTarget(config(engine), "default");
  }

  static EntraConnection connection(ProcessEngine engine) {
    return config(engine).getProcessEnginePlugins().stream()
        .filter(EntraIdProcessEnginePlugin.class::isInstance)
        .map(p -> ((EntraIdProcessEnginePlugin) p).getConnectionRegistry().get("default"))
        .findFirst()
        .orElseThrow();
  }

  static SyncReport sync(ProcessEngine engine) {
    return new DirectorySync(connection(engine), SyncOptions.defaults(), target(engine)).run();
  }

  /** The identity tables and the authorizations, row by row, sorted. */
  static Map<String, List<String>> tables(ProcessEngine engine) throws SQLException {
    Map<String, String> queries = new LinkedHashMap<>();
    queries.put("users", "select ID_, REV_, FIRST_, LAST_, EMAIL_, PWD_, SALT_ from ACT_ID_USER");
    queries.put("groups", "select ID_, REV_, NAME_, TYPE_ from ACT_ID_GROUP");
    queries.put("memberships", "select USER_ID_, GROUP_ID_ from ACT_ID_MEMBERSHIP");
    queries.put("info", "select USER_ID_, TYPE_, KEY_, VALUE_ from ACT_ID_INFO");
    queries.put(
        "authorizations",
        "select TYPE_, GROUP_ID_, USER_ID_, RESOURCE_TYPE_, RESOURCE_ID_, PERMS_, REV_"
            + " from ACT_RU_AUTHORIZATION");
    Map<String, List<String>> tables = new LinkedHashMap<>();
    try (Connection c = config(engine).getDataSource().getConnection();
        Statement s = c.createStatement()) {
      for (var query : queries.entrySet()) {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(query.getValue())) {
          int columns = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= columns; i++) row.append(rs.getString(i)).append('|');
            rows.add(row.toString());
          }
        }
        rows.sort(null);
        tables.put(query.getKey(), rows);
      }
    }
    return tables;
  }

  @Test
  void theEngineTablesAfterDirectWritesEqualThoseAfterTheIdentityService() throws SQLException {
    assertThat(target(direct).writesDirectly()).isTrue();
    assertThat(target(api).writesDirectly()).as("another identity provider").isFalse();

    SyncReport first = sync(direct);
    assertThat(OtherProvider.memberships).hasValue(0);
    SyncReport firstApi = sync(api);
    assertThat(first.users().created()).isPositive();
    assertThat(first.memberships().created()).isPositive();
    assertThat(firstApi).usingRecursiveComparison().ignoringFields("duration").isEqualTo(first);
    assertThat(OtherProvider.memberships.get())
        .as("every membership, the marker's included, through the IdentityService")
        .isEqualTo(first.memberships().created() + first.users().created());
    Map<String, List<String>> tables = tables(direct);
    assertThat(tables.get("authorizations")).as("default authorizations of new users").isNotEmpty();
    assertThat(tables(api)).isEqualTo(tables);

    // an incremental run with every kind of change: updates and deletions stay on the API
    var d = emulator.directory();
    List<User> users = d.users().stream().filter(User::accountEnabled).toList();
    d.updateUser(users.get(0).id(), Map.of("givenName", "Renamed"));
    d.updateUser(users.get(1).id(), Map.of("accountEnabled", false));
    d.deleteUser(users.get(2).id());
    User joiner = d.createUser("joiner@" + d.defaultDomain(), "Joiner");
    Group group =
        d.groups().stream()
            .filter(g -> g.securityEnabled() && tables.get("groups").toString().contains(g.id()))
            .findFirst()
            .orElseThrow();
    d.addMember(group.id(), joiner.id());
    d.removeMember(group.id(), d.memberIds(group.id()).get(0));
    Group created =
        d.createGroup(
            Map.of(
                "displayName",
                "New group",
                "mailNickname",
                "newgroup",
                "securityEnabled",
                true,
                "mailEnabled",
                false));
    d.addMember(created.id(), users.get(3).id());

    SyncReport delta = sync(direct);
    SyncReport deltaApi = sync(api);
    assertThat(delta.mode()).isEqualTo("delta");
    assertThat(delta.users().created()).isEqualTo(1);
    assertThat(delta.users().updated()).isEqualTo(1);
    assertThat(delta.users().deleted()).isEqualTo(2);
    assertThat(delta.groups().created()).isEqualTo(1);
    assertThat(deltaApi).usingRecursiveComparison().ignoringFields("duration").isEqualTo(delta);
    assertThat(tables(api)).isEqualTo(tables(direct));
  }

  @Test
  void aFailedPageLeavesNoneOfItsDirectInsertsBehind() throws SQLException {
    CamundaDirectoryTarget target = target(direct);
    Map<String, List<String>> before = tables(direct);
    assertThatThrownBy(
            () ->
                target.inTransaction(
                    () -> {
                      target.createUser(new DirectoryTarget.User("u1", "oid1", "A", "B", "a@b"));
                      target.createGroup(new DirectoryTarget.Group("g1", "goid1", "G"));
                      target.addMember("g1", "u1");
                      throw new IllegalStateException("the page failed");
                    }))
        .hasMessage("the page failed");
    Map<String, List<String>> after = tables(direct);
    assertThat(after).isEqualTo(before);
    assertThat(target.syncedUserCount()).isZero();
  }

  /**
   * The target reads the engine's groups once a run: a group changed by hand between two runs of
   * the same target is seen by the second.
   */
  @Test
  void aTargetRereadsTheGroupsAtEachRunStart() {
    CamundaDirectoryTarget target = target(direct);
    EntraConnection connection = connection(direct);
    SyncReport first = new DirectorySync(connection, SyncOptions.defaults(), target).run();
    String groupId = target.syncedGroupIds().iterator().next();
    var identity = direct.getIdentityService();
    identity.deleteGroup(groupId);
    var local = identity.newGroup(groupId);
    local.setName("Local, made by hand");
    identity.saveGroup(local);

    SyncReport second =
        new DirectorySync(connection, SyncOptions.defaults().withFullSync(true), target).run();
    assertThat(second.skipped())
        .anySatisfy(
            reason ->
                assertThat(reason)
                    .contains(groupId + ": a local group with this id exists and is left alone"));
    assertThat(second.groups().created() + second.groups().unchanged())
        .isEqualTo(first.groups().created() - 1);
    assertThat(identity.createGroupQuery().groupId(groupId).singleResult().getName())
        .isEqualTo("Local, made by hand");
  }

  @Test
  void aMembershipOfAUserThatDoesNotExistFailsItsPageAsThroughTheApi() {
    for (ProcessEngine engine : List.of(direct, api)) {
      CamundaDirectoryTarget target = target(engine);
      target.inTransaction(() -> target.createGroup(new DirectoryTarget.Group("g1", "goid1", "G")));
      assertThatThrownBy(() -> target.inTransaction(() -> target.addMember("g1", "nobody")))
          .as("the page's commit fails, nothing is written")
          .isInstanceOf(RuntimeException.class);
      assertThat(engine.getIdentityService().createUserQuery().memberOfGroup("g1").count())
          .isZero();
    }
  }
}
