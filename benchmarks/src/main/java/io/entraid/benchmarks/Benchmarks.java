package io.entraid.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.entraid.emulator.EntraEmulator;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark harness: Graph requests, time and heap of the connector against the emulator.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar [sync] [latency] [delta] [membership] [bulk] [tokens] [triggers]
 *     [--runs N] [--large-runs N] [--sizes 10000,100000] [--databases h2,postgres] [--heap-mb 256] [--sync-minutes 10]
 *     [--throttle-percent N] [--latency-ms 100] [--child-opts 'JVM options of the sync JVMs'] [--out FILE]
 * </pre>
 *
 * No scenario named: all of them. Prints a table on stdout (progress goes to stderr), writes the
 * figures as JSON to {@code benchmark-results.json} next to the jar (benchmarks/target/) or to
 * {@code --out}, and a chart of the key figures as SVG next to it ({@link Chart}).
 */
public final class Benchmarks {
  static final long SEED = 7L;
  static final List<String> SCENARIOS =
      List.of("sync", "latency", "delta", "membership", "bulk", "tokens", "triggers");
  private static final Instant STARTED = Instant.now();

  record Options(
      Set<String> scenarios,
      int runs,
      int largeRuns,
      List<Integer> sizes,
      List<String> databases,
      int heapMb,
      int throttlePercent,
      List<String> childOptions,
      int syncMinutes,
      int latencyMs,
      Path out) {

    /** A 100,000-user sync takes minutes: large directories are run fewer times. */
    int runsFor(int users) {
      return users > 20_000 ? largeRuns : runs;
    }
  }

