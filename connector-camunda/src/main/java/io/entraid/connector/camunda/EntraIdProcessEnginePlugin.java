package io.entraid.connector.camunda;

import io.entraid.connector.camunda.store.ConnectionAdmin;
import io.entraid.connector.camunda.store.ConnectionReloader;
import io.entraid.connector.camunda.store.ConnectionStore;
import io.entraid.connector.camunda.store.SecretCipher;
import io.entraid.connector.camunda.sync.CamundaSyncTargets;
import io.entraid.connector.camunda.sync.SyncSettings;
import io.entraid.connector.camunda.trigger.TriggerJobLogs;
import io.entraid.connector.camunda.trigger.Triggers;
import io.entraid.connector.core.connection.ConnectionDefinition;
import io.entraid.connector.core.connection.ConnectionOptions;
import io.entraid.connector.core.connection.ConnectionRegistry;
import io.entraid.connector.core.connection.CredentialExpiryCheck;
import io.entraid.connector.core.connection.CredentialExpiryOptions;
import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.connection.EntraIdConnectionType;
import io.entraid.connector.core.connection.EntraIdSettings;
import io.entraid.connector.core.operation.ConnectionPolicies;
import io.entraid.connector.core.operation.ConnectionPolicy;
import io.entraid.connector.core.operation.OperationCatalog;
import io.entraid.connector.core.sync.SyncProgress;
import io.entraid.connector.core.trigger.InvalidTriggerException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngines;
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
  private Duration triggerJobLogTimeToLive = TriggerJobLogs.DEFAULT_TIME_TO_LIVE;
  private String syncNodeName;
  private final Map<String, ConnectionPolicy> policies = new LinkedHashMap<>();
  private ConnectionPolicies connectionPolicies;
  private boolean failedJobHandling = true;
  private boolean deploymentPreflight = false;
  private PermissionPreflight preflight;
  private UncaughtErrors uncaughtErrors = UncaughtErrors.INCIDENT;
  private SensitiveVariables sensitiveVariables;
  private final Map<String, CredentialExpiryCheck> credentialExpiryChecks = new LinkedHashMap<>();
  private Duration credentialExpiryWarning = CredentialExpiryOptions.DEFAULT_WARNING;
  private String storeKey;
  private String storeKeyStore;
  private String storeKeyStorePassword;
  private String storeKeyAlias = DEFAULT_KEY_ALIAS;
  private Duration storePollInterval = DEFAULT_POLL_INTERVAL;
  private ConnectionStore store;
  private String storeDisabledReason;
  private ConnectionReloader reloader;
  private ConnectionAdmin admin;

  /** The alias of the store's key in a PKCS12 key store unless configured otherwise. */
  public static final String DEFAULT_KEY_ALIAS = "entraid-connections";

  /** How often each node looks for changed stored connections unless configured otherwise. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(5);

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
    if (registry == null) registry = ConnectionRegistry.of(definitions(), connectionFactory());
    if (connectionPolicies == null) connectionPolicies = ConnectionPolicies.of(policies, catalog);
    EntraIdDelegate delegate =
        new EntraIdDelegate(registry, catalog, connectionPolicies, uncaughtErrors);
    delegate.setStoredUncaughtErrors(this::storedUncaughtErrors);
    if (triggers == null)
      triggers =
          Triggers.ofFlat(
              triggerSettings, registry.names(), isStoreKeySet(storeKey, storeKeyStore));
    if (!triggers.isEmpty()) {
      if (configuration.getCustomJobHandlers() == null)
        configuration.setCustomJobHandlers(new ArrayList<>());
      configuration.getCustomJobHandlers().addAll(triggers.jobHandlers(registry));
    }
    configuration.setBeans(
        new BeansWithDelegate(configuration.getBeans(), EntraIdDelegate.BEAN_NAME, delegate));
    prepareStore(configuration);
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
   * The connection store, when a key is configured: its tables are created on first use of the
   * engine's database, in {@link #postProcessEngineBuild}.
   */
  private void prepareStore(ProcessEngineConfigurationImpl configuration) {
    SecretCipher cipher;
    if (storeKey != null && !storeKey.isBlank()) {
      cipher = SecretCipher.fromBase64(storeKey, "camunda.bpm.plugin.entraid.connection-store.key");
    } else if (storeKeyStore != null && !storeKeyStore.isBlank()) {
      cipher =
          SecretCipher.fromKeyStore(Path.of(storeKeyStore), storeKeyStorePassword, storeKeyAlias);
    } else {
      storeDisabledReason =
          "no encryption key is configured, so connections cannot be stored in the database."
              + " Fix: set camunda.bpm.plugin.entraid.connection-store.key to a 256-bit key in base64"
              + " (openssl rand -base64 32), the same on every node, kept outside the database;"
              + " or connection-store.key-store (PKCS12) with key-store-password and key-alias.";
      return;
    }
    store = new ConnectionStore(configuration::getDataSource, cipher);
    reloader = new ConnectionReloader(store, registry, connectionPolicies, connectionFactory());
  }

  /**
   * Creates the store's tables if missing, loads the stored connections and starts polling for
   * changes; then starts the triggers (their tables and poll jobs) once the engine can run
   * commands.
   */
  @Override
  public void postProcessEngineBuild(ProcessEngine engine) {
    if (store == null) {
      LOG.info("Entra ID connection store disabled: {}", storeDisabledReason);
    } else {
      store.createTables();
      reloader.reload();
      if (!reloader.undecryptable().isEmpty()) {
        LOG.error(
            "ENTRAID-06004 Entra ID connection store: the configured key cannot decrypt the stored connection(s) {};"
                + " they are not usable and the store accepts no changes until the key is right (nothing was"
                + " changed). Fix: configure the key they were saved with"
                + " (camunda.bpm.plugin.entraid.connection-store.key); if it is lost, delete them and create them again.",
            reloader.undecryptable());
      }
      reloader.start(
          storePollInterval, () -> ProcessEngines.getProcessEngines().containsValue(engine));
      LOG.info(
          "Entra ID connection store enabled: stored connections {}, checked for changes every {}",
          store.names(),
          storePollInterval);
    }
    requireTriggerConnections(engine);
    admin =
        new ConnectionAdmin(
            store,
            storeDisabledReason,
            reloader,
            registry,
            catalog,
            connectionPolicies,
            engine.getRepositoryService(),
            Clock.systemUTC(),
            storePollInterval);
    // triggers: their tables and poll jobs, once the engine can run commands
    ProcessEngineConfigurationImpl configuration =
        (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    triggers.start(configuration);
    registry.addListener(
        name -> {
          if (!ProcessEngines.getProcessEngines().containsValue(engine)
              || registry.all().stream().noneMatch(c -> c.name().equals(name))) return;
          try {
            triggers.retryFailedPolls(name, configuration);
          } catch (RuntimeException e) {
            LOG.warn(
                "ENTRAID-04100 Entra ID connection '{}' is usable again, but the failed poll jobs of"
                    + " its triggers could not be retried ({}). Fix: retry their incidents in"
                    + " Cockpit",
                name,
                e.getMessage());
          }
        });
  }

  /**
   * Each trigger's connection must exist, configured or stored, once the store has been read: else
   * the engine is closed again and the start fails with the trigger's problem.
   */
  private void requireTriggerConnections(ProcessEngine engine) {
    try {
      triggers.requireConnections(registry.names());
    } catch (InvalidTriggerException e) {
      if (reloader != null) reloader.close();
      engine.close();
      throw e;
    }
  }

  /**
   * Whether the connection store's key (or key store) is set, which enables the store: triggers may
   * then name stored connections.
   */
  public static boolean isStoreKeySet(String key, String keyStore) {
    return (key != null && !key.isBlank()) || (keyStore != null && !keyStore.isBlank());
  }

  /** A stored connection's own uncaught-errors setting, if it has one. */
  public Optional<UncaughtErrors.Mode> storedUncaughtErrors(String connection) {
    return reloader == null ? Optional.empty() : reloader.uncaughtErrors(connection);
  }

  /** What the connections REST API does, once the engine is built. */
  public ConnectionAdmin getConnectionAdmin() {
    return admin;
  }

  /** The poller of stored connections, or null when the store is disabled. */
  public ConnectionReloader getConnectionReloader() {
    return reloader;
  }

  /**
   * The connection store's encryption key: 256 bits in base64 ({@code openssl rand -base64 32}),
   * the same on every node, never stored in the database. Without a key (or key store) the store is
   * disabled.
   */
  public void setConnectionStoreKey(String base64) {
    this.storeKey = base64;
  }

  /** A PKCS12 key store holding the store's AES key, instead of {@link #setConnectionStoreKey}. */
  public void setConnectionStoreKeyStore(String path) {
    this.storeKeyStore = path;
  }

  public void setConnectionStoreKeyStorePassword(String password) {
    this.storeKeyStorePassword = password;
  }

  /** The key's alias in the key store (default {@value #DEFAULT_KEY_ALIAS}). */
  public void setConnectionStoreKeyAlias(String alias) {
    this.storeKeyAlias = alias;
  }

  /**
   * How often each node checks the store for changed connections, as ISO-8601 (default PT5S): a
   * change saved on one node is used by every node within this time.
   */
  public void setConnectionStorePollInterval(String value) {
    try {
      this.storePollInterval = Duration.parse(value.strip());
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(
          "connectionStorePollInterval '" + value + "' is not an ISO-8601 duration; fix: e.g. PT5S",
          e);
    }
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
    if (!triggers.isEmpty())
      configuration.setHistoryEventHandler(
          new TriggerJobLogs(configuration.getHistoryEventHandler(), triggerJobLogTimeToLive));
  }

  /**
   * How long the job log of trigger polls and deliveries is kept before the engine's history
   * cleanup removes it, as ISO-8601 (default P7D). Those jobs belong to no process instance, so the
   * engine gives their log no removal time of its own.
   */
  public void setTriggerJobLogTimeToLive(String value) {
    this.triggerJobLogTimeToLive = isoDuration("triggerJobLogTimeToLive", value, "P7D");
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

  /** The connector's plugin among an engine's plugins (also inside composite plugins), if any. */
  public static Optional<EntraIdProcessEnginePlugin> of(ProcessEngine engine) {
    return find(
        ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
            .getProcessEnginePlugins());
  }

  private static Optional<EntraIdProcessEnginePlugin> find(List<ProcessEnginePlugin> plugins) {
    for (ProcessEnginePlugin p : plugins) {
      if (p instanceof EntraIdProcessEnginePlugin plugin) return Optional.of(plugin);
      if (p instanceof CompositeProcessEnginePlugin composite) {
        Optional<EntraIdProcessEnginePlugin> inside = find(composite.getPlugins());
        if (inside.isPresent()) return inside;
      }
    }
    return Optional.empty();
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

  /** Builds connections (configured and stored) with the trust store and expiry settings. */
  private Function<EntraIdSettings, EntraConnection> connectionFactory() {
    ConnectionOptions effective =
        trustStore == null
            ? options
            : options.withSslContext(TrustStores.sslContext(trustStore, trustStorePassword));
    CredentialExpiryOptions expiry =
        new CredentialExpiryOptions(
            CredentialExpiryCheck.OFF, credentialExpiryWarning, effective.expiry().cacheTtl());
    return settings ->
        EntraConnection.create(
            settings,
            effective.withExpiry(
                expiry.withCheck(
                    credentialExpiryChecks.getOrDefault(
                        settings.name(), CredentialExpiryCheck.OFF))));
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
    this.syncLeaseDuration = isoDuration("syncLeaseDuration", value, "PT5M");
  }

  private static Duration isoDuration(String property, String value, String example) {
    try {
      return Duration.parse(value.strip());
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(
          property + " '" + value + "' is not an ISO-8601 duration; fix: e.g. " + example, e);
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

  /** A file holding the client secret's Value; read again when it changes. */
  public void setClientSecretFile(String value) {
    flat.put(EntraIdConnectionType.CLIENT_SECRET_FILE.name(), value);
  }

  /** A PKCS12/PFX or PEM file with the certificate and its private key. */
  public void setClientCertificate(String value) {
    flat.put(EntraIdConnectionType.CLIENT_CERTIFICATE.name(), value);
  }

  public void setClientCertificatePassword(String value) {
    flat.put(EntraIdConnectionType.CLIENT_CERTIFICATE_PASSWORD.name(), value);
  }

  /** true or false: send the certificate chain (subject name/issuer authentication). */
  public void setSendX5C(String value) {
    flat.put(EntraIdConnectionType.SEND_X5C.name(), value);
  }

  /** A file with a federated token (workload identity federation); read for every request. */
  public void setClientAssertionFile(String value) {
    flat.put(EntraIdConnectionType.CLIENT_ASSERTION_FILE.name(), value);
  }

  /** system, or a user-assigned managed identity's client ID. */
  public void setManagedIdentity(String value) {
    flat.put(EntraIdConnectionType.MANAGED_IDENTITY.name(), value);
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

  /**
   * Connection name to its EntraID parameters (TenantID, ClientID, one credential such as
   * ClientSecret or ClientCertificate, ...).
   */
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

  /**
   * Connection name to whether its client secret's expiry is read from Microsoft Graph: {@code
   * graph} (needs the application permission Application.Read.All) or {@code off} (the default:
   * expiry unknown). A certificate's expiry is read locally either way.
   */
  public void setConnectionCredentialExpiryCheck(Map<String, String> checks) {
    checks.forEach(
        (name, check) ->
            credentialExpiryChecks.put(
                name,
                CredentialExpiryCheck.parse(check, "connectionCredentialExpiryCheck." + name)));
  }

  /**
   * How long before a connection's credential expires a daily warning is logged, as ISO-8601
   * (default P30D).
   */
  public void setCredentialExpiryWarning(String value) {
    this.credentialExpiryWarning = isoDuration("credentialExpiryWarning", value, "P30D");
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
