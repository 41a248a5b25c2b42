package io.entraid.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.entraid.connector.core.ReadmeTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's Benchmarks table and the chart it shows are generated from the figures of the
 * harness run committed as {@code docs/benchmark-results.json}; this test fails when they differ.
 * After a run with {@code --out benchmarks/docs/benchmark-results.json}, regenerate with {@value
 * #REGENERATE}.
 */
class BenchmarksReadmeTest {
  static final String REGENERATE =
      "mvn -pl benchmarks -am test -Dtest=BenchmarksReadmeTest"
          + " -Dsurefire.failIfNoSpecifiedTests=false -Dentraid.regenerate=true";

  static final Path FIGURES = Path.of("docs", "benchmark-results.json");

  static JsonNode figures() throws IOException {
    return new ObjectMapper().readTree(FIGURES.toFile());
  }

  @Test
  void readmeShowsTheCommittedFigures() throws IOException {
    ReadmeTables.check(Report.markdown(figures()), REGENERATE);
  }

  @Test
  void committedChartIsDrawnFromTheCommittedFigures() throws IOException {
    String chart = Chart.svg(figures());
    Path committed = Benchmarks.chartOf(FIGURES);
    if (Boolean.getBoolean("entraid.regenerate")) Files.writeString(committed, chart);
    assertThat(Files.readString(committed))
        .as("%s is out of date; regenerate with %s", committed, REGENERATE)
        .isEqualTo(chart);
  }

  @Test
  void theChartComparesAFigureWithItsLimitOnlyInTheFiguresUnit() {
    assertThat(Chart.limit("<= 1.0 ms", "ms")).hasValue(1.0);
    assertThat(Chart.limit("< 5 %", "%")).hasValue(5.0);
    assertThat(Chart.limit("<= 1.2", "x")).hasValue(1.2);
    assertThat(Chart.limit("<= 1.05 x minimum", "")).isEmpty();
    assertThat(Chart.limit("= the floor", "")).isEmpty();
    assertThat(Chart.limit("1", "")).isEmpty();
  }
}
