package io.entraid.connector.camunda;

import io.entraid.connector.camunda.sync.CamundaSyncTargets;
import io.entraid.connector.camunda.sync.SyncSettings;
import io.entraid.connector.camunda.trigger.Triggers;
import io.entraid.connector.core.connection.ConnectionDefinition;
import io.entraid.connector.core.connection.ConnectionOptions;
import io.entraid.connector.core.connection.ConnectionRegistry;
import io.entraid.connector.core.connection.EntraIdConnectionType;
import io.entraid.connector.core.operation.ConnectionPolicies;
import io.entraid.connector.core.operation.ConnectionPolicy;
import io.entraid.connector.core.operation.OperationCatalog;
import io.entraid.connector.core.sync.SyncProgress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.CompositeProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.camunda.bpm.engine.impl.jobexecutor.DefaultFailedJobCommandFactory;
import org.camunda.bpm.engine.impl.jobexecutor.FailedJobCommandFactory;
import org.camunda.spin.plugin.impl.SpinProcessEnginePlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector as a process engine plugin: a plain JavaBean, so it is configured the same way from
 * {@code camunda.cfg.xml}, Camunda Run's {@code process-engine-plugins} YAML or code. It registers
 * the {@code entraId} delegate in the engine's beans (so the same BPMN runs with and without
 * Spring) and makes permanent Entra ID failures raise incidents at once (see {@link
 * EntraIdFailedJobCommandFactory}).
 *
 * <p>One connection is configured with the flat properties ({@code tenantId}, {@code clientId},
 * {@code clientSecret}, ...; name {@code default} unless {@code connectionName} says otherwise),
 * more with {@link #setConnections(Map)}. Spring Boot applications use the auto-configuration
 * instead, which hands its registry in with {@link #setConnectionRegistry(ConnectionRegistry)}.
 */
public class EntraIdProcessEnginePlugin extends AbstractProcessEnginePlugin {
  private static final Logger LOG = LoggerFactory.getLogger(EntraIdProcessEnginePlugin.class);

  private String connectionName = ConnectionRegistry.DEFAULT_NAME;
  private final Map<String, String> flat = new LinkedHashMap<>();
  private Map<String, Map<String, String>> connections = new LinkedHashMap<>();
  private ConnectionOptions options = ConnectionOptions.DEFAULTS;
  private String trustStore;
  private String trustStorePassword;
  private ConnectionRegistry registry;
  private OperationCatalog catalog;
  private int syncMaxConcurrentRuns = SyncSettings.DEFAULT_MAX_CONCURRENT_RUNS;
  private Duration syncLeaseDuration = SyncSettings.DEFAULT_LEASE_DURATION;
  private String syncNodeName;
  private final Map<String, ConnectionPolicy> policies = new LinkedHashMap<>();
  private ConnectionPolicies connectionPolicies;
  private boolean failedJobHandling = true;
  private boolean deploymentPreflight = false;
  private PermissionPreflight preflight;
  private UncaughtErrors uncaughtErrors = UncaughtErrors.INCIDENT;
  private SensitiveVariables sensitiveVariables;
  private Map<String, Map<String, String>> triggerSettings = new LinkedHashMap<>();
  private Triggers triggers;

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    requireSpin(configuration);
    if (catalog == null) {
      catalog =
          OperationCatalog.standard(
              new CamundaSyncTargets(SyncProgress.Listener.NONE, syncSettings()));
    }
    if (registry == null) {
      ConnectionOptions effective =
          trustStore == null
              ? options
              : options.withSslContext(TrustStores.sslContext(trustStore, trustStorePassword));
      registry = ConnectionRegistry.of(definitions(), effective);
    }
    if (connectionPolicies == null) connectionPolicies = ConnectionPolicies.of(policies, catalog);
    if (triggers == null) triggers = Triggers.ofFlat(triggerSettings, registry.names());
    if (!triggers.isEmpty()) {
      if (configuration.getCustomJobHandlers() == null)
        configuration.setCustomJobHandlers(new ArrayList<>());
      configuration.getCustomJobHandlers().addAll(triggers.jobHandlers(registry));
    }
    configuration.setBeans(
        new BeansWithDelegate(
            configuration.getBeans(),
            EntraIdDelegate.BEAN_NAME,
            new EntraIdDelegate(registry, catalog, connectionPolicies, uncaughtErrors)));
    if (failedJobHandling) {
      FailedJobCommandFactory current = configuration.getFailedJobCommandFactory();
      if (!(current instanceof EntraIdFailedJobCommandFactory)) {
        configuration.setFailedJobCommandFactory(
            new EntraIdFailedJobCommandFactory(
                current != null ? current : new DefaultFailedJobCommandFactory()));
      }
    }
    sensitiveVariables = new SensitiveVariables(catalog);
    if (configuration.getCustomPreBPMNParseListeners() == null)
      configuration.setCustomPreBPMNParseListeners(new ArrayList<>());
    configuration.getCustomPreBPMNParseListeners().add(sensitiveVariables);
    if (deploymentPreflight) {
      preflight = new PermissionPreflight(registry, catalog, connectionPolicies);
      if (configuration.getCustomPostBPMNParseListeners() == null)
        configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
      configuration.getCustomPostBPMNParseListeners().add(preflight);
      if (configuration.getCustomPostDeployers() == null)
        configuration.setCustomPostDeployers(new ArrayList<>());
      configuration.getCustomPostDeployers().add(preflight);
    }
    LOG.info(
        "Entra ID connector: bean '{}' registered with connections {}",
        EntraIdDelegate.BEAN_NAME,
        registry.names());
  }

  /**
   * The history level is known only after init; sensitive inputs are kept out of whichever is
   * configured.
   */
  @Override
  public void postInit(ProcessEngineConfigurationImpl configuration) {
    configuration.setHistoryLevel(
        sensitiveVariables.wrap(
            configuration.getHistoryLevel(), configuration.getDeploymentCache()));
  }

  /** Triggers: their tables and poll jobs, once the engine can run commands. */
  @Override
  public void postProcessEngineBuild(org.camunda.bpm.engine.ProcessEngine engine) {
    triggers.start((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration());
  }

  /**
   * Directory change triggers by name, each with the keys {@code connection}, {@code events} and
   * {@code watch} (comma-separated), {@code filter.<key>} ({@code filter.department}, {@code
   * filter.groups}, {@code filter.group-prefix}), {@code message} and {@code poll-interval}; see
   * the README's Triggers section. Validated when the engine is built.
   */
  public void setTriggers(Map<String, Map<String, String>> triggers) {
    this.triggerSettings = new LinkedHashMap<>(triggers);
  }

  /**
   * Triggers validated elsewhere (the Spring Boot auto-configuration); the plugin's own trigger
   * settings are then ignored.
   */
  public void setTriggerDefinitions(Triggers triggers) {
    this.triggers = triggers;
  }

  /** The engine's triggers, once it is built. */
  public Triggers getTriggers() {
    return triggers;
  }

  /**
   * JSON results need Spin's JSON variable type; say so at start-up rather than at the first task.
   */
  private static void requireSpin(ProcessEngineConfigurationImpl configuration) {
    if (!containsSpin(configuration.getProcessEnginePlugins())) {
      LOG.warn(
          "ENTRAID-02001 Entra ID connector: the Spin plugin (org.camunda.spin.plugin.impl.SpinProcessEnginePlugin) is not"
              + " registered; operations that return objects or lists will fail to store their result. Add it to the"
              + " engine's process engine plugins (Spring Boot and Camunda Run register it when it is on the classpath).");
    }
  }

  /**
   * Spring Boot hands its plugins over wrapped in one composite plugin, and registers Spin as a
   * subclass ({@code SpringBootSpinProcessEnginePlugin}).
   */
  static boolean containsSpin(List<ProcessEnginePlugin> plugins) {
    for (ProcessEnginePlugin p : plugins) {
      if (p instanceof SpinProcessEnginePlugin) return true;
      if (p instanceof CompositeProcessEnginePlugin composite
          && containsSpin(composite.getPlugins())) return true;
    }
    return false;
  }

  List<ConnectionDefinition> definitions() {
    List<ConnectionDefinition> definitions = new ArrayList<>();
    if (!flat.isEmpty())
      definitions.add(new ConnectionDefinition(connectionName, EntraIdConnectionType.NAME, flat));
    connections.forEach(
        (name, parameters) ->
            definitions.add(
                new ConnectionDefinition(name, EntraIdConnectionType.NAME, parameters)));
    return definitions;
  }

  public ConnectionRegistry getConnectionRegistry() {
    return registry;
  }

  /**
   * A registry built elsewhere (the Spring Boot auto-configuration); the plugin's own properties
   * are then ignored.
   */
  public void setConnectionRegistry(ConnectionRegistry registry) {
    this.registry = registry;
  }

  /**
   * Policies built elsewhere (the Spring Boot auto-configuration); the plugin's own policy
   * properties are then ignored.
   */
  public void setConnectionPolicies(ConnectionPolicies policies) {
    this.connectionPolicies = policies;
  }

  /**
   * Connection name to its policy: {@code operations}, {@code processes} and {@code
   * graph-requests}, each comma-separated (see {@link ConnectionPolicy}). A connection without one
   * has the default policy: every operation except graphRequest, for any process.
   */
  public void setPolicies(Map<String, Map<String, String>> policies) {
    policies.forEach(
        (name, settings) ->
            this.policies.put(
                name,
                ConnectionPolicy.of(
                    ConnectionPolicy.split(settings.get(ConnectionPolicy.OPERATIONS)),
                    ConnectionPolicy.split(settings.get(ConnectionPolicy.PROCESSES)),
                    ConnectionPolicy.split(settings.get(ConnectionPolicy.GRAPH_REQUESTS)))));
  }

  /** The policies set on this plugin, by connection name. */
  Map<String, ConnectionPolicy> policies() {
    return Map.copyOf(policies);
  }

  /**
   * A catalog built elsewhere (the Spring Boot auto-configuration); the plugin's own sync settings
   * are then ignored.
   */
  public void setOperationCatalog(OperationCatalog catalog) {
    this.catalog = catalog;
  }

  /**
   * How many directory syncs this node runs at once (default 2); more end at once with a skipped
   * report. Each running sync holds two of the engine's pooled connections while it commits a page:
   * keep this well below the pool's size.
   */
  public void setSyncMaxConcurrentRuns(int value) {
    this.syncMaxConcurrentRuns = value;
  }

  /**
   * How long a sync's lease on its connection lasts unless renewed, as ISO-8601 (default PT5M): a
   * node that died mid-sync blocks that connection's sync for at most this long. Keep it well above
   * the Graph deadline.
   */
  public void setSyncLeaseDuration(String value) {
    try {
      this.syncLeaseDuration = Duration.parse(value.strip());
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(
          "syncLeaseDuration '" + value + "' is not an ISO-8601 duration; fix: e.g. PT5M", e);
    }
  }

  /** The sync settings set on this plugin. */
  SyncSettings syncSettings() {
    return new SyncSettings(syncMaxConcurrentRuns, syncLeaseDuration, syncNodeName, null);
  }

  /**
   * This node's name in sync leases and in the report of a run that found a lease held (default
   * pid@host).
   */
  public void setSyncNodeName(String value) {
    this.syncNodeName = value;
  }

  public void setConnectionOptions(ConnectionOptions options) {
    this.options = options;
  }

  public void setConnectionName(String connectionName) {
    this.connectionName = connectionName;
  }

  public void setTenantId(String value) {
    flat.put(EntraIdConnectionType.TENANT_ID.name(), value);
  }

  public void setClientId(String value) {
    flat.put(EntraIdConnectionType.CLIENT_ID.name(), value);
  }

  public void setClientSecret(String value) {
    flat.put(EntraIdConnectionType.CLIENT_SECRET.name(), value);
  }

  public void setCloud(String value) {
    flat.put(EntraIdConnectionType.CLOUD.name(), value);
  }

  public void setAuthorityHost(String value) {
    flat.put(EntraIdConnectionType.AUTHORITY_HOST.name(), value);
  }

  public void setGraphEndpoint(String value) {
    flat.put(EntraIdConnectionType.GRAPH_ENDPOINT.name(), value);
  }

  /**
   * A PKCS12 trust store for the sign-in host and Graph, instead of the JVM's (for an emulator or a
   * TLS-inspecting proxy). Without it, the JVM's trust store applies (-Djavax.net.ssl.trustStore).
   */
  public void setTrustStore(String path) {
    this.trustStore = path;
  }

  public void setTrustStorePassword(String password) {
    this.trustStorePassword = password;
  }

  /** Connection name to its EntraID parameters (TenantID, ClientID, ClientSecret, ...). */
  public void setConnections(Map<String, Map<String, String>> connections) {
    this.connections = new LinkedHashMap<>(connections);
  }

  /**
   * Whether to install {@link EntraIdFailedJobCommandFactory} (default true): permanent failures
   * raise incidents at once, and tasks' retryCycle inputs apply.
   */
  public void setFailedJobHandling(boolean enabled) {
    this.failedJobHandling = enabled;
  }

  /**
   * What a business error (BPMN error) that nothing in the model catches does: {@code incident}
   * (the default: the task fails with an incident carrying the error's message) or {@code end}
   * (Camunda's silent end of the execution).
   */
  public void setUncaughtErrors(String mode) {
    uncaughtErrors =
        new UncaughtErrors(
            UncaughtErrors.Mode.parse(mode, "uncaughtErrors"), uncaughtErrors.perConnection());
  }

  /**
   * Connection name to its own {@link #setUncaughtErrors uncaughtErrors} mode, overriding the
   * default.
   */
  public void setConnectionUncaughtErrors(Map<String, String> modes) {
    Map<String, UncaughtErrors.Mode> parsed = new LinkedHashMap<>();
    modes.forEach(
        (name, mode) ->
            parsed.put(name, UncaughtErrors.Mode.parse(mode, "connectionUncaughtErrors." + name)));
    uncaughtErrors = new UncaughtErrors(uncaughtErrors.defaultMode(), parsed);
  }

  /** Both uncaught-errors settings at once (the Spring Boot auto-configuration's way). */
  public void setUncaughtErrorHandling(UncaughtErrors uncaughtErrors) {
    this.uncaughtErrors = uncaughtErrors;
  }

  /**
   * Whether deployments are checked against the connections' granted permissions (default false).
   */
  public void setDeploymentPreflight(boolean enabled) {
    this.deploymentPreflight = enabled;
  }

  /** What is kept out of history, once the engine is built. */
  public SensitiveVariables getSensitiveVariables() {
    return sensitiveVariables;
  }

  /** The deployment preflight, when enabled and the engine is built. */
  public PermissionPreflight getPreflight() {
    return preflight;
  }

  @Override
  public String toString() {
    return "EntraIdProcessEnginePlugin[connections="
        + (registry != null
            ? registry.names()
            : definitions().stream().map(ConnectionDefinition::name).toList())
        + "]";
  }
}
