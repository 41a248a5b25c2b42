package io.entraid.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The key figures of a harness run as an SVG chart, drawn from the JSON the harness writes (so the
 * committed chart can be redrawn from the committed figures): every figure with a numeric limit as
 * a share of its limit, and each full sync's wall time next to the raw listing of the same pages.
 * Bars are medians; whiskers span the runs' min and max. Plain SVG text, the same JSON always
 * giving the same file.
 */
final class Chart {
  private static final int WIDTH = 900;
  private static final int LABEL = 380;
  private static final int BAR_AREA = WIDTH - LABEL - 150;
  private static final int ROW = 22;

  /** An upper limit such as "<= 1.2", "< 5 %" or "<= 1.0 ms": its number, then maybe a unit. */
  private static final Pattern UPPER_LIMIT =
      Pattern.compile("<=?\\s*([0-9]+(?:\\.[0-9]+)?)\\s*(\\S*)");

  private static final String SYNC_WALL = "wall time";
  private static final String SYNC_BASELINE = "baseline: raw listing of the same pages";

  private record Bar(
      String label, double median, double min, double max, String text, String css) {}

  private Chart() {}

  static String svg(JsonNode results) {
    List<Bar> targets = new ArrayList<>();
    List<Bar> syncs = new ArrayList<>();
    for (Map.Entry<String, JsonNode> scenario : results.path("scenarios").properties()) {
      JsonNode figures = scenario.getValue().path("figures");
      for (Map.Entry<String, JsonNode> figure : figures.properties()) {
        limitBar(scenario.getKey(), figure.getKey(), figure.getValue()).ifPresent(targets::add);
      }
      if (scenario.getKey().startsWith("1 full sync") && figures.has(SYNC_WALL)) {
        syncs.add(secondsBar(scenario.getKey() + ": sync", figures.path(SYNC_WALL), "sync"));
        if (figures.has(SYNC_BASELINE))
          syncs.add(
              secondsBar(
                  scenario.getKey() + ": raw listing", figures.path(SYNC_BASELINE), "listing"));
      }
    }
    JsonNode env = results.path("environment");
    StringBuilder body = new StringBuilder();
    int y = 30;
    text(
        body,
        10,
        y,
        "title",
        String.format(
            Locale.ROOT,
            "Benchmarks: %d cores, load average %.1f at start, %.1f at end; bars are medians, whiskers"
                + " min - max of the runs",
            env.path("cores").asInt(),
            env.path("loadAverageAtStart").asDouble(),
            env.path("loadAverageAtEnd").asDouble()));
    y += 30;
    if (!targets.isEmpty()) {
      text(body, 10, y, "head", "Figures against their limits (1 = the limit, lower is better)");
      y = panel(body, y + 10, targets, 2.0, "limit", 1.0);
    }
    if (!syncs.isEmpty()) {
      double max = syncs.stream().mapToDouble(Bar::max).max().orElse(1);
      text(body, 10, y + 20, "head", "Full sync: wall time and raw listing of the same pages (s)");
      y = panel(body, y + 30, syncs, niceCeiling(max), null, 0);
    }
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\""
        + WIDTH
        + "\" height=\""
        + (y + 20)
        + "\" viewBox=\"0 0 "
        + WIDTH
        + " "
        + (y + 20)
        + "\" font-family=\"sans-serif\" font-size=\"12\">\n"
        + "<style>.title{font-size:14px;font-weight:bold}.head{font-weight:bold}"
        + ".met{fill:#4c9a2a}.missed{fill:#c0392b}.sync{fill:#2c7fb8}.listing{fill:#a6bddb}"
        + ".whisker{stroke:#333;stroke-width:1.5}.limit{stroke:#000;stroke-dasharray:4 3}"
        + ".axis{stroke:#999}</style>\n"
        + "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        + body
        + "</svg>\n";
  }

