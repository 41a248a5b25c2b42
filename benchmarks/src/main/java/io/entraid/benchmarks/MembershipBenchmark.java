package io.entraid.benchmarks;

import io.entraid.connector.camunda.EntraIdProcessEnginePlugin;
import io.entraid.connector.core.connection.ConnectionOptions;
import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.graph.GraphPath;
import io.entraid.connector.core.graph.GraphRequest;
import io.entraid.emulator.EntraEmulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        List<Double> checkMs = new ArrayList<>();
        List<Double> noopMs = new ArrayList<>();
        int checks = 0;
        int requests = 0;
        int rounds = Math.max(5, 2 * options.runs());
        for (int round = 0; round < rounds; round++) {
          emulator.clearRequests();
          if (round % 2 == 0) {
            checkMs.add(block(check));
            noopMs.add(block(noop));
          } else {
            noopMs.add(block(noop));
            checkMs.add(block(check));
          }
          checks += BLOCK;
          requests += GraphCalls.of(emulator.requests()).total();
        }
        double rtt =
            roundTrip(
                plugin.getConnectionRegistry().get("default"), users.get(1), emulator, groups);

        String s = "4 membership checks";
        double c = Report.median(checkMs);
        double n = Report.median(noopMs);
        report.figure(s, "instances/s with checkGroupMembership", 1000 / c, "/s");
        report.figure(s, "instances/s with a no-op delegate", 1000 / n, "/s");
        report.target(s, "connector overhead per task", c - n, "ms", "< 2 ms", c - n < 2);
        report.figure(s, "of which raw Graph round trip", rtt, "ms");
        report.figure(s, "overhead / raw round trip", (c - n) / rtt, "x");
        double perCheck = requests / (double) checks;
        report.target(s, "Graph requests per check", perCheck, "", "1", perCheck <= 1.0);
        report.detail(s, "checkMsPerInstance", checkMs);
        report.detail(s, "noopMsPerInstance", noopMs);
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

  /** Milliseconds per process instance over one block. */
  private static double block(Runnable start) {
    long t = System.nanoTime();
    for (int i = 0; i < BLOCK; i++) start.run();
    return (System.nanoTime() - t) / 1e6 / BLOCK;
  }

  /** The checkMemberGroups call a check makes, sent directly: milliseconds per request. */
  private static double roundTrip(
      EntraConnection connection, String upn, EntraEmulator emulator, List<String> names) {
    List<String> ids =
        emulator.directory().groups().stream()
            .filter(g -> names.contains(g.mailNickname()))
            .map(g -> g.id())
            .toList();
    GraphRequest request =
        GraphRequest.post(
            GraphPath.of("users").key(upn).segments("checkMemberGroups"), Map.of("groupIds", ids));
    for (int i = 0; i < WARM_UP; i++) connection.graph().send(request);
    List<Double> ms = new ArrayList<>();
    for (int round = 0; round < 5; round++) {
      long t = System.nanoTime();
      for (int i = 0; i < BLOCK; i++) connection.graph().send(request);
      ms.add((System.nanoTime() - t) / 1e6 / BLOCK);
    }
    return Report.median(ms);
  }
}
