package io.entraid.connector.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps the README's generated tables from drifting: the table that starts with the same header
 * line must equal the generated one; with {@code -Dentraid.regenerate=true} it is replaced instead.
 * Shared with example-process through this module's test jar.
 */
public final class ReadmeTables {
  /** The README, seen from any module's directory. */
  static final Path README = Path.of("..", "README.md");

  private ReadmeTables() {}

  /**
   * @param regenerate the command that regenerates this table, for the failure message
   */
  public static synchronized void check(String table, String regenerate) throws IOException {
    String readme = Files.readString(README);
    String header = table.substring(0, table.indexOf('\n') + 1);
    int start = readme.indexOf(header);
    assertThat(start).as("README has no table starting with %s", header).isNotNegative();
    int end = start;
    while (end < readme.length() && readme.startsWith("|", end))
      end = readme.indexOf('\n', end) + 1;
    if (Boolean.getBoolean("entraid.regenerate")) {
      readme = readme.substring(0, start) + table + readme.substring(end);
      Files.writeString(README, readme);
      end = start + table.length();
    }
    assertThat(readme.substring(start, end))
        .as("README table is out of date; regenerate with %s", regenerate)
        .isEqualTo(table);
  }
}