  public static void main(String[] args) throws Exception {
    Options options = parse(args);
    Report report = new Report();
    report.environment("cores", Runtime.getRuntime().availableProcessors());
    report.environment("java", System.getProperty("java.vm.name") + " " + Runtime.version());
    report.environment(
        "loadAverageAtStart", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    report.environment("runsPerTiming", options.runs());
    report.environment("runsOfSyncsAbove20000Users", options.largeRuns());
    report.environment("syncHeapMb", options.heapMb());
    Set<String> s = options.scenarios();
    if (s.contains("sync") || s.contains("delta") || s.contains("latency")) {
      new SyncBenchmarks(report, options).run(s.contains("delta"), s.contains("latency"));
    }
    if (s.contains("membership")) new MembershipBenchmark(report, options).run();
    if (s.contains("bulk")) new BulkBenchmark(report, options).run();
    if (s.contains("tokens")) new TokenBenchmark(report).run();
    if (s.contains("triggers")) new TriggerBenchmark(report, options).run();
    report.environment(
        "loadAverageAtEnd", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    report.environment("durationSeconds", Duration.between(STARTED, Instant.now()).toSeconds());
    report.print(System.out);
    double load =
        Math.max(
            (double) report.environment().get("loadAverageAtStart"),
            (double) report.environment().get("loadAverageAtEnd"));
    int cores = Runtime.getRuntime().availableProcessors();
    if (load > cores) {
      System.out.printf(
          Locale.ROOT,
          "%nThe machine was loaded (load average up to %.1f on %d cores): timings and their"
              + " ratios are not meaningful; run again on a quiet machine.%n",
          load,
          cores);
    }
    report.write(options.out());
    Path chart = chartOf(options.out());
    Files.writeString(chart, Chart.svg(new ObjectMapper().readTree(options.out().toFile())));
    System.out.println();
    System.out.println("Figures written to " + options.out().toAbsolutePath().normalize());
    System.out.println("Chart written to " + chart.toAbsolutePath().normalize());
  }

  static Options parse(String[] args) {
    Set<String> scenarios = new LinkedHashSet<>();
    int runs = 3;
    int largeRuns = 1;
    List<String> childOptions = List.of();
    int syncMinutes = 10;
    List<Integer> sizes = List.of(10_000, 100_000);
    List<String> databases = List.of(SyncBenchmarks.H2, SyncBenchmarks.POSTGRES);
    int heapMb = 256;
    int throttle = 5;
    int latencyMs = 100;
    Path out = defaultOut();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--large-runs" -> largeRuns = Integer.parseInt(args[++i]);
        case "--sync-minutes" -> syncMinutes = Integer.parseInt(args[++i]);
        case "--child-opts" -> childOptions = List.of(args[++i].trim().split("\\s+"));
        case "--sizes" ->
            sizes =
                Arrays.stream(args[++i].split(","))
                    .map(String::trim)
                    .map(Integer::parseInt)
                    .toList();
        case "--databases" ->
            databases = Arrays.stream(args[++i].split(",")).map(String::trim).toList();
        case "--heap-mb" -> heapMb = Integer.parseInt(args[++i]);
        case "--throttle-percent" -> throttle = Integer.parseInt(args[++i]);
        case "--latency-ms" -> latencyMs = Integer.parseInt(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        case "all" -> scenarios.addAll(SCENARIOS);
        default -> {
          if (!SCENARIOS.contains(args[i])) {
            throw new IllegalArgumentException(
                "Unknown argument '"
                    + args[i]
                    + "'. Scenarios: "
                    + SCENARIOS
                    + "; options: --runs N, --large-runs N, --sizes 10000,100000, --databases h2,postgres,"
                    + " --heap-mb N, --sync-minutes N, --throttle-percent N, --latency-ms N,"
                    + " --child-opts 'JVM options', --out FILE (the chart goes next to it)");
          }
          scenarios.add(args[i]);
        }
      }
    }
    if (scenarios.isEmpty()) scenarios.addAll(SCENARIOS);
    if (runs < 1 || largeRuns < 1 || sizes.isEmpty() || latencyMs < 1)
      throw new IllegalArgumentException(
          "--runs and --latency-ms must be at least 1 and --sizes not empty");
    if (databases.isEmpty()
        || !List.of(SyncBenchmarks.H2, SyncBenchmarks.POSTGRES).containsAll(databases))
      throw new IllegalArgumentException(
          "--databases " + databases + ": name h2, postgres or both (h2,postgres)");
    return new Options(
        scenarios,
        runs,
        largeRuns,
        sizes,
        databases,
        heapMb,
        throttle,
        childOptions,
        syncMinutes,
        latencyMs,
        out);
  }

  /** The chart goes next to the figures: benchmark-results.json, benchmark-results.svg. */
  static Path chartOf(Path json) {
    String name = json.getFileName().toString();
    return json.resolveSibling(
        (name.endsWith(".json") ? name.substring(0, name.length() - 5) : name) + ".svg");
  }

  /** benchmarks/target/benchmark-results.json when run from the built jar, else ./target/. */
  private static Path defaultOut() {
    return targetDirectory().resolve("benchmark-results.json");
  }

  /** benchmarks/target when run from the built jar, else ./target. */
  static Path targetDirectory() {
    try {
      Path jar =
          Path.of(Benchmarks.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return jar.toString().endsWith(".jar") ? jar.getParent() : Path.of("target");
    } catch (Exception e) {
      return Path.of("target");
    }
  }

  /** The connection parameters the emulator's command line prints, trust store included. */
  static Map<String, String> parameters(EntraEmulator emulator) {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("TenantID", emulator.tenantId());
    parameters.put("ClientID", emulator.clientId());
    parameters.put("ClientSecret", emulator.clientSecret());
    parameters.put("AuthorityHost", emulator.authorityHost());
    parameters.put("GraphEndpoint", emulator.graphEndpoint());
    parameters.put("TrustStore", emulator.trustStorePath().toString());
    parameters.put("TrustStorePassword", emulator.trustStorePassword());
    return parameters;
  }

  /**
   * The same parameters without the trust store, for connections given the emulator's SSLContext.
   */
  static Map<String, String> inProcessParameters(EntraEmulator emulator) {
    Map<String, String> parameters = parameters(emulator);
    parameters.remove("TrustStore");
    parameters.remove("TrustStorePassword");
    return parameters;
  }

  static String java() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  static void progress(String message) {
    System.err.printf("[%4ds] %s%n", Duration.between(STARTED, Instant.now()).toSeconds(), message);
  }
}
