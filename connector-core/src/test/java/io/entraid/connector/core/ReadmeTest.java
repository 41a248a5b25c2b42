package io.entraid.connector.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.entraid.connector.core.connection.EntraIdConnectionType;
import io.entraid.connector.core.operation.OperationCatalog;
import io.entraid.connector.core.token.Diagnosis;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's reference tables are generated from the code; this keeps them from drifting. After a
 * change, regenerate them (and the element templates) with
 * {@code mvn -pl connector-core,connector-camunda -am test -Dentraid.regenerate=true}.
 */
class ReadmeTest {
  static final Path README = Path.of("..", "README.md");

  @Test
  void connectionKeysTableMatchesTheConnectionType() throws Exception {
    check(EntraIdConnectionType.markdownTable());
  }

  @Test
  void operationsTableMatchesTheCatalog() throws Exception {
    check(OperationCatalog.standard().markdownTable());
  }

  @Test
  void troubleshootingTableMatchesTheDiagnoses() throws Exception {
    check(Diagnosis.markdownTable());
  }

  /** The table that starts with the same header line must equal {@code table}; with -Dentraid.regenerate it is replaced. */
  static synchronized void check(String table) throws Exception {
    String readme = Files.readString(README);
    String header = table.substring(0, table.indexOf('\n') + 1);
    int start = readme.indexOf(header);
    assertThat(start).as("README has no table starting with %s", header).isNotNegative();
    int end = start;
    while (end < readme.length() && readme.startsWith("|", end)) end = readme.indexOf('\n', end) + 1;
    if (Boolean.getBoolean("entraid.regenerate")) {
      readme = readme.substring(0, start) + table + readme.substring(end);
      Files.writeString(README, readme);
      end = start + table.length();
    }
    assertThat(readme.substring(start, end))
        .as("README table is out of date; regenerate with -Dentraid.regenerate=true (see ReadmeTest)")
        .isEqualTo(table);
  }
}
