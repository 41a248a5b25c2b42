package io.entraid.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.entraid.connector.camunda.EntraIdProcessEnginePlugin;
import io.entraid.connector.camunda.sync.CamundaDirectoryTarget;
import io.entraid.connector.core.connection.ConnectionOptions;
import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.graph.GraphClient;
import io.entraid.connector.core.graph.GraphPath;
import io.entraid.connector.core.graph.GraphRequest;
import io.entraid.connector.core.graph.Page;
import io.entraid.connector.core.sync.DirectorySync;
import io.entraid.connector.core.sync.SyncOptions;
import io.entraid.connector.core.sync.SyncReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.camunda.bpm.engine.ProcessEngine;

/**
 * The engine node of the sync benchmarks, in a JVM of its own so its heap limit and CPU time are
 * the connector's and the engine's alone (the emulator stays in the harness's JVM). Phases: a raw
 * listing of the delta pages (the baseline), a full sync, optionally an incremental sync; or, with
 * {@code --live-heap}, the baseline and a full sync sampled for its live heap. After each phase it
 * prints one line {@code @@ {json}} and waits for a line on stdin, so the harness can read the
 * emulator's request log per phase and change the directory in between. Connection parameters come
 * from the environment (ENTRA_*), never from the command line, and so does the database
 * (BENCH_JDBC_URL, BENCH_JDBC_USER, BENCH_JDBC_PASSWORD).
 */
public final class SyncChild {
  static final String PREFIX = "@@ ";
  // the same $select as DirectorySync's delta queries, so the baseline reads the same pages
  private static final String USER_FIELDS =
      "id,userPrincipalName,givenName,surname,displayName,mail,mailNickname,accountEnabled";
  private static final String GROUP_FIELDS =
      "displayName,mailNickname,securityEnabled,groupTypes,members";
  private static final ObjectMapper JSON = new ObjectMapper();
  static final long LIVE_HEAP_PERIOD_MS = 500;

  public static void main(String[] args) throws Exception {
    List<String> flags = List.of(args);
    boolean delta = flags.contains("--delta");
    boolean liveHeap = flags.contains("--live-heap");
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String key :
        new String[] {
          "TenantID",
          "ClientID",
          "ClientSecret",
          "AuthorityHost",
          "GraphEndpoint",
          "TrustStore",
          "TrustStorePassword"
        }) {
      parameters.put(key, System.getenv("ENTRA_" + key.toUpperCase(Locale.ROOT)));
    }
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
    EntraIdProcessEnginePlugin plugin = Engines.plugin(parameters, ConnectionOptions.DEFAULTS);
    // a fresh database the harness made for this JVM (and deletes or drops after it)
    ProcessEngine engine =
        Engines.start(
            System.getenv("BENCH_JDBC_URL"),
            System.getenv("BENCH_JDBC_USER"),
            System.getenv("BENCH_JDBC_PASSWORD"),
            plugin,
            Map.of());
    try {
      EntraConnection connection = plugin.getConnectionRegistry().get("default");
      CamundaDirectoryTarget target =
          new CamundaDirectoryTarget(Engines.configuration(engine), "default");

      long start = System.nanoTime();
      int pages =
          list(connection.graph().background(), "users", USER_FIELDS)
              + list(connection.graph().background(), "groups", GROUP_FIELDS);
      Map<String, Object> baseline = new LinkedHashMap<>();
      baseline.put("event", "baseline");
      baseline.put("ms", (System.nanoTime() - start) / 1e6);
      baseline.put("pages", pages);
      emit(baseline, in);

      Supplier<SyncReport> fullSync =
          () -> new DirectorySync(connection, SyncOptions.defaults(), target).run();
      if (liveHeap) {
        emit(measureLiveHeap(fullSync), in);
        return;
      }
      emit(measure("full", fullSync), in);
      if (delta)
        emit(
            measure(
                "delta", () -> new DirectorySync(connection, SyncOptions.defaults(), target).run()),
            in);
    } finally {
      engine.close();
    }
  }

  /**
   * Reads every page of a delta round, as the sync does (same query, same page size), and keeps
   * nothing.
   */
  private static int list(GraphClient graph, String set, String select) {
    Iterator<Page<JsonNode>> pages =
        graph.pages(
            GraphRequest.get(GraphPath.of(set, "delta"))
                .withQuery("$select", select)
                .withHeader("Prefer", "odata.maxpagesize=999"),
            JsonNode.class);
    int n = 0;
    while (pages.hasNext()) {
      pages.next();
      n++;
    }
    return n;
  }

  private static Map<String, Object> measureLiveHeap(Supplier<SyncReport> sync)
      throws InterruptedException {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("event", "liveHeap");
    HeapMeter.LiveSampler sampler = new HeapMeter.LiveSampler(LIVE_HEAP_PERIOD_MS);
    SyncReport report;
    try {
      report = sync.get();
    } finally {
      sampler.close();
    }
    result.put("heapLivePeakMb", sampler.peakMb());
    result.put("users", report.users());
    return result;
  }

  private static Map<String, Object> measure(String event, Supplier<SyncReport> sync) {
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("event", event);
    try (HeapMeter heap = new HeapMeter()) {
      long cpu = os.getProcessCpuTime();
      long start = System.nanoTime();
      SyncReport report = sync.get();
      result.put("ms", (System.nanoTime() - start) / 1e6);
      result.put("cpuMs", (os.getProcessCpuTime() - cpu) / 1e6);
      result.put("heapPeakMb", heap.peakMb());
      result.put("heapMaxAfterGcMb", heap.maxAfterGcMb());
      result.put("heapBeforeMb", heap.beforeMb());
      result.put("collections", heap.collections());
      result.put("heapRetainedMb", HeapMeter.usedAfterFullGc() / (1024.0 * 1024));
      result.put("heapMaxMb", HeapMeter.maxHeapMb());
      result.put("gc", HeapMeter.collectorNames());
      result.put("mode", report.mode());
      result.put("pages", report.graphPages());
      result.put("skipped", report.skipped().size());
      result.put("users", report.users());
      result.put("groups", report.groups());
      result.put("memberships", report.memberships());
    }
    return result;
  }

  private static void emit(Map<String, Object> result, BufferedReader in) throws IOException {
    System.out.println(PREFIX + JSON.writeValueAsString(result));
    System.out.flush();
    in.readLine(); // the harness has read the emulator's log for this phase
  }
}
