package io.entraid.connector.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.entraid.connector.core.connection.EntraIdConnectionType;
import io.entraid.connector.core.operation.OperationCatalog;
import io.entraid.connector.core.token.Diagnosis;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's reference tables are generated from the code; this keeps them from drifting. */
class ReadmeTest {
  static String readme() throws Exception {
    return Files.readString(Path.of("..", "README.md"));
  }

  @Test
  void connectionKeysTableMatchesTheConnectionType() throws Exception {
    assertThat(readme())
        .as("README's connection keys table is out of date; replace it with EntraIdConnectionType.markdownTable():%n%s",
            EntraIdConnectionType.markdownTable())
        .contains(EntraIdConnectionType.markdownTable());
  }

  @Test
  void operationsTableMatchesTheCatalog() throws Exception {
    String table = OperationCatalog.standard().markdownTable();
    assertThat(readme())
        .as("README's operations table is out of date; replace it with OperationCatalog.standard().markdownTable():%n%s", table)
        .contains(table);
  }

  @Test
  void troubleshootingTableMatchesTheDiagnoses() throws Exception {
    assertThat(readme())
        .as("README's troubleshooting table is out of date; replace it with Diagnosis.markdownTable():%n%s",
            Diagnosis.markdownTable())
        .contains(Diagnosis.markdownTable());
  }
}
