package io.entraid.connector.core;

import io.entraid.connector.core.connection.EntraIdConnectionType;
import io.entraid.connector.core.operation.OperationCatalog;
import io.entraid.connector.core.token.Diagnosis;
import io.entraid.connector.core.trigger.EventKind;
import io.entraid.connector.core.trigger.TriggerDefinition;
import io.entraid.connector.core.trigger.TriggerEvent;
import org.junit.jupiter.api.Test;

/**
 * The README's reference tables are generated from the code; this keeps them from drifting. After a
 * change, regenerate them (and the element templates) with {@code mvn -pl
 * connector-core,connector-camunda -am test -Dentraid.regenerate=true}.
 */
class ReadmeTest {
  private static final String REGENERATE =
      "mvn -pl connector-core,connector-camunda -am test -Dentraid.regenerate=true";

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

  @Test
  void triggerTablesMatchTheEventKindsVariablesAndSettings() throws Exception {
    check(EventKind.markdownTable());
    check(TriggerEvent.variablesTable());
    check(TriggerDefinition.settingsTable());
  }

  private static void check(String table) throws Exception {
    ReadmeTables.check(table, REGENERATE);
  }
}
