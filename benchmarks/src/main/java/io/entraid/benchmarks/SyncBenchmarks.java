package io.entraid.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.entraid.emulator.EntraEmulator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * Scenarios 1-3: full sync into Camunda's identity service, the same at --latency-ms latency, and
 * an incremental sync after 1 % of the users changed, on each database of {@code --databases} (H2
 * in a file, PostgreSQL started by the project's script). Each run is a fresh engine on a fresh
 * database in a child JVM with the heap limit under test ({@link SyncChild}); the emulator stays
 * here and counts the requests.
 */
final class SyncBenchmarks {
  static final int GROUPS = 2_000;

  /** Graph's largest page for users and groups (Prefer: odata.maxpagesize=999). */
  static final int MAX_PAGE = 999;

  /** The page Graph (and the emulator) use when the client asks for none. */
  static final int DEFAULT_PAGE = 100;

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One child JVM: its phases as it reported them and the emulator's count of each phase's
   * requests.
   */
  record Run(
      JsonNode baseline,
      JsonNode full,
      JsonNode delta,
      GraphCalls fullCalls,
      GraphCalls deltaCalls,
      int tokens,
      int changedUsers) {}

  private enum Mode {
    FULL,
    FULL_AND_DELTA,
    LIVE_HEAP
  }

  static final String H2 = "h2";
  static final String POSTGRES = "postgres";

  private final Report report;
  private final Benchmarks.Options options;
  private Postgres postgres;

  SyncBenchmarks(Report report, Benchmarks.Options options) {
    this.report = report;
    this.options = options;
  }

  void run(boolean delta, boolean latency) throws Exception {
    if (!options.databases().contains(POSTGRES)) {
      run(delta, latency, null);
      return;
    }
    Benchmarks.progress("sync: starting PostgreSQL (example-process/scripts/start-postgres.sh)");
    try (Postgres started = Postgres.start(Benchmarks.targetDirectory())) {
      report.environment("postgresql", started.version());
      run(delta, latency, started);
    }
  }

  private void run(boolean delta, boolean latency, Postgres postgres) throws Exception {
    this.postgres = postgres;
    for (String database : options.databases()) {
      Map<Integer, List<Run>> bySize = new LinkedHashMap<>();
      Map<Integer, JsonNode> liveHeap = new LinkedHashMap<>();
      for (int users : options.sizes()) {
        // the latency scenario on the first database only: it measures the network, not the writes
        runSize(
            users,
            database,
            delta,
            latency && database.equals(options.databases().get(0)),
            bySize,
            liveHeap);
      }
      reportScaling(bySize, liveHeap, database);
    }
  }

  private void runSize(
      int users,
      String database,
      boolean delta,
      boolean latency,
      Map<Integer, List<Run>> bySize,
      Map<Integer, JsonNode> liveHeap)
      throws Exception {
    String size = label(users) + " " + database;
    Benchmarks.progress(
        "sync "
            + database
            + ": starting the emulator with "
            + users
            + " users and "
            + GROUPS
            + " groups");
    try (EntraEmulator emulator =
        EntraEmulator.builder().users(users).groups(GROUPS).seed(Benchmarks.SEED).start()) {
      List<Run> runs = new ArrayList<>();
      List<Run> slow = new ArrayList<>();
      boolean withLatency = latency && users == options.sizes().get(0);
      for (int i = 1; i <= options.runsFor(users); i++) {
        Benchmarks.progress("sync " + size + ": run " + i + " of " + options.runsFor(users));
        try {
          runs.add(child(emulator, delta ? Mode.FULL_AND_DELTA : Mode.FULL, i, database));
        } catch (IllegalStateException e) {
          Benchmarks.progress(e.getMessage());
          report.target(
              "1 full sync " + size,
              "completes with -Xmx" + options.heapMb() + "m",
              "no: " + e.getMessage(),
              "",
              "yes, within " + options.syncMinutes() + " min",
              false);
          break;
        }
        if (withLatency) {
          // paired with the run above, so both see the same machine load
          Benchmarks.progress(
              "sync "
                  + size
                  + " at "
                  + options.latencyMs()
                  + " ms latency: run "
                  + i
                  + " of "
                  + options.runsFor(users));
          emulator.faults().latencyMs(options.latencyMs());
          try {
            slow.add(child(emulator, Mode.FULL, i, database));
          } finally {
            emulator.faults().latencyMs(0);
          }
        }
      }
      if (runs.isEmpty()) return;
      bySize.put(users, runs);
      Benchmarks.progress("sync " + size + ": one more run, sampling its live heap");
      try {
        liveHeap.put(users, child(emulator, Mode.LIVE_HEAP, 0, database).full());
        report.figure(
            "1 full sync " + size,
            "peak live heap (separate run, full GC every " + SyncChild.LIVE_HEAP_PERIOD_MS + " ms)",
            liveHeap.get(users).path("heapLivePeakMb").asDouble(),
            "MB");
      } catch (IllegalStateException e) {
        Benchmarks.progress(e.getMessage());
        report.target(
            "1 full sync " + size,
            "peak live heap",
            "not measured: " + e.getMessage(),
            "",
            "measured",
            false);
      }
      reportFull(users, database, runs);
      if (delta) reportDelta(users, database, runs);
      if (withLatency && slow.size() == runs.size()) reportLatency(users, database, runs, slow);
    }
  }

  static String label(int users) {
    return users % 1000 == 0 ? users / 1000 + "k" : String.valueOf(users);
  }

  private Run child(EntraEmulator emulator, Mode mode, int runNumber, String database)
      throws IOException, InterruptedException, SQLException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Benchmarks.java(), "-Xmx" + options.heapMb() + "m", "-XX:+ExitOnOutOfMemoryError"));
    command.addAll(options.childOptions());
    command.addAll(
        List.of("-cp", System.getProperty("java.class.path"), SyncChild.class.getName()));
    if (mode == Mode.FULL_AND_DELTA) command.add("--delta");
    if (mode == Mode.LIVE_HEAP) command.add("--live-heap");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    Map<String, String> parameters = Benchmarks.parameters(emulator);
    parameters.forEach(
        (key, value) -> builder.environment().put("ENTRA_" + key.toUpperCase(Locale.ROOT), value));
    if (database.equals(POSTGRES)) {
      postgres.fresh();
      builder.environment().put("BENCH_JDBC_URL", postgres.jdbcUrl());
      builder.environment().put("BENCH_JDBC_USER", Postgres.USER);
      builder.environment().put("BENCH_JDBC_PASSWORD", Postgres.PASSWORD);
      return child(emulator, builder, mode == Mode.FULL_AND_DELTA, runNumber);
    }
    // a file database, so the rows a sync writes do not count as the engine's heap
    java.nio.file.Path db = java.nio.file.Files.createTempDirectory("entraid-bench-h2");
    builder
        .environment()
        .put("BENCH_JDBC_URL", "jdbc:h2:file:" + db.resolve("engine") + ";DB_CLOSE_ON_EXIT=FALSE");
    builder.environment().put("BENCH_JDBC_USER", "sa");
    builder.environment().put("BENCH_JDBC_PASSWORD", "");
    try {
      return child(emulator, builder, mode == Mode.FULL_AND_DELTA, runNumber);
    } finally {
      try (var files = java.nio.file.Files.walk(db)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private Run child(EntraEmulator emulator, ProcessBuilder builder, boolean delta, int runNumber)
      throws IOException, InterruptedException {
    int tokensBefore = emulator.tokenRequestCount(emulator.clientId());
    emulator.clearRequests();
    Process process = builder.start();
    // a sync that outlasts its time limit is stopped: each scenario stays bounded in time
    boolean[] timedOut = {false};
    Thread watchdog =
        new Thread(
            () -> {
              try {
                if (!process.waitFor(
                    options.syncMinutes(), java.util.concurrent.TimeUnit.MINUTES)) {
                  timedOut[0] = true;
                  process.destroyForcibly();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "sync-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    JsonNode baseline = null;
    JsonNode full = null;
    JsonNode deltaResult = null;
    GraphCalls fullCalls = null;
    GraphCalls deltaCalls = null;
    int changed = 0;
    try (BufferedReader out =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Writer in = process.outputWriter(StandardCharsets.UTF_8)) {
      String line;
      while ((line = out.readLine()) != null) {
        if (!line.startsWith(SyncChild.PREFIX)) continue;
        JsonNode result = JSON.readTree(line.substring(SyncChild.PREFIX.length()));
        GraphCalls calls = GraphCalls.of(emulator.requests());
        emulator.clearRequests();
        switch (result.path("event").asText()) {
          case "baseline" -> baseline = result;
          case "full", "liveHeap" -> {
            full = result;
            fullCalls = calls;
            if (delta) changed = changeOnePercent(emulator, runNumber);
          }
          case "delta" -> {
            deltaResult = result;
            deltaCalls = calls;
          }
          default -> throw new IllegalStateException("unknown phase " + line);
        }
        in.write("\n");
        in.flush();
      }
    } catch (IOException e) {
      if (!timedOut[0]) throw e; // else the pipes closed because the watchdog stopped the JVM
    }
    int exit = process.waitFor();
    watchdog.interrupt();
    if (timedOut[0]) {
      throw new IllegalStateException(
          "stopped after "
              + options.syncMinutes()
              + " min"
              + (full == null ? " in the full sync" : " after the full sync"));
    }
    if (exit != 0 || full == null) {
      throw new IllegalStateException(
          "the sync JVM failed with exit code "
              + exit
              + (exit == 3 ? " (out of memory)" : "")
              + "; see its output above");
    }
    return new Run(
        baseline,
        full,
        deltaResult,
        fullCalls,
        deltaCalls,
        emulator.tokenRequestCount(emulator.clientId()) - tokensBefore,
        changed);
  }

  /** Changes the first name of every 100th enabled user: 1 % of the synced users. */
  private static int changeOnePercent(EntraEmulator emulator, int runNumber) {
    var directory = emulator.directory();
    var enabled = directory.users().stream().filter(u -> u.accountEnabled()).toList();
    int changed = 0;
    for (int i = 0; i < enabled.size(); i += 100) {
      directory.updateUser(
          enabled.get(i).id(), Map.of("givenName", "Changed" + runNumber + "x" + i));
      changed++;
    }
    return changed;
  }

  static int minimumRequests(int users, int groups, int pageSize) {
    return ceil(users, pageSize) + ceil(groups, pageSize);
  }

  private static int ceil(int n, int d) {
    return (n + d - 1) / d;
  }

  private static double median(List<Run> runs, ToDoubleFunction<Run> value) {
    return Report.median(values(runs, value));
  }

  private static List<Double> values(List<Run> runs, ToDoubleFunction<Run> value) {
    return runs.stream().map(r -> value.applyAsDouble(r)).toList();
  }

  private void reportFull(int users, String database, List<Run> runs) {
    String s = "1 full sync " + label(users) + " " + database;
    report.detail(s, "database", database);
    // Graph (and the emulator) split a page whose groups carry many members, so the minimum is
    // the pages a raw listing of the same delta queries at 999 gets, never fewer than the formula
    int minimum =
        Math.max(
            minimumRequests(users, GROUPS, MAX_PAGE),
            (int) median(runs, r -> r.baseline().path("pages").asDouble()));
    double requests = median(runs, r -> r.fullCalls().total());
    report.target(
        s, "Graph requests", requests, "", "<= 1.05 x minimum", requests <= 1.05 * minimum);
    report.figure(s, "minimum requests (pages of 999, members split as Graph does)", minimum, "");
    report.target(
        s, "requests / minimum", requests / minimum, "x", "<= 1.05", requests <= 1.05 * minimum);
    report.figure(
        s,
        "minimum at Graph's default page (100)",
        minimumRequests(users, GROUPS, DEFAULT_PAGE),
        "");
    int tokens = runs.stream().mapToInt(Run::tokens).max().orElse(-1);
    report.target(s, "token requests per engine node", tokens, "", "1", tokens == 1);
    report.timed(s, "wall time", values(runs, r -> r.full().path("ms").asDouble() / 1000), "s");
    report.timed(
        s,
        "baseline: raw listing of the same pages",
        values(runs, r -> r.baseline().path("ms").asDouble() / 1000),
        "s");
    List<Double> ratios =
        values(runs, r -> r.full().path("ms").asDouble() / r.baseline().path("ms").asDouble());
    // the target is on 100,000 users; in smaller directories the engine's fixed costs weigh more
    if (users >= 100_000)
      report.timed(s, "wall time / baseline", ratios, "x", "<= 3 x", ratio -> ratio <= 3);
    else report.timed(s, "wall time / baseline", ratios, "x");
    report.timed(
        s,
        "client CPU per 1,000 users",
        values(runs, r -> r.full().path("cpuMs").asDouble() / (users / 1000.0)),
        "ms");
    report.figure(
        s,
        "peak heap (pool peaks)",
        median(runs, r -> r.full().path("heapPeakMb").asDouble()),
        "MB");
    report.figure(
        s,
        "max heap after GC",
        median(runs, r -> r.full().path("heapMaxAfterGcMb").asDouble()),
        "MB");
    report.figure(
        s,
        "heap after GC: before / after the sync",
        String.format(
            java.util.Locale.ROOT,
            "%.0f / %.0f",
            median(runs, r -> r.full().path("heapBeforeMb").asDouble()),
            median(runs, r -> r.full().path("heapRetainedMb").asDouble())),
        "MB");
    boolean complete =
        runs.stream().allMatch(r -> r.full().path("users").path("created").asInt() > 0);
    report.target(
        s,
        "completes with -Xmx" + options.heapMb() + "m",
        complete ? "yes" : "no",
        "",
        users >= 100_000 ? "yes at -Xmx256m" : "",
        complete);
    report.detail(s, "requests by kind (last run)", runs.get(runs.size() - 1).fullCalls().byKind());
    report.detail(
        s,
        "runs",
        runs.stream()
            .map(
                r ->
                    Map.of(
                        "baseline",
                        r.baseline(),
                        "full",
                        r.full(),
                        "graphRequests",
                        r.fullCalls().total(),
                        "tokenRequests",
                        r.tokens()))
            .toList());
  }

  private void reportDelta(int users, String database, List<Run> runs) {
    String s = "3 incremental " + label(users) + " " + database;
    report.detail(s, "database", database);
    int changed = runs.get(0).changedUsers();
    double requests = median(runs, r -> r.deltaCalls().total());
    // each delta query (users, groups) costs one request per page of its changes, at least one
    int floor = Math.max(1, ceil(changed, MAX_PAGE)) + 1;
    report.figure(s, "users changed (1 %)", changed, "");
    report.figure(
        s,
        "users updated by the sync",
        runs.get(0).delta().path("users").path("updated").asInt(),
        "");
    report.figure(s, "floor: 1 request per delta query and page of changes", floor, "");
    report.target(s, "Graph requests", requests, "", "= the floor", requests <= floor);
    report.timed(s, "wall time", values(runs, r -> r.delta().path("ms").asDouble() / 1000), "s");
    report.timed(
        s,
        "time / full sync",
        values(runs, r -> 100 * r.delta().path("ms").asDouble() / r.full().path("ms").asDouble()),
        "%",
        "< 5 %",
        share -> share < 5);
    report.detail(
        s, "requests by kind (last run)", runs.get(runs.size() - 1).deltaCalls().byKind());
    report.detail(
        s,
        "runs",
        runs.stream()
            .map(r -> Map.of("delta", r.delta(), "graphRequests", r.deltaCalls().total()))
            .toList());
  }

  private void reportLatency(int users, String database, List<Run> fast, List<Run> slow) {
    int latency = options.latencyMs();
    String s = "2 full sync " + label(users) + " " + database + " at " + latency + " ms";
    report.detail(s, "database", database);
    double requests = median(slow, r -> r.fullCalls().total());
    double floorS = requests * latency / 1000.0;
    // paired run by run with the sync at 0 ms, so both saw the same machine load
    List<Double> added =
        IntStream.range(0, slow.size())
            .mapToObj(i -> seconds(slow.get(i).full()) - seconds(fast.get(i).full()))
            .toList();
    report.timed(s, "wall time", values(slow, r -> seconds(r.full())), "s");
    report.timed(s, "same sync at 0 ms", values(fast, r -> seconds(r.full())), "s");
    report.figure(
        s,
        "network floor: " + (int) requests + " sequential requests x " + latency + " ms",
        floorS,
        "s");
    report.timed(
        s,
        "time added by latency / floor",
        added.stream().map(a -> a / floorS).toList(),
        "x",
        "<= 1.2",
        ratio -> ratio <= 1.2);
    report.timed(
        s, "floor / wall time at 0 ms", values(fast, r -> floorS / seconds(r.full())), "x");
    // the raw listing of the same pages has no database work to hide the network in
    report.timed(
        s,
        "raw listing: time added / its floor",
        IntStream.range(0, slow.size())
            .mapToObj(
                i ->
                    (seconds(slow.get(i).baseline()) - seconds(fast.get(i).baseline()))
                        / (slow.get(i).baseline().path("pages").asDouble() * latency / 1000.0))
            .toList(),
        "x");
    report.detail(
        s,
        "runs",
        slow.stream()
            .map(
                r ->
                    Map.of(
                        "baseline",
                        r.baseline(),
                        "full",
                        r.full(),
                        "graphRequests",
                        r.fullCalls().total()))
            .toList());
  }

  private static double seconds(JsonNode phase) {
    return phase.path("ms").asDouble() / 1000;
  }

  private void reportScaling(
      Map<Integer, List<Run>> bySize, Map<Integer, JsonNode> liveHeap, String database) {
    if (bySize.size() < 2) return;
    List<Integer> sizes = List.copyOf(bySize.keySet());
    int small = sizes.get(0);
    int large = sizes.get(sizes.size() - 1);
    String s = "1 heap " + label(large) + " vs " + label(small) + " " + database;
    report.detail(s, "database", database);
    if (liveHeap.containsKey(small) && liveHeap.containsKey(large)) {
      double live =
          liveHeap.get(large).path("heapLivePeakMb").asDouble()
              / liveHeap.get(small).path("heapLivePeakMb").asDouble();
      report.target(s, "peak live heap ratio", live, "x", "<= 1.5", live <= 1.5);
    } else {
      report.target(
          s, "peak live heap ratio", "not measured (a live-heap run failed)", "", "<= 1.5", false);
    }
    for (String metric : List.of("heapPeakMb", "heapMaxAfterGcMb")) {
      double ratio =
          median(bySize.get(large), r -> r.full().path(metric).asDouble())
              / median(bySize.get(small), r -> r.full().path(metric).asDouble());
      report.figure(
          s,
          (metric.equals("heapPeakMb") ? "pool-peaks" : "max-after-GC")
              + " heap ratio (bounds, garbage included)",
          ratio,
          "x");
    }
  }
}