  /** A figure with a numeric upper limit, as value / limit; empty for the rest. */
  private static Optional<Bar> limitBar(String scenario, String metric, JsonNode f) {
    OptionalDouble limit = limit(f.path("target").asText(""), f.path("unit").asText(""));
    if (limit.isEmpty() || limit.getAsDouble() <= 0 || !f.path("value").isNumber())
      return Optional.empty();
    double l = limit.getAsDouble();
    double median = f.path("value").asDouble();
    String unit = f.path("unit").asText("");
    return Optional.of(
        new Bar(
            scenario + ": " + metric,
            median / l,
            f.path("min").asDouble(median) / l,
            f.path("max").asDouble(median) / l,
            Report.number(median)
                + (unit.isEmpty() ? "" : " " + unit)
                + " / "
                + f.path("target").asText(),
            f.path("met").asBoolean() ? "met" : "missed"));
  }

  /**
   * The number of an upper limit in the figure's own unit; empty for other targets (e.g. "<= 1.05 x
   * minimum" on a request count), which the chart leaves out.
   */
  static OptionalDouble limit(String target, String unit) {
    Matcher m = UPPER_LIMIT.matcher(target.strip());
    return m.matches() && (m.group(2).isEmpty() || m.group(2).equals(unit))
        ? OptionalDouble.of(Double.parseDouble(m.group(1)))
        : OptionalDouble.empty();
  }

  private static Bar secondsBar(String label, JsonNode f, String css) {
    double median = f.path("value").asDouble();
    return new Bar(
        label,
        median,
        f.path("min").asDouble(median),
        f.path("max").asDouble(median),
        Report.number(median) + " s",
        css);
  }

  /** Rows of bars on a scale from 0 to {@code scale}; a dashed line at {@code marker} if set. */
  private static int panel(
      StringBuilder svg, int top, List<Bar> bars, double scale, String markerCss, double marker) {
    int y = top;
    for (Bar bar : bars) {
      text(svg, 10, y + 15, null, bar.label());
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect class=\"%s\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"14\"/>\n",
              bar.css(),
              LABEL,
              y + 4,
              x(bar.median(), scale)));
      if (bar.max() > bar.min()) {
        double mid = y + 11;
        svg.append(
            String.format(
                Locale.ROOT,
                "<line class=\"whisker\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
                LABEL + x(bar.min(), scale),
                mid,
                LABEL + x(bar.max(), scale),
                mid));
      }
      text(svg, LABEL + BAR_AREA + 8, y + 15, null, bar.text());
      y += ROW;
    }
    svg.append(
        String.format(
            Locale.ROOT,
            "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>\n",
            LABEL,
            top,
            LABEL,
            y));
    if (markerCss != null) {
      double mx = LABEL + x(marker, scale);
      svg.append(
          String.format(
              Locale.ROOT,
              "<line class=\"%s\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>\n",
              markerCss,
              mx,
              top,
              mx,
              y));
    }
    text(svg, LABEL, y + 14, null, "0");
    text(svg, LABEL + BAR_AREA - 20, y + 14, null, Report.number(scale));
    return y + 20;
  }

  /** Bar length in pixels, clipped to the panel (a bar beyond the scale ends at its edge). */
  private static double x(double value, double scale) {
    return Math.max(0, Math.min(value, scale)) / scale * BAR_AREA;
  }

  private static double niceCeiling(double max) {
    if (max <= 0) return 1;
    double magnitude = Math.pow(10, Math.floor(Math.log10(max)));
    for (double step : new double[] {1, 2, 5, 10}) {
      if (step * magnitude >= max) return step * magnitude;
    }
    return 10 * magnitude;
  }

  private static void text(StringBuilder svg, int x, int y, String css, String text) {
    svg.append("<text x=\"")
        .append(x)
        .append("\" y=\"")
        .append(y)
        .append('"')
        .append(css == null ? "" : " class=\"" + css + "\"")
        .append('>')
        .append(escape(text))
        .append("</text>\n");
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
