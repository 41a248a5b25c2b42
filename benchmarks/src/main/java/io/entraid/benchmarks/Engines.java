package io.entraid.benchmarks;

import io.entraid.connector.camunda.EntraIdProcessEnginePlugin;
import io.entraid.connector.core.connection.ConnectionOptions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.camunda.spin.plugin.impl.SpinProcessEnginePlugin;

/**
 * Camunda engines (on H2, or on PostgreSQL for the sync benchmarks) with the connector's plugin,
 * configured as a non-Spring user would.
 */
final class Engines {
  private Engines() {}

  /** The plugin for the connection {@code default}, from the parameters an emulator prints. */
  static EntraIdProcessEnginePlugin plugin(
      Map<String, String> parameters, ConnectionOptions options) {
    EntraIdProcessEnginePlugin plugin = new EntraIdProcessEnginePlugin();
    plugin.setTenantId(parameters.get("TenantID"));
    plugin.setClientId(parameters.get("ClientID"));
    plugin.setClientSecret(parameters.get("ClientSecret"));
    plugin.setAuthorityHost(parameters.get("AuthorityHost"));
    plugin.setGraphEndpoint(parameters.get("GraphEndpoint"));
    if (parameters.containsKey("TrustStore")) {
      plugin.setTrustStore(parameters.get("TrustStore"));
      plugin.setTrustStorePassword(parameters.get("TrustStorePassword"));
    }
    plugin.setConnectionOptions(options);
    return plugin;
  }

  /**
   * @param jdbcUrl an H2 URL; sync benchmarks use a file database or PostgreSQL, so the rows a sync
   *     writes do not count as the engine's heap (production databases live elsewhere too)
   */
  static ProcessEngine start(
      String jdbcUrl, EntraIdProcessEnginePlugin plugin, Map<Object, Object> beans) {
    return start(jdbcUrl, "sa", "", plugin, beans);
  }

  static ProcessEngine start(
      String jdbcUrl,
      String user,
      String password,
      EntraIdProcessEnginePlugin plugin,
      Map<Object, Object> beans) {
    ProcessEngineConfigurationImpl configuration = new StandaloneProcessEngineConfiguration();
    configuration.setProcessEngineName("bench-" + UUID.randomUUID());
    if (jdbcUrl.startsWith("jdbc:postgresql:"))
      configuration.setJdbcDriver("org.postgresql.Driver");
    configuration.setJdbcUrl(jdbcUrl);
    configuration.setJdbcUsername(user);
    configuration.setJdbcPassword(password);
    configuration.setDatabaseSchemaUpdate("create-drop");
    configuration.setJobExecutorActivate(false);
    configuration.setHistory("audit");
    configuration.setBeans(beans);
    configuration.setProcessEnginePlugins(List.of(new SpinProcessEnginePlugin(), plugin));
    return configuration.buildProcessEngine();
  }

  static String inMemoryH2() {
    return "jdbc:h2:mem:bench-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
  }

  static ProcessEngineConfigurationImpl configuration(ProcessEngine engine) {
    return (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
  }
}
