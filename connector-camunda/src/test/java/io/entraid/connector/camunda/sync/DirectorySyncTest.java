package io.entraid.connector.camunda.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entraid.connector.camunda.EntraIdProcessEnginePlugin;
import io.entraid.connector.camunda.EntraIdTaskFailure;
import io.entraid.connector.camunda.TestEngines;
import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.operation.OperationCatalog;
import io.entraid.connector.core.sync.DirectorySnapshot;
import io.entraid.connector.core.sync.DirectorySync;
import io.entraid.connector.core.sync.DirectoryTarget;
import io.entraid.connector.core.sync.ForwardingDirectoryTarget;
import io.entraid.connector.core.sync.IdMapping;
import io.entraid.connector.core.sync.SyncOptions;
import io.entraid.connector.core.sync.SyncProgress;
import io.entraid.connector.core.sync.SyncReport;
import io.entraid.emulator.AppRegistration;
import io.entraid.emulator.Directory;
import io.entraid.emulator.EntraEmulator;
import io.entraid.emulator.Tenant;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.ibatis.datasource.pooled.PoolState;
import org.apache.ibatis.datasource.pooled.PooledDataSource;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.StrongUuidGenerator;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.spin.json.SpinJsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * syncDirectory in a real engine (H2) against the emulator. After every run, Camunda's identity
 * tables must equal what the emulator's directory says they should be: the exact comparison is
 * {@link #assertInStep}. Each test gets a fresh emulator and engine. The sync's logic (every kind
 * of change, members@delta in parts, nesting, expired tokens, request counts) is tested faster in
 * connector-core against an in-memory target (UsersRoundTest, GroupsRoundTest, ...); these are the
 * integration tests: the engine's identity service, transactions, leases and properties.
 */
class DirectorySyncTest {
  EntraEmulator emulator;
  ProcessEngine engine;
  EntraIdProcessEnginePlugin plugin;
  IdentityService identity;

  /** A second engine node on the same database, in the cluster tests. */
  ProcessEngine secondNode;

  @BeforeEach
  void start() {
    start(120, 10);
  }

  void start(int users, int groups) {
    if (engine != null) stop();
    emulator = EntraEmulator.builder().users(users).groups(groups).seed(31L).start();
    plugin = TestEngines.plugin(emulator);
    engine = TestEngines.start(plugin);
    prepare();
  }

  /** Deploys the sync process and adds a local user and group that must survive every sync. */
  void prepare() {
    identity = engine.getIdentityService();
    engine
        .getRepositoryService()
        .createDeployment()
        .addModelInstance(
            "sync.bpmn",
            Bpmn.createExecutableProcess("sync")
                .camundaHistoryTimeToLive(1)
                .startEvent()
                .serviceTask("syncTask")
                .camundaDelegateExpression("${entraId}")
                .camundaInputParameter("operation", "syncDirectory")
                .camundaInputParameter("connection", "${connection}")
                .camundaInputParameter("fullSync", "${fullSync}")
                .camundaInputParameter("dryRun", "${dryRun}")
                .camundaInputParameter("force", "${force}")
                .camundaInputParameter("nestedAsDirect", "${nestedAsDirect}")
                .camundaInputParameter("resultVariable", "report")
                .userTask("done")
                .endEvent()
                .done())
        .deploy();
    User demo = identity.newUser("demo");
    demo.setFirstName("Demo");
    identity.saveUser(demo);
    var local = identity.newGroup("localgroup");
    local.setName("Local");
    identity.saveGroup(local);
    identity.createMembership("demo", "localgroup");
  }

  @AfterEach
  void stop() {
    if (secondNode != null)
      secondNode.close(); // before the first, whose close drops the shared schema
    secondNode = null;
    engine.close();
    emulator.close();
    engine = null;
  }

  Map<String, Object> sync(boolean full, boolean dryRun, boolean force, boolean nested) {
    return sync(engine, "default", full, dryRun, force, nested);
  }

