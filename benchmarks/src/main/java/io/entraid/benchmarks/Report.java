package io.entraid.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoublePredicate;

/** The figures of one harness run: printed as a table, written as JSON. */
final class Report {
  /**
   * One figure; {@code target} and {@code met} are null for figures without a target, {@code runs}
   * for figures that are not timed (a timed figure's value is the median of its runs).
   */
  record Figure(
      String scenario,
      String metric,
      Object value,
      String unit,
      String target,
      Boolean met,
      List<Double> runs) {
    Figure(String scenario, String metric, Object value, String unit, String target, Boolean met) {
      this(scenario, metric, value, unit, target, met, null);
    }
  }

  private final List<Figure> figures = new ArrayList<>();
  private final Map<String, Map<String, Object>> details = new LinkedHashMap<>();
  private final Map<String, Object> environment = new LinkedHashMap<>();

  void environment(String key, Object value) {
    environment.put(key, value);
  }

  Map<String, Object> environment() {
    return environment;
  }

  void figure(String scenario, String metric, Object value, String unit) {
    figures.add(new Figure(scenario, metric, value, unit, null, null));
  }

  void target(
      String scenario, String metric, Object value, String unit, String target, boolean met) {
    figures.add(new Figure(scenario, metric, value, unit, target, met));
  }

  /** A timed figure: the median of its runs, shown with their min and max. */
  void timed(String scenario, String metric, List<? extends Number> runs, String unit) {
    figures.add(new Figure(scenario, metric, median(runs), unit, null, null, doubles(runs)));
  }

  /** A timed figure with a target, which its median must meet. */
  void timed(
      String scenario,
      String metric,
      List<? extends Number> runs,
      String unit,
      String target,
      DoublePredicate meets) {
    double median = median(runs);
    figures.add(
        new Figure(scenario, metric, median, unit, target, meets.test(median), doubles(runs)));
  }

  private static List<Double> doubles(List<? extends Number> runs) {
    return runs.stream().map(Number::doubleValue).toList();
  }

  /** Raw material behind the figures (every run's values, request breakdowns): JSON only. */
  void detail(String scenario, String key, Object value) {
    details.computeIfAbsent(scenario, k -> new LinkedHashMap<>()).put(key, value);
  }

  void print(PrintStream out) {
    int s = 8, m = 6, v = 17, t = 6;
    for (Figure f : figures) {
      s = Math.max(s, f.scenario().length());
      m = Math.max(m, f.metric().length());
      v = Math.max(v, value(f).length());
      t = Math.max(t, f.target() == null ? 0 : f.target().length());
    }
    String format = "%-" + s + "s  %-" + m + "s  %" + v + "s  %-" + t + "s  %s%n";
    out.printf(format, "scenario", "metric", "value (min - max)", "target", "");
    out.println("-".repeat(s + m + v + t + 12));
    for (Figure f : figures) {
      out.printf(
          format,
          f.scenario(),
          f.metric(),
          value(f),
          f.target() == null ? "" : f.target(),
          f.met() == null ? "" : f.met() ? "met" : "MISSED");
    }
  }

  private static String value(Figure f) {
    String text = number(f.value());
    if (f.runs() != null && f.runs().size() > 1) {
      text +=
          " ("
              + number(Collections.min(f.runs()))
              + " - "
              + number(Collections.max(f.runs()))
              + ")";
    }
    return f.unit().isEmpty() ? text : text + " " + f.unit();
  }

  /** Doubles to 3 significant digits or so, the rest as they are. */
  static String number(Object value) {
    return value instanceof Double d
        ? String.format(
            Locale.ROOT, Math.abs(d) >= 100 ? "%.0f" : Math.abs(d) >= 10 ? "%.1f" : "%.2f", d)
        : String.valueOf(value);
  }

  void write(Path file) throws IOException {
    Map<String, Object> scenarios = new LinkedHashMap<>();
    for (Figure f : figures) {
      @SuppressWarnings("unchecked")
      Map<String, Object> figuresOf =
          (Map<String, Object>)
              ((Map<String, Object>)
                      scenarios.computeIfAbsent(f.scenario(), k -> new LinkedHashMap<>()))
                  .computeIfAbsent("figures", k -> new LinkedHashMap<>());
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("value", f.value());
      entry.put("unit", f.unit());
      if (f.target() != null) {
        entry.put("target", f.target());
        entry.put("met", f.met());
      }
      if (f.runs() != null) {
        entry.put("min", Collections.min(f.runs()));
        entry.put("max", Collections.max(f.runs()));
        entry.put("runs", f.runs());
      }
      figuresOf.put(f.metric(), entry);
    }
    details.forEach(
        (scenario, values) -> {
          @SuppressWarnings("unchecked")
          Map<String, Object> of =
              (Map<String, Object>) scenarios.computeIfAbsent(scenario, k -> new LinkedHashMap<>());
          of.put("details", values);
        });
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("environment", environment);
    root.put("scenarios", scenarios);
    Files.createDirectories(file.toAbsolutePath().getParent());
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), root);
  }

  /**
   * The README's table of a run, from the JSON {@link #write} wrote: the machine first (its load
   * average tells whether the timings mean something), then every figure, timed ones with the min
   * and max of their runs.
   */
  static String markdown(JsonNode results) {
    StringBuilder t = new StringBuilder("| Scenario | Figure | Median | Min - max | Target | |\n");
    t.append("|---|---|---|---|---|---|\n");
    JsonNode env = results.path("environment");
    row(
        t,
        "machine",
        env.path("cores").asInt() + " cores, " + env.path("java").asText(),
        String.format(
            Locale.ROOT,
            "load average %.2f at start, %.2f at end",
            env.path("loadAverageAtStart").asDouble(),
            env.path("loadAverageAtEnd").asDouble()),
        "",
        "",
        "");
    for (Map.Entry<String, JsonNode> scenario : results.path("scenarios").properties()) {
      for (Map.Entry<String, JsonNode> figure : scenario.getValue().path("figures").properties()) {
        JsonNode f = figure.getValue();
        String unit = f.path("unit").asText("").isEmpty() ? "" : " " + f.path("unit").asText();
        String spread =
            f.has("min") && f.path("runs").size() > 1
                ? number(f.path("min").asDouble()) + " - " + number(f.path("max").asDouble()) + unit
                : "";
        row(
            t,
            scenario.getKey(),
            figure.getKey(),
            number(json(f.path("value"))) + unit,
            spread,
            f.path("target").asText(""),
            f.has("met") ? (f.path("met").asBoolean() ? "met" : "**missed**") : "");
      }
    }
    return t.toString();
  }

  private static void row(StringBuilder t, String... cells) {
    t.append("|");
    for (String cell : cells) t.append(' ').append(cell.replace("|", "\\|")).append(" |");
    t.append('\n');
  }

  /** A JSON value as the harness had it: integers stay integers, other numbers are doubles. */
  private static Object json(JsonNode value) {
    if (value.isIntegralNumber()) return value.asLong();
    if (value.isNumber()) return value.asDouble();
    return value.asText();
  }

  /** Median of a sample: timings are reported as medians of several runs. */
  static double median(List<? extends Number> values) {
    double[] sorted = values.stream().mapToDouble(Number::doubleValue).sorted().toArray();
    if (sorted.length == 0) return Double.NaN;
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}
