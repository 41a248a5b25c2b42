package io.entraid.benchmarks;

import io.entraid.connector.camunda.EntraIdProcessEnginePlugin;
import io.entraid.connector.core.GraphListener;
import io.entraid.connector.core.connection.ConnectionOptions;
import io.entraid.emulator.EntraEmulator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.jobexecutor.DefaultJobExecutor;
import org.camunda.bpm.model.bpmn.Bpmn;

/**
 * Scenario 6: 1,000 asynchronous checkGroupMembership tasks run by 8 job-executor threads on one
 * connection that has no token yet, so the threads start cold together: token requests must be 1.
 */
final class TokenBenchmark {
  static final int TASKS = 1_000;
  static final int THREADS = 8;

  private final Report report;

  TokenBenchmark(Report report) {
    this.report = report;
  }

  void run() throws InterruptedException {
    Benchmarks.progress(
        "tokens: " + TASKS + " async tasks on " + THREADS + " job-executor threads");
    try (EntraEmulator emulator =
        EntraEmulator.builder().users(500).groups(20).seed(Benchmarks.SEED).start()) {
      Set<String> threads = ConcurrentHashMap.newKeySet();
      GraphListener listener =
          new GraphListener() {
            @Override
            public void onResponse(String operation, String method, int status) {
              threads.add(Thread.currentThread().getName());
            }
          };
      EntraIdProcessEnginePlugin plugin =
          Engines.plugin(
              Benchmarks.inProcessParameters(emulator),
              ConnectionOptions.DEFAULTS
                  .withSslContext(emulator.sslContext())
                  .withListener(listener));
      ProcessEngine engine = Engines.start(Engines.inMemoryH2(), plugin, Map.of());
      try {
        engine
            .getRepositoryService()
            .createDeployment()
            .addModelInstance(
                "async.bpmn",
                Bpmn.createExecutableProcess("async")
                    .camundaHistoryTimeToLive(1)
                    .startEvent()
                    .serviceTask("check")
                    .camundaAsyncBefore()
                    .camundaDelegateExpression("${entraId}")
                    .camundaInputParameter("operation", "checkGroupMembership")
                    .camundaInputParameter("user", "${upn}")
                    .camundaInputParameter("groups", "Approvers")
                    .camundaInputParameter("resultVariable", "isMember")
                    .endEvent()
                    .done())
            .deploy();
        List<String> users =
            emulator.directory().users().stream()
                .filter(u -> u.accountEnabled())
                .map(u -> u.userPrincipalName())
                .toList();
        for (int i = 0; i < TASKS; i++) {
          engine
              .getRuntimeService()
              .startProcessInstanceByKey("async", Map.of("upn", users.get(i % users.size())));
        }
        int tokensBefore = emulator.tokenRequestCount(emulator.clientId());
        emulator.clearRequests();
        DefaultJobExecutor executor =
            (DefaultJobExecutor) Engines.configuration(engine).getJobExecutor();
        executor.setCorePoolSize(THREADS);
        executor.setMaxPoolSize(THREADS);
        executor.setQueueSize(THREADS);
        executor.setMaxJobsPerAcquisition(THREADS * 2);
        executor.setWaitTimeInMillis(50);
        long start = System.nanoTime();
        executor.start();
        long deadline = System.currentTimeMillis() + 300_000;
        var jobs = engine.getManagementService();
        while (jobs.createJobQuery().count() > jobs.createJobQuery().noRetriesLeft().count()
            && System.currentTimeMillis() < deadline) {
          Thread.sleep(50);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        executor.shutdown();
        long done =
            engine.getHistoryService().createHistoricProcessInstanceQuery().completed().count();
        long failed = jobs.createJobQuery().withException().count();
        int tokens = emulator.tokenRequestCount(emulator.clientId()) - tokensBefore;
        GraphCalls calls = GraphCalls.of(emulator.requests());

        String s = "6 token reuse";
        report.target(s, "token requests", tokens, "", "1", tokens == 1);
        report.figure(s, "tasks completed / failed", done + " / " + failed, "");
        report.figure(
            s,
            "threads that called Graph",
            threads.stream().filter(t -> !t.startsWith("main")).count(),
            "");
        report.figure(s, "Graph requests", calls.total(), "");
        report.figure(s, "wall time", seconds, "s");
        report.figure(s, "tasks/s", done / seconds, "/s");
        report.detail(s, "requests by kind", calls.byKind());
        report.detail(s, "threads", List.copyOf(threads));
      } finally {
        engine.close();
      }
    }
  }
}