  static Map<String, Object> sync(
      ProcessEngine on,
      String connection,
      boolean full,
      boolean dryRun,
      boolean force,
      boolean nested) {
    ProcessInstance pi =
        on.getRuntimeService()
            .startProcessInstanceByKey(
                "sync",
                Map.of(
                    "connection",
                    connection,
                    "fullSync",
                    full,
                    "dryRun",
                    dryRun,
                    "force",
                    force,
                    "nestedAsDirect",
                    nested));
    SpinJsonNode report = (SpinJsonNode) on.getRuntimeService().getVariable(pi.getId(), "report");
    return report.mapTo("java.util.HashMap<java.lang.String,java.lang.Object>");
  }

  Map<String, Object> sync() {
    return sync(false, false, false, false);
  }

  // ------------------------------------------------------------------------------- the exact
  // comparison

  /** What Camunda must hold (see {@link DirectorySnapshot#expected}). */
  DirectorySnapshot expected(boolean nested) {
    return DirectorySnapshot.expected(emulator.directory(), nested);
  }

  /** What Camunda holds of the sync's objects. */
  DirectorySnapshot actual() {
    String marker = "entraidsyncdefault";
    Map<String, List<String>> users = new TreeMap<>();
    for (User u : identity.createUserQuery().memberOfGroup(marker).list()) {
      users.put(
          u.getId(), java.util.Arrays.asList(u.getFirstName(), u.getLastName(), u.getEmail()));
    }
    Map<String, String> groups = new TreeMap<>();
    Map<String, Set<String>> memberships = new TreeMap<>();
    for (var g : identity.createGroupQuery().list()) {
      if (g.getType() == null || !g.getType().startsWith("entraid:")) continue;
      groups.put(g.getId(), g.getName());
      Set<String> members = new HashSet<>();
      identity
          .createUserQuery()
          .memberOfGroup(g.getId())
          .list()
          .forEach(u -> members.add(u.getId()));
      memberships.put(g.getId(), members);
    }
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
      assertThat(missing).as("members missing in Camunda group %s", group).isEmpty();
      assertThat(extra).as("members too many in Camunda group %s", group).isEmpty();
    }
    assertThat(actual.memberships().keySet()).isEqualTo(expected.memberships().keySet());
    // the local user and group are untouched
    assertThat(identity.createUserQuery().userId("demo").singleResult().getFirstName())
        .isEqualTo("Demo");
    assertThat(identity.createUserQuery().memberOfGroup("localgroup").list())
        .extracting(User::getId)
        .containsExactly("demo");
  }

  @SuppressWarnings("unchecked")
  static int count(Map<String, Object> report, String kind, String what) {
    return ((Number) ((Map<String, Object>) report.get(kind)).get(what)).intValue();
  }

  // ------------------------------------------------------------------------------------------ the
  // tests

  @Test
  void firstRunIsFullAndMatchesTheDirectoryExactly() {
    Map<String, Object> report = sync();
    assertThat(report.get("mode")).isEqualTo("full");
    assertInStep(false);
    assertThat(count(report, "users", "created"))
        .isEqualTo(expected(false).users().size())
        .isPositive();
    assertThat(count(report, "groups", "created"))
        .isEqualTo(expected(false).groups().size())
        .isPositive();

    Map<String, Object> again = sync();
    assertThat(again.get("mode")).isEqualTo("delta");
    assertThat(
            count(again, "users", "created")
                + count(again, "users", "updated")
                + count(again, "users", "deleted"))
        .isZero();
    assertInStep(false);
  }

  /**
   * A first full sync looks up only the ids the engine already has (reading all of them once), so a
   * local user whose id an Entra user would get is still found, and left alone.
   */
  @Test
  @SuppressWarnings("unchecked")
  void aLocalUserWithTheIdOfAnEntraUserIsFoundByTheFirstFullSyncAndLeftAlone() {
    var entra =
        emulator.directory().users().stream()
            .filter(u -> u.accountEnabled())
            .findFirst()
            .orElseThrow();
    String id = IdMapping.OBJECT_ID.id(entra.id(), null, null);
    User local = identity.newUser(id);
    local.setFirstName("Local");
    identity.saveUser(local);

    Map<String, Object> report = sync();

    assertThat((List<String>) report.get("skipped"))
        .contains("user " + id + ": a local user with this id exists and is left alone");
    assertThat(identity.createUserQuery().userId(id).singleResult().getFirstName())
        .isEqualTo("Local");
    assertThat(count(report, "users", "created")).isEqualTo(expected(false).users().size() - 1);
  }

  @Test
  void theDeletionGuardStopsBeforeDeletingAndForceOverrides() {
    sync();
    int before = actual().users().size();
    List<String> doomed =
        emulator.directory().users().stream().limit(before / 5).map(u -> u.id()).toList();
    doomed.forEach(emulator.directory()::deleteUser);
    assertThatThrownBy(this::sync)
        .isInstanceOf(EntraIdTaskFailure.class)
        .hasMessageContaining(
            "stopped before deleting " + doomed.size() + " of " + before,
            "deletion guard of 10 %",
            "Nothing was deleted",
            "force = true");
    assertThat(actual().users()).hasSize(before);
    Map<String, Object> forced = sync(false, false, true, false);
    assertThat(count(forced, "users", "deleted")).isEqualTo(doomed.size());
    assertInStep(false);
  }

  @Test
  void aDryRunWritesNothing() {
    Map<String, Object> report = sync(false, true, false, false);
    assertThat(report.get("mode")).isEqualTo("dry-run");
    assertThat(count(report, "users", "created")).isEqualTo(expected(false).users().size());
    assertThat(count(report, "memberships", "created")).isPositive();
    assertThat(actual().users()).isEmpty();
    assertThat(actual().groups()).isEmpty();
    assertThat(engine.getManagementService().getProperties().keySet())
        .noneMatch(k -> k.startsWith("entraid.sync."));
    assertThat(sync().get("mode")).isEqualTo("full");
    assertInStep(false);
  }

  @Test
  void stateIsOverwrittenWithinOneTransactionAndShrinks() {
    ProcessEngineConfigurationImpl config =
        (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    CamundaDirectoryTarget t = new CamundaDirectoryTarget(config, "default");
    String longLink = "https://graph/v1.0/users/delta?$deltatoken=" + "y".repeat(700);
    t.inTransaction(() -> t.state().put("users.deltaLink", longLink));
    t.inTransaction(
        () -> {
          t.state().put("users.deltaLink", longLink + "z");
          t.state().put("users.deltaLink", "short");
        });
    assertThat(t.state().get("users.deltaLink")).contains("short");
    assertThat(
            engine.getManagementService().getProperties().keySet().stream()
                .filter(k -> k.contains("users.deltaLink")))
        .containsExactlyInAnyOrder(
            "entraid.sync.default.users.deltaLink.0", "entraid.sync.default.users.deltaLink.parts");
    t.inTransaction(() -> t.state().remove("users.deltaLink"));
    assertThat(t.state().get("users.deltaLink")).isEmpty();
  }

  @Test
  void aCrashMidRunIsRepairedAndResumedByTheNextRun() {
    start(350, 10);
    emulator.faults().maxDeltaPageSize(100); // several pages of users
    EntraConnection connection = plugin.getConnectionRegistry().get("default");
    ProcessEngineConfigurationImpl config =
        (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    DirectoryTarget crashing = crashAfter(new CamundaDirectoryTarget(config, "default"), 2);
    assertThatThrownBy(() -> new DirectorySync(connection, SyncOptions.defaults(), crashing).run())
        .hasMessageContaining("simulated crash");
    int written = actual().users().size();
    assertThat(written).isPositive().isLessThan(expected(false).users().size());

    emulator.clearRequests();
    SyncReport rerun =
        new DirectorySync(
                connection, SyncOptions.defaults(), new CamundaDirectoryTarget(config, "default"))
            .run();
    assertThat(rerun.mode()).isEqualTo("full");
    assertInStep(false);
    long userPages =
        emulator.requests().stream().filter(r -> r.path().equals("/v1.0/users/delta")).count();
    assertThat(userPages).as("resumed, not started over").isLessThan(4);
    assertThat(sync().get("mode")).isEqualTo("delta");
    assertInStep(false);
  }

  @Test
  void aRunReportsItsProgressAfterEveryPageAndTheUsersOfEachPageAreAlreadyCommitted() {
    start(350, 10);
    emulator.faults().maxDeltaPageSize(100); // several pages of users
    EntraConnection connection = plugin.getConnectionRegistry().get("default");
    ProcessEngineConfigurationImpl config =
        (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    List<SyncProgress> reported = new ArrayList<>();
    List<Long> committed = new ArrayList<>();
    new DirectorySync(
            connection,
            SyncOptions.defaults(),
            new CamundaDirectoryTarget(config, "default"),
            progress -> {
              reported.add(progress);
              // what another node sees meanwhile: the users written so far, read outside the sync's
              // transactions
              if (progress.round().equals("users"))
                committed.add(new CamundaDirectoryTarget(config, "default").syncedUserCount());
            })
        .run();

    long userPages =
        emulator.requests().stream().filter(r -> r.path().equals("/v1.0/users/delta")).count();
    long groupPages =
        emulator.requests().stream().filter(r -> r.path().equals("/v1.0/groups/delta")).count();
    assertThat(userPages).isEqualTo(4);
    assertThat(reported)
        .hasSize((int) (userPages + groupPages + 1)); // one per page, one at the end
    assertThat(reported.subList(0, reported.size() - 1)).noneMatch(SyncProgress::finished);
    assertThat(reported.stream().map(SyncProgress::users).toList())
        .startsWith(100, 200, 300, 350)
        .isSorted();
    SyncProgress last = reported.get(reported.size() - 1);
    assertThat(last.finished()).isTrue();
    assertThat(last.users()).isEqualTo(350);
    assertThat(last.groups()).isEqualTo(emulator.directory().groups().size());
    assertThat(last.pages()).isGreaterThanOrEqualTo((int) (userPages + groupPages));
    assertThat(committed.subList(0, (int) userPages))
        .isSorted()
        .first()
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LONG)
        .isPositive();
    assertThat(committed.get((int) userPages - 1)).isEqualTo(expected(false).users().size());
  }

  SyncReport run(SyncOptions options) {
    ProcessEngineConfigurationImpl config =
        (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    return new DirectorySync(
            plugin.getConnectionRegistry().get("default"),
            options,
            new CamundaDirectoryTarget(config, "default"))
        .run();
  }

  static SyncOptions options(IdMapping userIds, SyncOptions.RemovedUsers removed) {
    return new SyncOptions(
        SyncOptions.UserScope.ALL,
        List.of(),
        null,
        SyncOptions.GroupScope.ALL_SECURITY,
        List.of(),
        null,
        false,
        userIds,
        IdMapping.MAIL_NICKNAME,
        removed,
        false,
        false,
        10,
        false);
  }

  @Test
  void anIdMadeFromTheObjectIdStoresNothingAndStillLeadsBackToTheObjectId() {
    ProcessEngineConfigurationImpl config =
        (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    CamundaDirectoryTarget target = new CamundaDirectoryTarget(config, "default");
    String objectId = "0b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d";
    String id = IdMapping.OBJECT_ID.id(objectId, null, null);
    target.inTransaction(
        () -> target.createUser(new DirectoryTarget.User(id, objectId, "Ada", "Lovelace", null)));
    target.inTransaction(
        () ->
            target.createUser(
                new DirectoryTarget.User(
                    "adaupn", "11111111-2222-3333-4444-555555555555", "Ada", "Upn", null)));

    assertThat(identity.getUserInfoKeys(id)).as("no ACT_ID_INFO row to scan for").isEmpty();
    CamundaDirectoryTarget nextRun = new CamundaDirectoryTarget(config, "default");
    assertThat(nextRun.syncedUser(id).map(DirectoryTarget.User::objectId)).contains(objectId);
    assertThat(nextRun.syncedUserIdByObjectId(objectId))
        .as("e.g. after switching to another id mapping")
        .contains(id);
    assertThat(nextRun.syncedUserIdByObjectId("11111111-2222-3333-4444-555555555555"))
        .contains("adaupn");
  }

  @Test
  void removedUsersCanStayButLeaveTheirGroups() {
    SyncOptions keep = options(IdMapping.OBJECT_ID, SyncOptions.RemovedUsers.REMOVE_FROM_GROUPS);
    run(keep);
    Directory d = emulator.directory();
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
    String camundaId = IdMapping.OBJECT_ID.id(member, null, null);
    assertThat(
            identity
                .createUserQuery()
                .memberOfGroup(group.mailNickname())
                .userId(camundaId)
                .count())
        .isEqualTo(1);
    d.updateUser(member, Map.of("accountEnabled", false));
    SyncReport report = run(keep);
    assertThat(report.users().deleted()).isZero();
    assertThat(identity.createUserQuery().userId(camundaId).count()).isEqualTo(1);
    assertThat(identity.createGroupQuery().groupMember(camundaId).list())
        .allSatisfy(g -> assertThat(g.getType()).doesNotStartWith("entraid:"));
  }

  @Test
  void idsTheEngineRefusesAreSkippedAndReported() {
    SyncReport report = run(options(IdMapping.UPN, SyncOptions.RemovedUsers.DELETE));
    assertThat(report.users().created()).isZero();
    assertThat(report.skipped())
        .hasSize(expected(false).users().size())
        .allSatisfy(
            reason ->
                assertThat(reason)
                    .contains("is not accepted by the engine's id rules", "whitelist"));
    assertThat(actual().users()).isEmpty();
  }

  @Test
  void principalNamesAsIdsWithAWiderWhitelist() {
    engine.close();
    engine = TestEngines.start(plugin, c -> c.setUserResourceWhitelistPattern("[a-zA-Z0-9._@-]+"));
    identity = engine.getIdentityService();
    SyncOptions upn = options(IdMapping.UPN, SyncOptions.RemovedUsers.DELETE);
    run(upn);
    var someone = emulator.directory().users().get(3);
    assertThat(identity.createUserQuery().userId(someone.userPrincipalName().toLowerCase()).count())
        .isEqualTo(1);
    emulator.directory().deleteUser(someone.id()); // the delta reports only the object id
    SyncReport report = run(upn);
    assertThat(report.mode()).isEqualTo("delta");
    assertThat(report.users().deleted()).isEqualTo(1);
    assertThat(identity.createUserQuery().userId(someone.userPrincipalName().toLowerCase()).count())
        .isZero();
  }

  // ------------------------------------------------------------------------------------------ in a
  // cluster

  static final Duration LEASE = Duration.ofMinutes(5);

  static ProcessEngineConfigurationImpl config(ProcessEngine engine) {
    return (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
  }

  static SyncSettings settings(String node, Clock clock) {
    return new SyncSettings(2, LEASE, node, clock);
  }

  /**
   * The plugin of one node: its name in leases, its clock, and a listener told of every page its
   * syncs read.
   */
  EntraIdProcessEnginePlugin nodePlugin(String node, Clock clock, SyncProgress.Listener listener) {
    EntraIdProcessEnginePlugin nodePlugin = TestEngines.plugin(emulator);
    nodePlugin.setOperationCatalog(
        OperationCatalog.standard(new CamundaSyncTargets(listener, settings(node, clock))));
    return nodePlugin;
  }

  /**
   * Two engines, node-a and node-b, on one database; node-b's clock runs {@code bAhead} ahead of
   * node-a's.
   */
  void startTwoNodes(Duration bAhead, SyncProgress.Listener listener) {
    String url = "jdbc:h2:mem:shared-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    engine.close();
    plugin = nodePlugin("node-a", Clock.systemUTC(), listener);
    engine =
        TestEngines.start(
            plugin, c -> c.setJdbcUrl(url)); // creates the schema (and drops it on close)
    secondNode =
        TestEngines.start(
            nodePlugin("node-b", Clock.offset(Clock.systemUTC(), bAhead), listener),
            c -> {
              c.setJdbcUrl(url);
              c.setDatabaseSchemaUpdate("false");
            });
    prepare();
  }

  static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(60, TimeUnit.SECONDS)).as("waited for the other thread").isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Both nodes start the same connection's sync at once: exactly one reads and writes, the other
   * names the holder.
   */
  @Test
  void twoNodesStartingTheSameSyncAtOnceHaveExactlyOneWriter() throws Exception {
    CountDownLatch oneEnded = new CountDownLatch(1);
    // the run that writes stays inside until the other run has ended, so the two surely overlap
    startTwoNodes(
        Duration.ZERO,
        progress -> {
          if (!progress.finished()) await(oneEnded);
        });
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      List<Future<Map<String, Object>>> runs = new ArrayList<>();
      for (ProcessEngine node : List.of(engine, secondNode)) {
        runs.add(
            threads.submit(
                () -> {
                  try {
                    return sync(node, "default", false, false, false, false);
                  } finally {
                    oneEnded.countDown();
                  }
                }));
      }
      List<Map<String, Object>> reports = new ArrayList<>();
      for (Future<Map<String, Object>> run : runs) reports.add(run.get(120, TimeUnit.SECONDS));

      assertThat(reports)
          .extracting(r -> r.get("mode"))
          .containsExactlyInAnyOrder("full", "skipped");
      String writer = "full".equals(reports.get(0).get("mode")) ? "node-a" : "node-b";
      Map<String, Object> other =
          reports.stream().filter(r -> "skipped".equals(r.get("mode"))).findFirst().orElseThrow();
      assertThat((String) other.get("reason"))
          .contains(
              "another run holds the lease of connection 'default': node " + writer + ", since ",
              ", until ",
              "this run wrote nothing");
      assertThat(count(other, "users", "created") + count(other, "memberships", "created"))
          .isZero();
      assertThat(emulator.requests())
          .filteredOn(r -> r.path().equals("/v1.0/users/delta"))
          .as("one reader")
          .hasSize(1);
      assertInStep(false);
    } finally {
      threads.shutdownNow();
    }
  }

  /**
   * A job re-run while a live lease exists ends with the holder named; once the lease lapsed, a run
   * takes it over.
   */
  @Test
  void aLeaseLeftByADeadNodeHoldsWhileLiveAndIsTakenOverOnceItLapsed() {
    startTwoNodes(LEASE.plusMinutes(1), SyncProgress.Listener.NONE);
    // a run on a node that dies right after taking the lease: never renewed, never given up
    assertThat(
            new CamundaDirectoryTarget(config(engine), "default", settings("node-dead", null))
                .lease()
                .acquire())
        .isEmpty();

    Map<String, Object> whileLive = sync();
    assertThat(whileLive.get("mode")).isEqualTo("skipped");
    assertThat((String) whileLive.get("reason"))
        .contains("another run holds the lease of connection 'default': node node-dead");
    assertThat(actual().users()).isEmpty();

    Map<String, Object> afterLapse =
        sync(secondNode, "default", false, false, false, false); // its clock is past the lease
    assertThat(afterLapse.get("mode")).isEqualTo("full");
    assertInStep(false);
    assertThat(engine.getManagementService().getProperties().get("entraid.sync.default.lease"))
        .endsWith("|node-b");
  }

  /**
   * A run that stalled past its lease (a long GC pause, a frozen VM) while another node took over
   * must not write on when it wakes up: its next commit checks the lease, rolls back and the run
   * ends with a report.
   */
  @Test
  void aRunThatOutlivedItsLeaseStopsAtItsNextCommitAndTheTakerWritesOn() throws Exception {
    start(350, 10);
    emulator.faults().maxDeltaPageSize(100); // several pages of users
    startTwoNodes(LEASE.plusMinutes(1), SyncProgress.Listener.NONE);
    CountDownLatch stalled = new CountDownLatch(1);
    CountDownLatch wakeUp = new CountDownLatch(1);
    AtomicInteger commitsAfterWakeUp = new AtomicInteger();
    DirectoryTarget nodeA =
        new Hooked(
            new CamundaDirectoryTarget(config(engine), "default", settings("node-a", null)),
            () -> {},
            () -> {
              if (wakeUp.getCount() == 0) commitsAfterWakeUp.incrementAndGet();
            });
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      Future<SyncReport> sleeper =
          thread.submit(
              () ->
                  new DirectorySync(
                          plugin.getConnectionRegistry().get("default"),
                          SyncOptions.defaults(),
                          nodeA,
                          progress -> {
                            if (progress.pages() == 1 && !progress.finished()) {
                              stalled.countDown();
                              await(wakeUp);
                            }
                          })
                      .run());
      await(stalled);
      assertThat(actual().users()).as("node-a's first page").hasSize(100);

      Map<String, Object> taker =
          sync(secondNode, "default", false, false, false, false); // node-a's lease lapsed for it
      assertThat(taker.get("mode")).isEqualTo("full");
      assertInStep(false);
      DirectorySnapshot written = actual();

      wakeUp.countDown();
      SyncReport woken = sleeper.get(120, TimeUnit.SECONDS);
      assertThat(woken.mode()).isEqualTo("skipped");
      assertThat(woken.reason())
          .contains(
              "the lease of connection 'default' was taken over by another run (node node-b",
              "this run stopped without writing on");
      assertThat(commitsAfterWakeUp).hasValue(0);
      assertThat(actual()).isEqualTo(written);
    } finally {
      thread.shutdownNow();
    }
  }

  /**
   * Several connections' syncs started at once on one node whose pool has 4 connections: two run
   * (the node's bound), the third ends at once with a report, and the pool keeps room for other
   * work meanwhile; a running sync holds at most two connections at once.
   */
  @Test
  void syncsStartedAtOnceStayWithinTheNodesBoundAndLeaveThePoolRoomForOtherWork() throws Exception {
    Map<String, Map<String, String>> connections = new LinkedHashMap<>();
    for (String name : List.of("east", "west", "north")) {
      Tenant tenant = emulator.addTenant(name + ".onmicrosoft.com");
      for (int i = 0; i < 30; i++)
        tenant.directory().createUser("user" + i + "@" + tenant.domain(), "User " + i);
      AppRegistration app =
          tenant.registerApp("sync", Set.of("User.Read.All", "GroupMember.Read.All"));
      connections.put(
          name,
          Map.of(
              "TenantID",
              tenant.tenantId(),
              "ClientID",
              app.clientId(),
              "ClientSecret",
              app.secret().value(),
              "AuthorityHost",
              emulator.authorityHost(),
              "GraphEndpoint",
              emulator.graphEndpoint()));
    }
    CountDownLatch paused = new CountDownLatch(2);
    CountDownLatch resume = new CountDownLatch(1);
    engine.close();
    plugin =
        nodePlugin(
            "node-a",
            null,
            progress -> {
              if (progress.pages() == 1 && !progress.finished()) {
                paused.countDown();
                await(resume);
              }
            });
    plugin.setConnections(connections);
    PooledDataSource pooled =
        new PooledDataSource(
            "org.h2.Driver",
            "jdbc:h2:mem:pool-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=1000",
            "sa",
            "");
    pooled.setPoolMaximumActiveConnections(4);
    ConnectionsPerThread held = new ConnectionsPerThread();
    engine =
        TestEngines.start(
            plugin,
            c -> {
              c.setDataSource(held.wrap(pooled));
              // Spring Boot's default and Camunda's advice for clusters; the plain engine's
              // DbIdGenerator fetches each block
              // of 100 ids in a transaction of its own, a third connection for a moment
              c.setIdGenerator(new StrongUuidGenerator());
            });
    prepare();
    PoolState pool = pooled.getPoolState();

    ExecutorService threads =
        Executors.newFixedThreadPool(
            3, runnable -> new Thread(runnable, "sync-" + UUID.randomUUID()));
    try {
      ExecutorCompletionService<Map<String, Object>> runs =
          new ExecutorCompletionService<>(threads);
      for (String name : connections.keySet())
        runs.submit(() -> sync(engine, name, false, false, false, false));
      Map<String, Object> first = runs.poll(120, TimeUnit.SECONDS).get();

      assertThat(first.get("mode")).isEqualTo("skipped");
      assertThat((String) first.get("reason"))
          .contains("this node already runs 2 directory syncs, its limit");
      await(paused);

      // meanwhile, what REST calls do: the two running syncs hold one connection each between their
      // pages
      assertThat(pool.getActiveConnectionCount()).isLessThanOrEqualTo(2);
      assertThat(engine.getRuntimeService().createProcessInstanceQuery().count())
          .as("the skipped run's instance")
          .isOne();
      assertThat(identity.createUserQuery().userId("demo").count()).isOne();

      resume.countDown();
      List<Object> modes = new ArrayList<>();
      for (int i = 0; i < 2; i++) modes.add(runs.poll(120, TimeUnit.SECONDS).get().get("mode"));
      assertThat(modes).containsExactly("full", "full");
      assertThat(identity.createUserQuery().count()).isEqualTo(1 + 2 * 30);
      // a request may wait a moment at the start, while the skipped run still holds its command's
      // connection, but no
      // holder ever stalled long enough for the pool to take its connection away (MyBatis does
      // after 20 s)
      assertThat(pool.getClaimedOverdueConnectionCount())
          .as("connections taken from a stalled holder")
          .isZero();
      assertThat(held.most.entrySet())
          .filteredOn(e -> e.getKey().startsWith("sync-"))
          .extracting(Map.Entry::getValue)
          .as(
              "connections held at once: a running sync its command's and one for a page, the skipped run its own")
          .containsExactlyInAnyOrder(2, 2, 1);
    } finally {
      threads.shutdownNow();
    }
  }

  /** Counts the pooled connections each thread holds at once; the most per thread name. */
  static final class ConnectionsPerThread {
    final Map<String, Integer> most = new java.util.concurrent.ConcurrentHashMap<>();
    private final ThreadLocal<int[]> open = ThreadLocal.withInitial(() -> new int[1]);

    DataSource wrap(DataSource pool) {
      return proxy(
          DataSource.class,
          pool,
          (method, result) -> {
            if (!method.getName().equals("getConnection")) return result;
            int now = ++open.get()[0];
            most.merge(Thread.currentThread().getName(), now, Math::max);
            return proxy(
                Connection.class,
                result,
                (m, r) -> {
                  if (m.getName().equals("close")) open.get()[0]--;
                  return r;
                });
          });
    }

    @SuppressWarnings("unchecked")
    static <T> T proxy(
        Class<T> type, Object target, java.util.function.BiFunction<Method, Object, Object> after) {
      return (T)
          Proxy.newProxyInstance(
              type.getClassLoader(),
              new Class<?>[] {type},
              (p, method, args) -> {
                try {
                  return after.apply(method, method.invoke(target, args));
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              });
    }
  }

  /**
   * A target that dies inside its n-th transaction, like a JVM killed mid-page: that page is rolled
   * back.
   */
  static DirectoryTarget crashAfter(DirectoryTarget delegate, int transactions) {
    AtomicInteger seen = new AtomicInteger();
    return new Hooked(
        delegate,
        () -> {
          if (seen.incrementAndGet() > transactions)
            throw new IllegalStateException("simulated crash");
        },
        () -> {});
  }

  /**
   * A target that runs {@code inside} at the end of each transaction and {@code committed} after
   * each commit.
   */
  static final class Hooked extends ForwardingDirectoryTarget {
    private final Runnable inside;
    private final Runnable committed;

    Hooked(DirectoryTarget delegate, Runnable inside, Runnable committed) {
      super(delegate);
      this.inside = inside;
      this.committed = committed;
    }

    @Override
    public void inTransaction(Runnable work) {
      delegate.inTransaction(
          () -> {
            work.run();
            inside.run();
          });
      committed.run();
    }
  }
}
