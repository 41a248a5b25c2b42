package io.entraid.connector.camunda;

import io.entraid.connector.core.connection.ConnectionOptions;
import io.entraid.connector.core.graph.GraphClientOptions;
import io.entraid.emulator.EntraEmulator;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.camunda.spin.plugin.impl.SpinProcessEnginePlugin;

/** Real engines (H2 in memory, no job executor) whose connection "default" is an emulator. */
public final class TestEngines {
  /** Two quick attempts per Graph call, so failures reach the engine within a test. */
  public static final GraphClientOptions QUICK_RETRIES =
      new GraphClientOptions(
          2,
          Duration.ofSeconds(10),
          Duration.ofMillis(5),
          Duration.ofMillis(10),
          Duration.ofSeconds(1));

  private TestEngines() {}

  /** The plugin as a non-Spring installation configures it, pointed at the emulator. */
  public static EntraIdProcessEnginePlugin plugin(EntraEmulator emulator) {
    EntraIdProcessEnginePlugin plugin = new EntraIdProcessEnginePlugin();
    plugin.setTenantId(emulator.tenantId());
    plugin.setClientId(emulator.clientId());
    plugin.setClientSecret(emulator.clientSecret());
    plugin.setAuthorityHost(emulator.authorityHost());
    plugin.setGraphEndpoint(emulator.graphEndpoint());
    plugin.setConnectionOptions(
        ConnectionOptions.DEFAULTS.withSslContext(emulator.sslContext()).withGraph(QUICK_RETRIES));
    return plugin;
  }

  public static ProcessEngine start(EntraIdProcessEnginePlugin plugin) {
    return start(plugin, configuration -> {});
  }

  public static ProcessEngine start(
      EntraIdProcessEnginePlugin plugin,
      Consumer<StandaloneInMemProcessEngineConfiguration> customize) {
    StandaloneInMemProcessEngineConfiguration configuration =
        new StandaloneInMemProcessEngineConfiguration();
    configuration.setJdbcUrl("jdbc:h2:mem:engine-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=1000");
    configuration.setJobExecutorActivate(false);
    configuration.setHistory("full");
    configuration.setProcessEnginePlugins(List.of(new SpinProcessEnginePlugin(), plugin));
    customize.accept(configuration);
    return configuration.buildProcessEngine();
  }
}
