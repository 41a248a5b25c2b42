package io.entraid.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The figures of one harness run: printed as a table, written as JSON. */
final class Report {
  /** One figure; {@code target} and {@code met} are null for figures without a target. */
  record Figure(
      String scenario, String metric, Object value, String unit, String target, Boolean met) {}

  private final List<Figure> figures = new ArrayList<>();
  private final Map<String, Map<String, Object>> details = new LinkedHashMap<>();
  private final Map<String, Object> environment = new LinkedHashMap<>();

  void environment(String key, Object value) {
    environment.put(key, value);
  }

  void figure(String scenario, String metric, Object value, String unit) {
    figures.add(new Figure(scenario, metric, value, unit, null, null));
  }

  void target(
      String scenario, String metric, Object value, String unit, String target, boolean met) {
    figures.add(new Figure(scenario, metric, value, unit, target, met));
  }

  /** Raw material behind the figures (every run's values, request breakdowns): JSON only. */
  void detail(String scenario, String key, Object value) {
    details.computeIfAbsent(scenario, k -> new LinkedHashMap<>()).put(key, value);
  }

  void print(PrintStream out) {
    int s = 8, m = 6, v = 5, t = 6;
    for (Figure f : figures) {
      s = Math.max(s, f.scenario().length());
      m = Math.max(m, f.metric().length());
      v = Math.max(v, value(f).length());
      t = Math.max(t, f.target() == null ? 0 : f.target().length());
    }
    String format = "%-" + s + "s  %-" + m + "s  %" + v + "s  %-" + t + "s  %s%n";
    out.printf(format, "scenario", "metric", "value", "target", "");
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
    Object value = f.value();
    String text =
        value instanceof Double d
            ? String.format(Locale.ROOT, d >= 100 ? "%.0f" : d >= 10 ? "%.1f" : "%.2f", d)
            : String.valueOf(value);
    return f.unit().isEmpty() ? text : text + " " + f.unit();
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

  /** Median of a sample: timings are reported as medians of several runs. */
  static double median(List<? extends Number> values) {
    double[] sorted = values.stream().mapToDouble(Number::doubleValue).sorted().toArray();
    if (sorted.length == 0) return Double.NaN;
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}
