package io.entraid.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import io.entraid.connector.camunda.EntraIdProcessEnginePlugin;
import io.entraid.connector.core.connection.ConnectionOptions;
import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.graph.GraphPath;
import io.entraid.connector.core.graph.GraphRequest;
import io.entraid.emulator.EntraEmulator;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.model.bpmn.Bpmn;

/**
 * Scenario 4: process instances per second of a process with one checkGroupMembership task (20
 * groups, by name) against the same process whose task calls a no-op delegate, in blocks that
 * alternate, so both see the same machine load. The difference per instance is the connector's cost
 * per task, the Graph round trip included; a raw round trip of the same request is measured too.
 */
final class MembershipBenchmark {
  private static final int BLOCK = 200;

  /**
   * Instances of each process before measuring: the JIT needs a few thousand passes through the
   * engine's and the HTTP client's paths; after 300 the check still ran at twice its steady-state
   * cost.
   */
  private static final int WARM_UP = 3_000;

  private final Report report;
  private final Benchmarks.Options options;

  MembershipBenchmark(Report report, Benchmarks.Options options) {
    this.report = report;
    this.options = options;
  }

  void run() {
    Benchmarks.progress(
        "membership: engine with the checkGroupMembership process and a no-op twin");
    try (EntraEmulator emulator =
        EntraEmulator.builder().users(2_000).groups(60).seed(Benchmarks.SEED).start()) {
      List<String> groups =
          emulator.directory().groups().stream()
              .filter(g -> g.securityEnabled())
              .map(g -> g.mailNickname())
              .limit(20)
              .toList();
      List<String> users =
          emulator.directory().users().stream()
              .filter(u -> u.accountEnabled())
              .map(u -> u.userPrincipalName())
              .toList();
      EntraIdProcessEnginePlugin plugin =
          Engines.plugin(
              Benchmarks.inProcessParameters(emulator),
              ConnectionOptions.DEFAULTS.withSslContext(emulator.sslContext()));
      ProcessEngine engine =
          Engines.start(
              Engines.inMemoryH2(), plugin, Map.of("noop", (JavaDelegate) execution -> {}));
      try {
        deploy(engine, "check", "${entraId}", groups);
        deploy(engine, "noop", "${noop}", groups);
        RuntimeService runtime = engine.getRuntimeService();
        int[] next = {0};
        Runnable check =
            () ->
                runtime.startProcessInstanceByKey(
                    "check", Map.of("upn", users.get(next[0]++ % users.size())));
        Runnable noop =
            () ->
                runtime.startProcessInstanceByKey(
                    "noop", Map.of("upn", users.get(next[0]++ % users.size())));
        for (int i = 0; i < WARM_UP; i++) {
          check.run();
          noop.run();
        }
        List<Block> checks = new ArrayList<>();
        List<Block> noops = new ArrayList<>();
        int requests = 0;
        int rounds = Math.max(5, 2 * options.runs());
        for (int round = 0; round < rounds; round++) {
          emulator.clearRequests();
          if (round % 2 == 0) {
            checks.add(block(check));
            noops.add(block(noop));
          } else {
            noops.add(block(noop));
            checks.add(block(check));
          }
          requests += GraphCalls.of(emulator.requests()).total();
        }
        List<Block> roundTrips =
            roundTrips(
                plugin.getConnectionRegistry().get("default"), users.get(1), emulator, groups);

        String s = "4 membership checks";
        List<Double> overhead = difference(checks, noops, Block::wallMs);
        List<Double> rtt = roundTrips.stream().map(Block::wallMs).toList();
        double rttMedian = Report.median(rtt);
        report.timed(s, "instances/s with checkGroupMembership", rates(checks), "/s");
        report.timed(s, "instances/s with a no-op delegate", rates(noops), "/s");
        report.timed(s, "connector overhead per task", overhead, "ms", "<= 1.0 ms", o -> o <= 1.0);
        report.timed(s, "of which raw Graph round trip", rtt, "ms");
        report.timed(
            s,
            "overhead / raw round trip",
            overhead.stream().map(o -> o / rttMedian).toList(),
            "x");
        report.timed(
            s,
            "CPU per task over the no-op, all threads (emulator included)",
            difference(checks, noops, Block::cpuMs),
            "ms");
        report.timed(
            s,
            "CPU per task over the no-op, the calling thread",
            difference(checks, noops, Block::threadCpuMs),
            "ms");
        if (checks.get(0).switches() >= 0) {
          report.timed(
              s,
              "thread wake-ups (voluntary context switches) per task over the no-op",
              difference(checks, noops, Block::switches),
              "");
          report.timed(
              s,
              "thread wake-ups per raw Graph round trip",
              roundTrips.stream().map(Block::switches).toList(),
              "");
        }
        double perCheck = requests / (double) (rounds * BLOCK);
        report.target(s, "Graph requests per check", perCheck, "", "1", perCheck == 1.0);
        report.detail(s, "checkBlocks", checks);
        report.detail(s, "noopBlocks", noops);
        report.detail(s, "groups", groups.size());
      } finally {
        engine.close();
      }
    }
  }

