package io.entraid.benchmarks;

import io.entraid.connector.camunda.EntraIdProcessEnginePlugin;
import io.entraid.connector.camunda.trigger.Triggers;
import io.entraid.connector.core.connection.ConnectionOptions;
import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.graph.GraphPath;
import io.entraid.connector.core.graph.GraphRequest;
import io.entraid.connector.core.trigger.EventKind;
import io.entraid.emulator.EntraEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.model.bpmn.Bpmn;

/**
 * Scenario "triggers": a trigger on every event kind over directories of the benchmark sizes. Its
 * baseline (time, requests), an idle poll's requests (target: one per delta query), the heap the
 * feed keeps per user after its baseline (target: at most 100 bytes; the last seen values live in
 * the database, whose rows are counted apart), and change-to-process latency: a department change
 * made through Graph, then the poll job and the delivery job, timed until the process instance
 * exists. With the job executor the wait for the next poll comes on top: at most one poll interval.
 */
final class TriggerBenchmark {
  private static final String SCENARIO = "triggers";
  private static final int LATENCY_RUNS = 5;
  private final Report report;
  private final Benchmarks.Options options;

  TriggerBenchmark(Report report, Benchmarks.Options options) {
    this.report = report;
    this.options = options;
  }

  void run() throws Exception {
    TreeMap<Integer, Long> heapBySize = new TreeMap<>();
    for (int users : options.sizes()) heapBySize.put(users, run(users));
    if (heapBySize.size() < 2) return;
    // per user beyond the fixed cost (classes, caches) every baseline pays once: the slope between
    // the smallest and the largest directory
    int small = heapBySize.firstKey();
    int large = heapBySize.lastKey();
    double perUser = (heapBySize.get(large) - heapBySize.get(small)) / (double) (large - small);
    report.target(
        SCENARIO,
        "feed heap per additional user (" + small + " to " + large + " users)",
        round(perUser),
        "bytes",
        "<= 100",
        perUser <= 100);
  }

  /** Runs the scenario on a directory of this size; returns the heap its baseline added. */
  private long run(int users) throws Exception {
    String at = " at " + users + " users";
    Benchmarks.progress("triggers: emulator with " + users + " users");
    Path db = Files.createTempDirectory("entraid-trigger-bench");
    try (EntraEmulator emulator =
        EntraEmulator.builder()
            .users(users)
            .groups(Math.max(20, users / 1_000))
            .seed(Benchmarks.SEED)
            .start()) {
      EntraIdProcessEnginePlugin plugin =
          Engines.plugin(
              Benchmarks.inProcessParameters(emulator),
              ConnectionOptions.DEFAULTS.withSslContext(emulator.sslContext()));
      plugin.setTriggers(
          Map.of(
              "bench",
              Map.of("events", String.join(",", EventKind.ids()), "poll-interval", "PT1M")));
      ProcessEngine engine =
          Engines.start(
              // H2's page cache (in this JVM, unlike a production database) kept small, so it
              // does not count as the feed's heap
              "jdbc:h2:file:" + db.resolve("engine") + ";DB_CLOSE_ON_EXIT=FALSE;CACHE_SIZE=1024",
              plugin,
              Map.of());
      try {
        engine
            .getRepositoryService()
            .createDeployment()
            .addModelInstance(
                "mover.bpmn",
                Bpmn.createExecutableProcess("mover")
                    .camundaHistoryTimeToLive(1)
                    .startEvent()
                    .message(EventKind.USER_UPDATED.defaultMessage())
                    .userTask("review")
                    .endEvent()
                    .done())
            .deploy();
        ManagementService management = engine.getManagementService();
        long heapBefore = HeapMeter.usedAfterFullGc();

        emulator.clearRequests();
        long start = System.nanoTime();
        poll(management);
        double baselineSeconds = (System.nanoTime() - start) / 1e9;
        GraphCalls baseline = GraphCalls.of(emulator.requests());
        long heapAfter = HeapMeter.usedAfterFullGc();
        double bytesPerUser = (heapAfter - heapBefore) / (double) users;
        report.figure(SCENARIO, "baseline" + at, round(baselineSeconds), "s");
        report.figure(SCENARIO, "baseline requests" + at, baseline.total(), "requests");
        report.figure(
            SCENARIO, "feed heap per user after its baseline" + at, round(bytesPerUser), "bytes");
        long[] rows = valueRows(engine);
        report.figure(SCENARIO, "last seen values in the database" + at, rows[0], "rows");
        report.figure(
            SCENARIO,
            "database bytes of values per row" + at,
            rows[0] == 0 ? 0 : rows[1] / rows[0],
            "characters");

        emulator.clearRequests();
        poll(management);
        GraphCalls idle = GraphCalls.of(emulator.requests());
        report.target(
            SCENARIO,
            "requests per idle poll" + at,
            idle.total(),
            "requests",
            "2 (users, groups)",
            idle.total() == 2);
        report.detail(SCENARIO, "idleRequests" + users, idle.byKind());

        EntraConnection graph = plugin.getConnectionRegistry().get("default");
        String userId = emulator.directory().users().get(0).id();
        List<Double> latencies = new ArrayList<>();
        for (int i = 0; i < LATENCY_RUNS; i++) {
          graph
              .graph()
              .send(
                  GraphRequest.patch(
                      GraphPath.of("users").key(userId), Map.of("department", "Bench-" + i)));
          long changed = System.nanoTime();
          poll(management);
          latencies.add((System.nanoTime() - changed) / 1e6);
        }
        long started =
            engine
                .getRuntimeService()
                .createProcessInstanceQuery()
                .processDefinitionKey("mover")
                .count();
        if (started != LATENCY_RUNS)
          throw new IllegalStateException(started + " instances for " + LATENCY_RUNS + " changes");
        double worst = latencies.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        report.figure(
            SCENARIO,
            "change to process, poll and delivery (median)" + at,
            round(Report.median(latencies)),
            "ms");
        report.target(
            SCENARIO,
            "change to process beyond the wait for the next poll (max)" + at,
            round(worst),
            "ms",
            "<= 1000 (latency <= poll interval + 1 s)",
            worst <= 1000);
        report.detail(SCENARIO, "latenciesMs" + users, latencies);
        return heapAfter - heapBefore;
      } finally {
        engine.close();
      }
    }
  }

  /** One poll as the job executor runs it: the poll job, then the deliveries it created. */
  private static void poll(ManagementService management) {
    management.executeJob(job(management, Triggers.POLL_JOB).get(0).getId());
    for (Job delivery : job(management, Triggers.DELIVERY_JOB))
      management.executeJob(delivery.getId());
  }

  private static List<Job> job(ManagementService management, String type) {
    return management.createJobQuery().list().stream()
        .filter(j -> type.equals(((JobEntity) j).getJobHandlerType()))
        .toList();
  }

  private static long[] valueRows(ProcessEngine engine) throws Exception {
    try (Connection c = Engines.configuration(engine).getDataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT COUNT(*), SUM(LENGTH(VALUES_)) FROM ENTRAID_TRIGGER_VALUES")) {
      rs.next();
      return new long[] {rs.getLong(1), rs.getLong(2)};
    }
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
