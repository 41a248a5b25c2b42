package io.entraid.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.entraid.emulator.EntraEmulator;
import io.entraid.emulator.Group;
import io.entraid.emulator.RecordedRequest;
import io.entraid.emulator.User;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.builder.ServiceTaskBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;

/**
 * Issue #16, the cluster reliability suite: PostgreSQL (Debian's package, started by {@code
 * scripts/start-postgres.sh}), one standalone emulator playing the tenant (in this JVM, driven
 * through its fault switches; the nodes reach it over HTTPS like Entra ID) and two packaged
 * example-app nodes in real-tenant mode sharing the database. Each scenario records its figures;
 * they are printed as a table and written to {@code target/reliability/reliability.json}, from
 * which the README's Reliability section is generated ({@link ReliabilityReadmeTest}).
 *
 * <p>Run with {@code mvn -B -pl example-process -am verify -Preliability} ({@code
 * -Dreliability.size=full} for the README's figures). Not part of the default build.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReliabilityIT {
  /** What a size tries. */
  record Size(
      String name,
      int users,
      int groups,
      int pageSize,
      int accessRequests,
      int stormSeconds,
      int burstSeconds,
      int downSeconds,
      int ambiguousCreates) {}

  static final Size CI = new Size("ci", 3_000, 300, 200, 400, 20, 10, 30, 10);
  static final Size FULL = new Size("full", 20_000, 2_000, 999, 1_000, 60, 30, 120, 30);
  static final Size SIZE = "full".equals(System.getProperty("reliability.size")) ? FULL : CI;

  private static final String ADMIN = "opsadmin";
  private static final String ADMIN_PASSWORD = "Adm1n-" + java.util.UUID.randomUUID();
  private static final int PG_PORT = Integer.getInteger("reliability.pg-port", 55433);
  private static final Path OUT = Path.of("target", "reliability");
  private static final Path PG_DATA = OUT.resolve("pg").toAbsolutePath();
  private static final Duration SCENARIO_TIMEOUT = Duration.ofMinutes(SIZE == FULL ? 20 : 6);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Memberships added in the tenant before the kill in the memberships phase. */
  private static final int NEW_MEMBERSHIPS = SIZE == FULL ? 3_000 : 1_000;

  private static final Map<String, Object> FIGURES = new LinkedHashMap<>();
  private static final List<String> HTTP_BODIES = new ArrayList<>();
  private static EntraEmulator emu;
  private static Connection db;
  private static ExampleApp nodeA;
  private static ExampleApp nodeB;
  private static int nodeStarts;
  private static Instant suiteStart;

  // ---------------------------------------------------------------------------------------------
  // machinery

  @BeforeAll
  static void start() throws Exception {
    suiteStart = Instant.now();
    Files.createDirectories(OUT);
    script("start-postgres.sh");
    db = DriverManager.getConnection(jdbcUrl(), "camunda", "camunda");
    try (Statement s = db.createStatement()) {
      s.execute("DROP SCHEMA public CASCADE");
      s.execute("CREATE SCHEMA public");
    }
    emu =
        EntraEmulator.builder()
            .users(SIZE.users())
            .groups(SIZE.groups())
            .seed(16)
            .threads(16)
            .start();
    emu.faults().maxDeltaPageSize(SIZE.pageSize());
    FIGURES.put(
        "setup",
        map(
            "size", SIZE.name(),
            "users", SIZE.users(),
            "groups", SIZE.groups(),
            "deltaPageSize", SIZE.pageSize(),
            "database", "PostgreSQL " + query("SHOW server_version").get(0).get(0),
            "nodes", 2));
    nodeA = node("node-a");
    nodeB = node("node-b");
    deploy();
  }

  /** A scenario's faults end with it, also when it fails. */
  @AfterEach
  void endFaults() {
    emu.faults().reset().maxDeltaPageSize(SIZE.pageSize());
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      FIGURES.put(
          "suite",
          map(
              "nodeStarts",
              nodeStarts,
              "seconds",
              Duration.between(suiteStart, Instant.now()).toSeconds()));
      writeFigures();
    } finally {
      if (nodeA != null) nodeA.close();
      if (nodeB != null) nodeB.close();
      if (emu != null) emu.close();
      if (db != null) db.close();
      script("stop-postgres.sh");
    }
  }

  private static String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + PG_PORT + "/camunda";
  }

  private static void script(String name) throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder("bash", Path.of("scripts", name).toString())
            .redirectErrorStream(true)
            .redirectOutput(OUT.resolve(name + ".log").toFile());
    builder.environment().put("EXAMPLE_PG_PORT", String.valueOf(PG_PORT));
    builder.environment().put("EXAMPLE_PG_DATA", PG_DATA.toString());
    Process process = builder.start();
    assertThat(process.waitFor(10, TimeUnit.MINUTES)).as(name + " finished").isTrue();
    assertThat(process.exitValue())
        .as("%s failed: %s", name, Files.readString(OUT.resolve(name + ".log")))
        .isZero();
  }

  /**
   * An app node: the packaged jar, postgres profile, real-tenant mode against the emulator, a
   * second and third connection to the same tenant (several connections syncing on one node).
   */
  private static ExampleApp node(String name) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("ENTRA_TENANT_ID", emu.tenantId());
    env.put("ENTRA_CLIENT_ID", emu.clientId());
    env.put("ENTRA_CLIENT_SECRET", emu.clientSecret());
    env.put("ADMIN_USER", ADMIN);
    env.put("ADMIN_PASSWORD", ADMIN_PASSWORD);
    env.put("EXAMPLE_PG_PORT", String.valueOf(PG_PORT));
    String connections = "--camunda.bpm.plugin.entraid.connections.";
    List<String> args =
        new ArrayList<>(
            List.of(
                "--spring.profiles.active=postgres",
                connections + "default.parameters.AuthorityHost=" + emu.authorityHost(),
                connections + "default.parameters.GraphEndpoint=" + emu.graphEndpoint(),
                "--camunda.bpm.generic-properties.properties.hostname=" + name,
                "--camunda.bpm.plugin.entraid.sync.node-name=" + name,
                "--camunda.bpm.plugin.entraid.sync.lease-duration=PT30S",
                "--camunda.bpm.plugin.entraid.http.deadline=20s",
                "--camunda.bpm.plugin.entraid.health-cache-ttl=3s",
                // a killed node's job is picked up again soon; a long sync outlives this lock
                "--camunda.bpm.job-execution.lock-time-in-millis=30000",
                "--example.sync.cron=0 0 0 1 1 ?", // no nightly sync during the suite (New Year
                // only)
                // the example triggers record their baseline at the first start, then stay quiet:
                // their delta polls would be counted as the sync's pages
                "--example.triggers.poll-interval=P1D",
                "--" + HaltAt.PROPERTY + "=" + haltFile(name).toAbsolutePath()));
    for (String other : List.of("second", "third")) {
      args.add(connections + other + ".type=EntraID");
      // placeholders: the secret stays in the environment, off the command line
      args.add(connections + other + ".parameters.TenantID=${ENTRA_TENANT_ID}");
      args.add(connections + other + ".parameters.ClientID=${ENTRA_CLIENT_ID}");
      args.add(connections + other + ".parameters.ClientSecret=${ENTRA_CLIENT_SECRET}");
      args.add(connections + other + ".parameters.AuthorityHost=" + emu.authorityHost());
      args.add(connections + other + ".parameters.GraphEndpoint=" + emu.graphEndpoint());
      args.add(connections + other + ".policy.processes=entra-*");
    }
    nodeStarts++;
    return ExampleApp.start(
        "reliability-" + name + "-" + nodeStarts,
        env,
        List.of(
            "-Djavax.net.ssl.trustStore=" + emu.trustStorePath().toAbsolutePath(),
            "-Djavax.net.ssl.trustStorePassword=" + emu.trustStorePassword(),
            "-Djavax.net.ssl.trustStoreType=PKCS12"),
        args);
  }

  /** The file that makes the node's next sync run halt at the point it names ({@link HaltAt}). */
  private static Path haltFile(String node) {
    return OUT.resolve("halt-" + node);
  }

  private static Rest rest() {
    return nodeA.rest;
  }

  /** The suite's processes: their keys start with entra- so the connections' policy admits them. */
  private static void deploy() {
    var access =
        entra(
                Bpmn.createExecutableProcess("entra-reliability-access")
                    .camundaHistoryTimeToLive(1)
                    .startEvent()
                    .serviceTask("check"),
                "checkGroupMembership")
            .camundaInputParameter("user", "${upn}")
            .camundaInputParameter("groups", "${group}")
            .camundaInputParameter("transitive", "false")
            .camundaInputParameter("resultVariable", "isMember")
            .exclusiveGateway("member")
            .condition("yes", "${isMember}")
            .endEvent("already")
            .moveToLastGateway()
            .condition("no", "${!isMember}")
            .serviceTask("add");
    String accessXml =
        Bpmn.convertToString(
            entra(access, "addGroupMembers")
                .camundaInputParameter("group", "${group}")
                .camundaInputParameter("members", "${upn}")
                .endEvent("added")
                .done());
    var sync =
        entra(
            Bpmn.createExecutableProcess("entra-reliability-sync")
                .camundaHistoryTimeToLive(1)
                .startEvent()
                .serviceTask("sync"),
            "syncDirectory");
    String syncXml =
        Bpmn.convertToString(
            sync.camundaInputParameter("connection", "${connection}")
                .camundaInputParameter("users", "${users}")
                .camundaInputParameter("userFilter", "${userFilter}")
                .camundaInputParameter("groups", "${groups}")
                .camundaInputParameter("groupPrefix", "${groupPrefix}")
                .camundaInputParameter("resultVariable", "syncReport")
                .endEvent()
                .done());
    var createUser =
        entra(
            Bpmn.createExecutableProcess("entra-reliability-create-user")
                .camundaHistoryTimeToLive(1)
                .startEvent()
                .serviceTask("create"),
            "createUser");
    String createUserXml =
        Bpmn.convertToString(
            createUser
                .camundaInputParameter("userPrincipalName", "${upn}")
                .camundaInputParameter("givenName", "Ambi")
                .camundaInputParameter("surname", "Guous")
                .camundaInputParameter("temporaryPasswordVariable", "temporaryPassword")
                .endEvent()
                .done());
    var createGroup =
        entra(
            Bpmn.createExecutableProcess("entra-reliability-create-group")
                .camundaHistoryTimeToLive(1)
                .startEvent()
                .serviceTask("create"),
            "createGroup");
    String createGroupXml =
        Bpmn.convertToString(
            createGroup
                .camundaInputParameter("displayName", "${name}")
                .camundaInputParameter("mailNickname", "${name}")
                .camundaInputParameter("securityEnabled", "true")
                .endEvent()
                .done());
    for (var entry :
        Map.of(
                "access.bpmn", accessXml,
                "sync.bpmn", syncXml,
                "create-user.bpmn", createUserXml,
                "create-group.bpmn", createGroupXml)
            .entrySet()) assertThat(rest().deploy(entry.getKey(), entry.getValue())).isEqualTo(200);
  }

  /** An async Entra ID task of the suite, on the connection in ${connection} or default. */
  private static ServiceTaskBuilder entra(ServiceTaskBuilder task, String operation) {
    return task.camundaAsyncBefore()
        .camundaDelegateExpression("${entraId}")
        .camundaInputParameter("operation", operation)
        .camundaInputParameter("retryCycle", "R30/PT10S");
  }

  // ---------------------------------------------------------------------------------------------
  // scenarios

  /**
   * A first full sync on one node: the baseline for page counts, and the tables equal the tenant.
   */
  @Test
  @Order(1)
  void baselineFullSync() throws Exception {
    emu.clearRequests();
    String instance = startSync("default");
    awaitEnded(List.of(instance));
    awaitLeaseFree("default");
    JsonNode report = syncReport(instance);
    Map<String, Object> equality = compareWithDirectory();
    fullRunPages = deltaPages(emu.requests());
    FIGURES.put(
        "baseline",
        map(
            "mode",
            report.path("mode").asText(),
            "pages",
            fullRunPages,
            "seconds",
            report.path("durationMillis").asLong() / 1000,
            "equal",
            equality.get("equal")));
    assertThat(report.path("mode").asText()).isEqualTo("full");
    assertThat(equality.get("equal")).as("identity tables vs tenant: %s", equality).isEqualTo(true);
  }

  /**
   * Access requests spread over both nodes: each completes once, Graph writes exactly as needed.
   */
  @Test
  @Order(2)
  void load() throws Exception {
    List<Pair> pairs = pairs(SIZE.accessRequests(), 1);
    long needed = pairs.stream().filter(p -> !p.member()).count();
    emu.clearRequests();
    Instant begin = Instant.now();
    List<String> instances = startAccessRequests(pairs);
    awaitEnded(instances);
    Duration took = Duration.between(begin, Instant.now());
    List<RecordedRequest> requests = emu.requests();
    long writes = count(requests, r -> isMemberAdd(r) && r.status() / 100 == 2);
    long refusedAdds = count(requests, r -> isMemberAdd(r) && r.status() / 100 != 2);
    FIGURES.put(
        "load",
        map(
            "accessRequests", pairs.size(),
            "completed", completed(instances),
            "addsNeeded", needed,
            "graphWrites", writes,
            "refusedWrites", refusedAdds,
            "incidents", incidents(),
            "jobsPerNode", jobsPerNode(instances),
            "instancesPerSecond", pairs.size() * 1000L / Math.max(1, took.toMillis()),
            "allMembersNow", pairs.stream().allMatch(ReliabilityIT::isMemberNow)));
    assertThat(completed(instances)).isEqualTo(pairs.size());
    assertThat(writes).isEqualTo(needed);
    assertThat(refusedAdds).isZero();
    assertThat(incidents()).isZero();
    assertThat(jobsPerNode(instances)).hasSize(2);
  }

  /**
   * kill -9 (Runtime.halt through the test hook) at five phases of a full sync; the node is
   * restarted, its killed job is picked up again and the run resumes.
   */
  @Test
  @Order(3)
  void killMidSync() throws Exception {
    List<String> phases =
        List.of(
            "users:2",
            "users:" + (userPages() - 1),
            "groups:1",
            // of the memberships changeDirectory adds before it: the second transaction of 500
            "memberships:" + NEW_MEMBERSHIPS * 3 / 5,
            "delta-link:2");
    List<Map<String, Object>> kills = new ArrayList<>();
    // measured: a group's members split its delta pages, so there are more than groups / page size
    int fullPages = fullRunPages;
    nodeB.close(); // node A alone runs the syncs, so the kill is sure to hit the run
    nodeB = null;
    try {
      for (String phase : phases) {
        changeDirectory(phases.indexOf(phase), phase.startsWith("memberships"));
        resetSyncState("default");
        Files.writeString(haltFile("node-a"), phase);
        emu.clearRequests();
        String instance = startSync("default");
        int exit = awaitHalt(nodeA, instance, phase);
        int pagesBeforeKill = deltaPages(emu.requests());
        nodeA.close();
        nodeA = null;
        emu.clearRequests();
        nodeA = node("node-a");
        // the killed run's job: picked up again once its lock expired, and resumed; a re-run that
        // comes while the dead run's lease is still live ends skipped (as designed), and then the
        // next run resumes
        awaitEnded(List.of(instance));
        awaitLeaseFree("default");
        String report = syncReport(instance).path("mode").asText();
        if (report.equals("skipped")) {
          String next = startSync("default");
          awaitEnded(List.of(next));
          awaitLeaseFree("default");
          report = "skipped, then " + syncReport(next).path("mode").asText();
        }
        int resumePages = deltaPages(emu.requests());
        long checks = count(emu.requests(), r -> r.path().matches("/v1\\.0/(\\$|%24)batch"));
        Map<String, Object> equality = compareWithDirectory();
        kills.add(
            map(
                "phase", phase,
                "exitCode", exit,
                "pagesBeforeKill", pagesBeforeKill,
                "pagesAfterRestart", resumePages,
                "batchRequestsAfterRestart", checks,
                "fullRunPages", fullPages,
                "report", report,
                "equal", equality.get("equal"),
                "duplicateRows", equality.get("duplicateRows"),
                "incidents", incidents()));
        assertThat(exit).as("halted at %s", phase).isEqualTo(137);
        assertThat(equality.get("equal")).as("after %s: %s", phase, equality).isEqualTo(true);
        assertThat(equality.get("duplicateRows")).isEqualTo(0L);
        assertThat(incidents()).isZero();
      }
    } finally {
      FIGURES.put("kills", kills);
      if (nodeA == null) nodeA = node("node-a");
      nodeB = node("node-b");
    }
    // where the design says so the resume reads less than a full run: after whole pages of users
    // (the resume point), and after the users round (its delta link is stored)
    assertThat((int) kills.get(1).get("pagesAfterRestart")).isLessThan(fullPages);
    assertThat((int) kills.get(3).get("pagesAfterRestart")).isLessThan(fullPages);
    // after six node starts on one database, each example trigger still polls from one job
    assertThat(
            query(
                "SELECT HANDLER_CFG_, COUNT(*) FROM ACT_RU_JOB WHERE HANDLER_TYPE_ ="
                    + " 'entraid-trigger-poll' GROUP BY HANDLER_CFG_ ORDER BY HANDLER_CFG_"))
        .containsExactly(List.of("joiners", "1"), List.of("leavers", "1"), List.of("movers", "1"));
  }

  /**
   * Both nodes start syncs of the same connection at once, plus two more connections on the same
   * nodes; a slow tenant makes a run outlive its job lock. REST stays responsive meanwhile.
   */
  @Test
  @Order(4)
  void overlappingSyncs() throws Exception {
    resetSyncState("default");
    // a full run of this size then takes longer than the 30 s job lock
    emu.faults().latencyMs(Math.max(200, 40_000 / (userPages() + groupPages())));
    RestProbe probe = new RestProbe(List.of(nodeA.rest, nodeB.rest));
    Instant begin = Instant.now();
    List<String> instances = new ArrayList<>();
    try {
      instances.add(startSync("default"));
      instances.add(startSyncOn(nodeB.rest, "default"));
      instances.add(startSync("second"));
      instances.add(startSyncOn(nodeB.rest, "second"));
      instances.add(startSync("third"));
      awaitEnded(instances);
      for (String c : List.of("default", "second", "third")) awaitLeaseFree(c);
    } finally {
      emu.faults().latencyMs(0);
      probe.stop();
    }
    List<Run> runs = runs(begin);
    Map<String, Long> writersOverlapping = new LinkedHashMap<>();
    for (String c : List.of("default", "second", "third"))
      writersOverlapping.put(
          c,
          overlaps(
              runs.stream().filter(r -> r.connection().equals(c)).filter(Run::writer).toList()));
    Map<String, Long> reportModes =
        instances.stream()
            .map(i -> syncReport(i).path("mode").asText())
            .collect(Collectors.groupingBy(m -> m, LinkedHashMap::new, Collectors.counting()));
    List<String> reasons =
        instances.stream()
            .map(i -> syncReport(i).path("reason").asText(""))
            .filter(r -> !r.isEmpty())
            .map(
                r ->
                    r.replaceAll(
                        "node [^,]+, since [^,]+, until [^;]+", "node …, since …, until …"))
            .distinct()
            .toList();
    long longestRun = runs.stream().mapToLong(Run::millis).max().orElse(0);
    Map<String, Object> equality = compareWithDirectory();
    FIGURES.put(
        "overlap",
        map(
            "syncsStarted", instances.size(),
            "writerRuns", runs.stream().filter(Run::writer).count(),
            "overlappingWriters",
                writersOverlapping.values().stream().mapToLong(Long::longValue).sum(),
            "reportModes", reportModes,
            "skipReasons", reasons,
            "longestRunSeconds", longestRun / 1000,
            "jobLockSeconds", 30,
            "incidents", incidents(),
            "equal", equality.get("equal"),
            "rest", probe.figures()));
    assertThat(writersOverlapping.values()).allMatch(n -> n == 0);
    assertThat(incidents()).isZero();
    assertThat(probe.errors()).isZero();
    assertThat(equality.get("equal")).as("%s", equality).isEqualTo(true);
  }

  /** 50 % of Graph requests answered 429, then bursts of 503, while access requests run. */
  @Test
  @Order(5)
  void throttlingStorm() throws Exception {
    List<Pair> pairs = pairs(SIZE.accessRequests() / 2, 2);
    long needed = pairs.stream().filter(p -> !p.member()).count();
    emu.clearRequests();
    emu.faults().throttlePercent(50).retryAfterSeconds(1);
    Instant begin = Instant.now();
    // half the requests meet the storm, the other half the 503 bursts
    List<String> instances =
        new ArrayList<>(startAccessRequests(pairs.subList(0, pairs.size() / 2)));
    waitUntil("the storm's end", Duration.ofSeconds(SIZE.stormSeconds()));
    emu.faults().throttlePercent(0).errorRate(503, 30);
    instances.addAll(startAccessRequests(pairs.subList(pairs.size() / 2, pairs.size())));
    waitUntil("the 503 bursts' end", Duration.ofSeconds(SIZE.burstSeconds()));
    emu.faults().errorRate(503, 0);
    awaitEnded(instances);
    List<RecordedRequest> requests = emu.requests();
    long writes = count(requests, r -> isMemberAdd(r) && r.status() / 100 == 2);
    FIGURES.put(
        "storm",
        map(
            "accessRequests", pairs.size(),
            "stormSeconds", SIZE.stormSeconds(),
            "burstSeconds", SIZE.burstSeconds(),
            "answered429", count(requests, r -> r.status() == 429),
            "answered503", count(requests, r -> r.status() == 503),
            "completed", completed(instances),
            "addsNeeded", needed,
            "graphWrites", writes,
            "jobFailures", jobFailures(instances),
            "incidents", incidents(),
            "seconds", Duration.between(begin, Instant.now()).toSeconds()));
    assertThat(completed(instances)).isEqualTo(pairs.size());
    assertThat(writes).isEqualTo(needed);
    assertThat(incidents()).isZero();
  }

  /** The tenant unreachable for minutes: jobs retry on their cycle, health DOWN, then recovery. */
  @Test
  @Order(6)
  void graphDown() throws Exception {
    List<Pair> pairs = pairs(Math.max(20, SIZE.accessRequests() / 10), 3);
    emu.faults().unreachable(true);
    Instant begin = Instant.now();
    List<String> instances = startAccessRequests(pairs);
    JsonNode down =
        waitFor(
            "health DOWN",
            Duration.ofSeconds(60),
            () -> {
              JsonNode health = health(nodeA.rest);
              return "DOWN"
                      .equals(health.path("components").path("entraid").path("status").asText())
                  ? health
                  : null;
            });
    waitUntil("the outage's end", Duration.ofSeconds(SIZE.downSeconds()));
    long failuresDuringOutage = jobFailures(instances);
    long completedDuringOutage = completed(instances);
    emu.faults().unreachable(false);
    Instant back = Instant.now();
    awaitEnded(instances);
    JsonNode up =
        waitFor(
            "health UP",
            Duration.ofSeconds(60),
            () -> {
              JsonNode health = health(nodeA.rest);
              return "UP".equals(health.path("status").asText()) ? health : null;
            });
    String reason = down.path("components").path("entraid").path("details").path("graph").asText();
    FIGURES.put(
        "graphDown",
        map(
            "downSeconds", SIZE.downSeconds(),
            "accessRequests", pairs.size(),
            "completedWhileDown", completedDuringOutage,
            "jobFailuresWhileDown", failuresDuringOutage,
            "healthWhileDown", "DOWN: " + reason,
            "healthAfter", up.path("status").asText(),
            "completed", completed(instances),
            "incidents", incidents(),
            "secondsToRecover", Duration.between(back, Instant.now()).toSeconds(),
            "seconds", Duration.between(begin, Instant.now()).toSeconds()));
    assertThat(completedDuringOutage).isZero();
    assertThat(failuresDuringOutage).isPositive();
    assertThat(reason).isNotBlank();
    assertThat(completed(instances)).isEqualTo(pairs.size());
    assertThat(incidents()).isZero();
  }

  /** Creates applied by the tenant but answered 504: no duplicates, no false ALREADY_EXISTS. */
  @Test
  @Order(7)
  void ambiguousWrites() throws Exception {
    int n = SIZE.ambiguousCreates();
    emu.faults().applyThenFail(n, 504, "POST", "/v1.0/users");
    List<String> upns = new ArrayList<>();
    List<String> users = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String upn = "ambiguous" + i + "@" + emu.tenantDomain();
      upns.add(upn);
      users.add(rest().start("entra-reliability-create-user", Map.of("upn", upn)));
    }
    awaitEnded(users);
    long answered504 =
        count(emu.requests(), r -> r.status() == 504 && r.path().equals("/v1.0/users"));
    long usersFound = upns.stream().filter(u -> emu.directory().user(u).isPresent()).count();

    // groups: names are not unique, so a lost answer is a person's decision (an incident that says
    // the group may have been created), never a second group
    int g = Math.max(2, n / 5);
    emu.faults().applyThenFail(g, 504, "POST", "/v1.0/groups");
    List<String> groups = new ArrayList<>();
    for (int i = 0; i < g; i++)
      groups.add(rest().start("entra-reliability-create-group", Map.of("name", "Ambiguous" + i)));
    List<String> groupIncidents =
        waitFor(
            "incidents of the group creates",
            SCENARIO_TIMEOUT,
            () -> {
              List<String> messages = incidentMessages();
              return messages.size() >= g ? messages : null;
            });
    long groupsPerName =
        java.util.stream.IntStream.range(0, g)
            .mapToLong(
                i ->
                    emu.directory().groups().stream()
                        .filter(x -> x.displayName().equals("Ambiguous" + i))
                        .count())
            .max()
            .orElse(0);
    long alreadyExists =
        groupIncidents.stream()
            .filter(m -> m.contains("ENTRA_ALREADY_EXISTS") || m.contains("already exists"))
            .count();
    FIGURES.put(
        "ambiguous",
        map(
            "userCreatesAnswered504", answered504,
            "userInstancesCompleted", completed(users),
            "usersCreated", usersFound,
            "falseAlreadyExists", alreadyExists,
            "groupCreatesAnswered504", g,
            "groupIncidentsSayingMayHaveBeenCreated",
                groupIncidents.stream().filter(m -> m.contains("may have been created")).count(),
            "mostGroupsWithOneName", groupsPerName));
    assertThat(answered504).isEqualTo(n);
    assertThat(completed(users)).isEqualTo(n);
    assertThat(usersFound).isEqualTo(n);
    assertThat(alreadyExists).isZero();
    assertThat(groupsPerName).isEqualTo(1);
    // the suite's own incidents end here, so the secrets scan starts from a clean engine
    for (String instance : groups)
      rest().status("DELETE", "/engine-rest/process-instance/" + instance, Map.of());
  }

  /**
   * After all scenarios: the client secret and access tokens in no table, log file or HTTP answer,
   * with a planted value the scan must find (positive control).
   */
  @Test
  @Order(8)
  void secretsScan() throws Exception {
    String secret = emu.clientSecret();
    String tokenHeader = accessToken().split("\\.")[0] + ".";
    for (String path :
        List.of(
            "/actuator/health",
            "/actuator/entraidsync",
            "/actuator/env",
            "/actuator/configprops",
            "/engine-rest/variable-instance",
            "/engine-rest/history/variable-instance?deserializeValues=false",
            "/engine-rest/history/incident",
            "/engine-rest/history/job-log",
            "/engine-rest/job",
            "/engine-rest/process-instance")) {
      for (Rest node : List.of(nodeA.rest, nodeB.rest)) HTTP_BODIES.add(get(node, path));
    }
    Path logs = Path.of(System.getProperty("example.logs", "target/it-logs"));
    List<String> needles = List.of(secret, tokenHeader);

    // positive control: a planted row, log file and answer holding both must be found
    try (Statement s = db.createStatement()) {
      s.execute("CREATE TABLE reliability_canary (v TEXT)");
      s.execute("INSERT INTO reliability_canary VALUES ('" + secret + " " + tokenHeader + "')");
    }
    Path canaryLog = logs.resolve("reliability-canary.log");
    Files.writeString(canaryLog, "planted " + secret + " and Bearer " + tokenHeader + "xyz\n");
    HTTP_BODIES.add("planted " + secret + " " + tokenHeader);
    Map<String, Long> planted = scan(needles, logs);
    try (Statement s = db.createStatement()) {
      s.execute("DROP TABLE reliability_canary");
    }
    Files.delete(canaryLog);
    HTTP_BODIES.remove(HTTP_BODIES.size() - 1);
    Map<String, Long> found = scan(needles, logs);
    FIGURES.put(
        "secrets",
        map(
            "scanned",
            "pg_dump of the database, "
                + logFiles(logs).size()
                + " log files, "
                + HTTP_BODIES.size()
                + " HTTP answers",
            "plantedFound",
            planted,
            "found",
            found));
    assertThat(planted.values()).allMatch(n -> n > 0);
    assertThat(found.values()).allMatch(n -> n == 0);
  }

  // ---------------------------------------------------------------------------------------------
  // scenario helpers

  record Pair(String upn, String userId, String groupId, boolean member) {}

  /** Distinct (user, group) pairs of enabled users and security groups, about half members. */
  private static List<Pair> pairs(int count, long seed) {
    List<User> users = emu.directory().users().stream().filter(ReliabilityIT::enabled).toList();
    List<Group> groups = emu.directory().groups().stream().filter(Group::securityEnabled).toList();
    Random random = new Random(seed);
    Set<String> seen = new HashSet<>();
    List<Pair> pairs = new ArrayList<>();
    while (pairs.size() < count) {
      Group group = groups.get(random.nextInt(groups.size()));
      List<String> members = emu.directory().memberIds(group.id());
      boolean member = random.nextBoolean() && !members.isEmpty();
      User user =
          member
              ? emu.directory().user(members.get(random.nextInt(members.size()))).orElse(null)
              : users.get(random.nextInt(users.size()));
      if (user == null || !enabled(user) || !seen.add(user.id() + group.id())) continue;
      pairs.add(
          new Pair(user.userPrincipalName(), user.id(), group.id(), members.contains(user.id())));
    }
    return pairs;
  }

  private static boolean enabled(User user) {
    return !Boolean.FALSE.equals(user.get("accountEnabled"));
  }

  private static boolean isMemberNow(Pair p) {
    return emu.directory().memberIds(p.groupId()).contains(p.userId());
  }

  /**
   * A member add as addGroupMembers sends it: PATCH of the group with members@odata.bind (or POST
   * .../members/$ref).
   */
  private static boolean isMemberAdd(RecordedRequest r) {
    return (r.method().equals("PATCH")
            && r.path().matches("/v1\\.0/groups/[^/]+")
            && r.body().contains("members@odata.bind"))
        || (r.method().equals("POST")
            && r.path().matches("/v1\\.0/groups/[^/]+/members/(\\$|%24)ref"));
  }

  private static List<String> startAccessRequests(List<Pair> pairs) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<String>> started = new ArrayList<>();
      for (int i = 0; i < pairs.size(); i++) {
        Pair p = pairs.get(i);
        Rest node = i % 2 == 0 ? nodeA.rest : nodeB.rest;
        started.add(
            pool.submit(
                () ->
                    node.start(
                        "entra-reliability-access", Map.of("upn", p.upn(), "group", p.groupId()))));
      }
      List<String> ids = new ArrayList<>();
      for (var f : started) ids.add(f.get(2, TimeUnit.MINUTES));
      return ids;
    } finally {
      pool.shutdownNow();
    }
  }

  private static String startSync(String connection) {
    return startSyncOn(rest(), connection);
  }

  private static String startSyncOn(Rest node, String connection) {
    boolean all = connection.equals("default");
    return node.start(
        "entra-reliability-sync",
        Map.of(
            "connection", connection,
            "users", all ? "all" : "filter",
            "userFilter", all ? "" : "startswith(displayName,'Zq')",
            "groups", all ? "allSecurity" : "prefix",
            "groupPrefix", all ? "" : "Zq"));
  }

  /** Delta pages of the baseline's full sync. */
  private static int fullRunPages;

  private static int userPages() {
    return (SIZE.users() + SIZE.pageSize() - 1) / SIZE.pageSize();
  }

  private static int groupPages() {
    return (SIZE.groups() + SIZE.pageSize() - 1) / SIZE.pageSize();
  }

  /** Graph delta pages read (users and groups), as the emulator counted them. */
  private static int deltaPages(List<RecordedRequest> requests) {
    return (int)
        count(
            requests,
            r -> r.method().equals("GET") && r.path().endsWith("/delta") && r.status() == 200);
  }

  private static long count(List<RecordedRequest> requests, Predicate<RecordedRequest> p) {
    return requests.stream().filter(p).count();
  }

  /** Between kills the tenant changes a little, so each resumed run has real work. */
  private static void changeDirectory(int round, boolean manyMemberships) {
    var dir = emu.directory();
    List<User> users = dir.users().stream().filter(ReliabilityIT::enabled).toList();
    List<Group> groups = dir.groups().stream().filter(Group::securityEnabled).toList();
    Random random = new Random(100 + round);
    for (int i = 0; i < 5; i++) {
      User created =
          dir.createUser(
              "joiner" + round + "x" + i + "@" + emu.tenantDomain(), "Joiner " + round + " " + i);
      dir.addMember(groups.get(random.nextInt(groups.size())).id(), created.id());
      dir.deleteUser(users.get(random.nextInt(users.size())).id());
    }
    // a full run writes only the memberships that differ: give the memberships phase real work
    for (int added = 0; manyMemberships && added < NEW_MEMBERSHIPS; ) {
      String group = groups.get(random.nextInt(groups.size())).id();
      String user = users.get(random.nextInt(users.size())).id();
      if (dir.user(user).isPresent() && !dir.memberIds(group).contains(user)) {
        dir.addMember(group, user);
        added++;
      }
    }
  }

  /** The node's exit code once the hook halted it; fails at once if the run ended instead. */
  private static int awaitHalt(ExampleApp node, String instance, String phase) {
    waitFor(
        "the halt at " + phase,
        SCENARIO_TIMEOUT,
        () -> {
          if (!node.alive()) return true;
          if (completed(List.of(instance)) > 0)
            throw new AssertionError("the sync ended without reaching " + phase);
          return null;
        });
    return node.awaitExit(Duration.ofSeconds(30));
  }

  /** Forgets the connection's sync position (not its lease): the next run is a full one. */
  private static void resetSyncState(String connection) throws SQLException {
    try (Statement s = db.createStatement()) {
      s.executeUpdate(
          "DELETE FROM act_ge_property WHERE name_ LIKE 'entraid.sync."
              + connection
              + ".%' AND name_ <> 'entraid.sync."
              + connection
              + ".lease'");
    }
  }

  private static void awaitLeaseFree(String connection) {
    waitFor(
        "lease of " + connection + " given up",
        SCENARIO_TIMEOUT,
        () -> {
          List<List<String>> rows =
              query(
                  "SELECT value_ FROM act_ge_property WHERE name_ = 'entraid.sync."
                      + connection
                      + ".lease'");
          if (rows.isEmpty()) return true;
          String[] parts = rows.get(0).get(0).split("\\|");
          return Instant.parse(parts[2]).isBefore(Instant.now()) ? true : null;
        });
  }

  /** Camunda's identity tables against the tenant, by the sync's rules. */
  private static Map<String, Object> compareWithDirectory() {
    var dir = emu.directory();
    Set<String> expectedUsers = new HashSet<>();
    Map<String, String> userIds = new LinkedHashMap<>();
    for (User u : dir.users()) {
      if (!enabled(u)) continue;
      String id = u.id().replace("-", "");
      expectedUsers.add(id);
      userIds.put(u.id(), id);
    }
    Set<String> expectedGroups = new HashSet<>();
    Set<String> expectedMemberships = new HashSet<>();
    Map<String, Long> nicknames =
        dir.groups().stream()
            .filter(Group::securityEnabled)
            .collect(Collectors.groupingBy(Group::mailNickname, Collectors.counting()));
    for (Group g : dir.groups()) {
      if (!g.securityEnabled()
          || !g.mailNickname().matches("[a-zA-Z0-9]{1,64}")
          || nicknames.get(g.mailNickname()) > 1) continue;
      expectedGroups.add(g.mailNickname());
      for (String member : dir.memberIds(g.id()))
        if (userIds.containsKey(member))
          expectedMemberships.add(userIds.get(member) + " " + g.mailNickname());
    }
    Set<String> users =
        column("SELECT user_id_ FROM act_id_membership WHERE group_id_ = 'entraidsyncdefault'");
    Set<String> groups =
        column(
            "SELECT id_ FROM act_id_group WHERE type_ LIKE 'entraid:%' AND type_ NOT LIKE 'entraid:%:%'");
    Set<String> memberships =
        column(
            "SELECT m.user_id_ || ' ' || m.group_id_ FROM act_id_membership m JOIN act_id_group g"
                + " ON g.id_ = m.group_id_ WHERE g.type_ LIKE 'entraid:%' AND g.type_ NOT LIKE 'entraid:%:%'");
    long duplicateRows =
        Long.parseLong(
            query(
                    "SELECT (SELECT count(*) FROM act_id_user) - (SELECT count(DISTINCT id_) FROM act_id_user)"
                        + " + (SELECT count(*) FROM act_id_membership) - (SELECT count(*) FROM"
                        + " (SELECT DISTINCT user_id_, group_id_ FROM act_id_membership) d)"
                        + " + (SELECT count(*) FROM act_id_group) - (SELECT count(DISTINCT id_) FROM act_id_group)")
                .get(0)
                .get(0));
    boolean equal =
        users.equals(expectedUsers)
            && groups.equals(expectedGroups)
            && memberships.equals(expectedMemberships);
    return map(
        "equal", equal,
        "users", users.size() + "/" + expectedUsers.size(),
        "groups", groups.size() + "/" + expectedGroups.size(),
        "memberships", memberships.size() + "/" + expectedMemberships.size(),
        "missingUsers", difference(expectedUsers, users),
        "extraUsers", difference(users, expectedUsers),
        "missingGroups", difference(expectedGroups, groups),
        "extraGroups", difference(groups, expectedGroups),
        "missingMemberships", difference(expectedMemberships, memberships),
        "extraMemberships", difference(memberships, expectedMemberships),
        "duplicateRows", duplicateRows);
  }

  private static List<String> difference(Set<String> a, Set<String> b) {
    return a.stream().filter(x -> !b.contains(x)).limit(5).toList();
  }

  /** One sync run as its node logged it at its end. */
  record Run(String node, String connection, String mode, Instant end, long millis) {
    boolean writer() {
      return mode.equals("full") || mode.equals("delta");
    }

    Instant start() {
      return end.minusMillis(millis);
    }
  }

  private static final Pattern RUN_LINE =
      Pattern.compile(
          "^(\\S+)\\s.*Directory sync of connection '([^']+)' \\(([a-z-]+)\\): users .* (\\d+) ms$");

  /** Runs both nodes logged since {@code begin}, from their final log lines. */
  private static List<Run> runs(Instant begin) {
    List<Run> runs = new ArrayList<>();
    for (ExampleApp node : List.of(nodeA, nodeB)) {
      for (String line : node.log().split("\n")) {
        Matcher m = RUN_LINE.matcher(line.strip());
        if (!m.matches()) continue;
        Instant end = java.time.OffsetDateTime.parse(m.group(1)).toInstant();
        if (end.isBefore(begin)) continue;
        runs.add(
            new Run(
                node.logFile().getFileName().toString(),
                m.group(2),
                m.group(3),
                end,
                Long.parseLong(m.group(4))));
      }
    }
    return runs;
  }

  /** Pairs of runs whose time spans overlap. */
  private static long overlaps(List<Run> runs) {
    long n = 0;
    for (int i = 0; i < runs.size(); i++)
      for (int j = i + 1; j < runs.size(); j++)
        if (runs.get(i).start().isBefore(runs.get(j).end())
            && runs.get(j).start().isBefore(runs.get(i).end())) n++;
    return n;
  }

  /**
   * REST calls on every node, all through a scenario: latency and errors (a starved pool shows).
   */
  static final class RestProbe {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ConcurrentLinkedQueue<Long> millis = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    private final Thread thread;

    RestProbe(List<Rest> nodes) {
      thread =
          new Thread(
              () -> {
                while (running.get()) {
                  for (Rest node : nodes) {
                    long t = System.nanoTime();
                    int status = node.status("/engine-rest/process-instance/count");
                    millis.add((System.nanoTime() - t) / 1_000_000);
                    if (status != 200) errors.add(String.valueOf(status));
                  }
                  ExampleApp.sleep(100);
                }
              },
              "rest-probe");
      thread.start();
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join(60_000);
    }

    long errors() {
      return errors.size();
    }

    Map<String, Object> figures() {
      List<Long> sorted = millis.stream().sorted().toList();
      return map(
          "calls", sorted.size(),
          "errors", errors.size(),
          "p50ms", sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2),
          "p95ms", sorted.isEmpty() ? 0 : sorted.get(sorted.size() * 95 / 100),
          "maxms", sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // engine state

  private static void awaitEnded(List<String> instances) {
    waitFor(
        instances.size() + " instances ended",
        SCENARIO_TIMEOUT,
        () -> {
          long open =
              Long.parseLong(
                  query(
                          "SELECT count(*) FROM act_hi_procinst WHERE end_time_ IS NULL AND proc_inst_id_ IN ("
                              + quoted(instances)
                              + ")")
                      .get(0)
                      .get(0));
          long incidents = incidents();
          if (incidents > 0) throw new AssertionError("incident: " + incidentMessages());
          return open == 0 ? true : null;
        });
  }

  private static long completed(List<String> instances) {
    return Long.parseLong(
        query(
                "SELECT count(*) FROM act_hi_procinst WHERE state_ = 'COMPLETED' AND proc_inst_id_ IN ("
                    + quoted(instances)
                    + ")")
            .get(0)
            .get(0));
  }

  private static long incidents() {
    return Long.parseLong(query("SELECT count(*) FROM act_ru_incident").get(0).get(0));
  }

  private static List<String> incidentMessages() {
    return query("SELECT incident_msg_ FROM act_ru_incident").stream().map(r -> r.get(0)).toList();
  }

  private static long jobFailures(List<String> instances) {
    return Long.parseLong(
        query(
                "SELECT count(*) FROM act_hi_job_log WHERE job_state_ = 1 AND process_instance_id_ IN ("
                    + quoted(instances)
                    + ")")
            .get(0)
            .get(0));
  }

  private static Map<String, Long> jobsPerNode(List<String> instances) {
    Map<String, Long> perNode = new LinkedHashMap<>();
    for (List<String> row :
        query(
            "SELECT hostname_, count(*) FROM act_hi_job_log WHERE job_state_ = 2 AND process_instance_id_ IN ("
                + quoted(instances)
                + ") GROUP BY hostname_ ORDER BY hostname_"))
      perNode.put(row.get(0), Long.parseLong(row.get(1)));
    return perNode;
  }

  private static JsonNode syncReport(String instance) {
    JsonNode value = rest().historicVariable(instance, "syncReport");
    try {
      return value != null && value.isTextual()
          ? Rest.JSON.readTree(value.asText())
          : value == null ? Rest.JSON.nullNode() : value;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String quoted(List<String> ids) {
    return ids.stream().map(id -> "'" + id.replace("'", "") + "'").collect(Collectors.joining(","));
  }

  private static List<List<String>> query(String sql) {
    try (Statement s = db.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<List<String>> rows = new ArrayList<>();
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) row.add(rs.getString(i));
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  private static Set<String> column(String sql) {
    return query(sql).stream().map(r -> r.get(0)).collect(Collectors.toSet());
  }

  private static JsonNode health(Rest node) {
    try {
      return Rest.JSON.readTree(get(node, "/actuator/health"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A GET's body whatever its status (health answers 503 when DOWN). */
  private static String get(Rest node, String path) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(node.base + path))
              .header(
                  "Authorization",
                  "Basic "
                      + Base64.getEncoder()
                          .encodeToString(
                              (ADMIN + ":" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))
              .timeout(Duration.ofSeconds(30))
              .GET()
              .build();
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String accessToken() throws IOException, InterruptedException {
    String form =
        "grant_type=client_credentials&client_id="
            + emu.clientId()
            + "&client_secret="
            + java.net.URLEncoder.encode(emu.clientSecret(), StandardCharsets.UTF_8)
            + "&scope="
            + java.net.URLEncoder.encode(emu.graphEndpoint() + "/.default", StandardCharsets.UTF_8);
    HttpClient client = HttpClient.newBuilder().sslContext(emu.sslContext()).build();
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(
                    URI.create(emu.authorityHost() + "/" + emu.tenantId() + "/oauth2/v2.0/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return Rest.JSON.readTree(response.body()).path("access_token").asText();
  }

  // ---------------------------------------------------------------------------------------------
  // secrets scan

  /** Occurrences of each needle (as text, and hex-encoded as bytea columns are dumped). */
  private static Map<String, Long> scan(List<String> needles, Path logs) throws Exception {
    List<String> haystacks = new ArrayList<>();
    haystacks.add(pgDump());
    for (Path file : logFiles(logs))
      haystacks.add(Files.readString(file, StandardCharsets.ISO_8859_1));
    haystacks.addAll(HTTP_BODIES);
    Map<String, Long> found = new LinkedHashMap<>();
    String[] names = {"clientSecret", "accessToken"};
    for (int i = 0; i < needles.size(); i++) {
      String text = needles.get(i);
      String hex = HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
      found.put(
          names[i],
          haystacks.stream()
              .filter(h -> h.contains(text) || h.toLowerCase().contains(hex))
              .count());
    }
    return found;
  }

  private static List<Path> logFiles(Path logs) throws IOException {
    try (var files = Files.walk(logs)) {
      List<Path> all = new ArrayList<>(files.filter(Files::isRegularFile).toList());
      all.add(PG_DATA.resolve("server.log"));
      return all.stream().filter(Files::isReadable).toList();
    }
  }

  private static String pgDump() throws IOException, InterruptedException {
    String bin =
        Files.list(Path.of("/usr/lib/postgresql"))
            .map(p -> p.resolve("bin").resolve("pg_dump"))
            .filter(Files::isExecutable)
            .sorted()
            .reduce((a, b) -> b)
            .map(Path::toString)
            .orElse("pg_dump");
    ProcessBuilder builder =
        new ProcessBuilder(
                bin, "-h", "127.0.0.1", "-p", String.valueOf(PG_PORT), "-U", "camunda", "camunda")
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("PGPASSWORD", "camunda");
    Process process = builder.start();
    String dump = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).as("pg_dump").isZero();
    assertThat(dump).contains("act_ge_property");
    return dump;
  }

  // ---------------------------------------------------------------------------------------------
  // figures

  private static void writeFigures() throws IOException {
    Path json = OUT.resolve("reliability.json");
    Rest.JSON.writer(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), FIGURES);
    StringBuilder table = new StringBuilder("\nReliability figures (" + SIZE.name() + " size):\n");
    FIGURES.forEach(
        (scenario, figures) -> table.append(String.format("  %-10s %s%n", scenario, figures)));
    table.append("written to ").append(json.toAbsolutePath()).append('\n');
    LoggerFactory.getLogger(ReliabilityIT.class).info("{}", table);
  }

  static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2)
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    return map;
  }

  // ---------------------------------------------------------------------------------------------
  // waiting

  /** Polls {@code probe} until it answers non-null, or fails after {@code timeout}. */
  static <T> T waitFor(String what, Duration timeout, Supplier<T> probe) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      T value = probe.get();
      if (value != null) return value;
      ExampleApp.sleep(250);
    }
    throw new AssertionError("timed out after " + timeout + " waiting for " + what);
  }

  /** Lets a fault last for {@code period}. */
  private static void waitUntil(String what, Duration period) {
    Instant end = Instant.now().plus(period);
    waitFor(what, period.plusSeconds(10), () -> Instant.now().isAfter(end) ? true : null);
  }
}