  private static void deploy(
      ProcessEngine engine, String key, String delegate, List<String> groups) {
    engine
        .getRepositoryService()
        .createDeployment()
        .addModelInstance(
            key + ".bpmn",
            Bpmn.createExecutableProcess(key)
                .camundaHistoryTimeToLive(1)
                .startEvent()
                .serviceTask("task")
                .camundaDelegateExpression(delegate)
                .camundaInputParameter("operation", "checkGroupMembership")
                .camundaInputParameter("connection", "default")
                .camundaInputParameter("user", "${upn}")
                .camundaInputParameter("groups", String.join(",", groups))
                .camundaInputParameter("resultVariable", "isMember")
                .endEvent()
                .done())
        .deploy();
  }

  /**
   * Per process instance over one block: wall time, the JVM's CPU time (all threads: engine, HTTP
   * client, emulator), the calling thread's CPU time and the threads' wake-ups (-1 where the
   * platform does not count them).
   */
  record Block(double wallMs, double cpuMs, double threadCpuMs, double switches) {}

  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private static Block block(Runnable start) {
    long switches = contextSwitches();
    long cpu = OS.getProcessCpuTime();
    long thread = THREADS.getCurrentThreadCpuTime();
    long t = System.nanoTime();
    for (int i = 0; i < BLOCK; i++) start.run();
    return new Block(
        (System.nanoTime() - t) / 1e6 / BLOCK,
        (OS.getProcessCpuTime() - cpu) / 1e6 / BLOCK,
        (THREADS.getCurrentThreadCpuTime() - thread) / 1e6 / BLOCK,
        switches < 0 ? -1 : (contextSwitches() - switches) / (double) BLOCK);
  }

  /**
   * The voluntary context switches of all the JVM's threads so far (Linux:
   * /proc/self/task/N/status), -1 elsewhere: a thread is switched out voluntarily each time it
   * waits for another (a hand-off) or for I/O. Unlike time, this count hardly depends on the
   * machine's load.
   */
  static long contextSwitches() {
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) return -1;
    long total = 0;
    try (Stream<Path> threads = Files.list(tasks)) {
      for (Path task : threads.toList()) {
        try {
          for (String line : Files.readAllLines(task.resolve("status"))) {
            if (line.startsWith("voluntary_ctxt_switches:"))
              total += Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
          }
        } catch (IOException ended) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return total;
  }

  /** Per round: the check block's value minus the no-op block's (measured next to each other). */
  private static List<Double> difference(
      List<Block> checks, List<Block> noops, ToDoubleFunction<Block> value) {
    return IntStream.range(0, checks.size())
        .mapToObj(i -> value.applyAsDouble(checks.get(i)) - value.applyAsDouble(noops.get(i)))
        .toList();
  }

  private static List<Double> rates(List<Block> blocks) {
    return blocks.stream().map(b -> 1000 / b.wallMs()).toList();
  }

  /** The checkMemberGroups call a check makes, sent directly: per request. */
  private static List<Block> roundTrips(
      EntraConnection connection, String upn, EntraEmulator emulator, List<String> names) {
    List<String> ids =
        emulator.directory().groups().stream()
            .filter(g -> names.contains(g.mailNickname()))
            .map(g -> g.id())
            .toList();
    GraphRequest request =
        GraphRequest.post(
            GraphPath.of("users").key(upn).segments("checkMemberGroups"), Map.of("groupIds", ids));
    Runnable send = () -> connection.graph().send(request);
    for (int i = 0; i < WARM_UP; i++) send.run();
    List<Block> blocks = new ArrayList<>();
    for (int round = 0; round < 5; round++) blocks.add(block(send));
    return blocks;
  }
}
