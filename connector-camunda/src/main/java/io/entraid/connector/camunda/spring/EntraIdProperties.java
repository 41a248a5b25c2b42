package io.entraid.connector.camunda.spring;

import io.entraid.connector.camunda.UncaughtErrors;
import io.entraid.connector.camunda.sync.SyncSettings;
import io.entraid.connector.core.connection.CredentialExpiryCheck;
import io.entraid.connector.core.connection.CredentialExpiryOptions;
import io.entraid.connector.core.connection.EntraIdConnectionType;
import io.entraid.connector.core.graph.GraphClientOptions;
import io.entraid.connector.core.operation.ConnectionPolicy;
import io.entraid.connector.core.trigger.TriggerDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Configuration of the Entra ID connector under {@value #PREFIX}. */
@ConfigurationProperties(prefix = EntraIdProperties.PREFIX)
public class EntraIdProperties {
  public static final String PREFIX = "camunda.bpm.plugin.entraid";

  /** Whether to set up the connector at all. */
  private boolean enabled = true;

  /** Named connections; tasks refer to them by name, and a task that names none uses "default". */
  private Map<String, Connection> connections = new LinkedHashMap<>();

  /** Network settings shared by all connections. */
  private final Http http = new Http();

  /**
   * Whether permanent failures (wrong secret, missing permission, unknown connection) raise an
   * incident at once instead of using up the job's retries, and tasks' retryCycle inputs apply.
   */
  private boolean failedJobHandling = true;

  /**
   * Whether deployments are checked against the connections' granted permissions (a warning per
   * gap).
   */
  private boolean deploymentPreflight = false;

  /**
   * What a business error (ENTRA_NOT_FOUND, ...) that no boundary event, event subprocess or
   * calling process catches does: incident (the task fails with an incident carrying the error's
   * message) or end (Camunda's silent end of the execution). Connections may set their own.
   */
  private UncaughtErrors.Mode uncaughtErrors = UncaughtErrors.Mode.INCIDENT;

  /** How long the health indicator reuses a connection test before testing again. */
  private Duration healthCacheTtl = Duration.ofSeconds(60);

  /** How directory syncs share a node and a cluster. */
  private final Sync sync = new Sync();

  /**
   * How long before a connection's credential expires the health indicator shows a warning and a
   * daily warning is logged.
   */
  private Duration credentialExpiryWarning = CredentialExpiryOptions.DEFAULT_WARNING;

  /** How long an expiry read from Microsoft Graph is reused (one Graph request per period). */
  private Duration credentialExpiryCacheTtl = CredentialExpiryOptions.DEFAULT_CACHE_TTL;

  /** Connections stored in the engine database, managed through the REST API. */
  private final ConnectionStore connectionStore = new ConnectionStore();

  public ConnectionStore getConnectionStore() {
    return connectionStore;
  }

  public static class ConnectionStore {
    /**
     * The key that encrypts stored secrets: 256 bits in base64 (openssl rand -base64 32), the same
     * on every node, kept outside the database. Without it (or a key store) the store is disabled.
     */
    private String key;

    /** A PKCS12 key store holding the AES key, instead of key. */
    private String keyStore;

    /** The key store's password. */
    private String keyStorePassword;

    /** The AES key's alias in the key store. */
    private String keyAlias =
        io.entraid.connector.camunda.EntraIdProcessEnginePlugin.DEFAULT_KEY_ALIAS;

    /** How often each node checks for changed stored connections; a change is used within it. */
    private Duration pollInterval =
        io.entraid.connector.camunda.EntraIdProcessEnginePlugin.DEFAULT_POLL_INTERVAL;

    public String getKey() {
      return key;
    }

    public void setKey(String key) {
      this.key = key;
    }

    public String getKeyStore() {
      return keyStore;
    }

    public void setKeyStore(String keyStore) {
      this.keyStore = keyStore;
    }

    public String getKeyStorePassword() {
      return keyStorePassword;
    }

    public void setKeyStorePassword(String keyStorePassword) {
      this.keyStorePassword = keyStorePassword;
    }

    public String getKeyAlias() {
      return keyAlias;
    }

    public void setKeyAlias(String keyAlias) {
      this.keyAlias = keyAlias;
    }

    public Duration getPollInterval() {
      return pollInterval;
    }

    public void setPollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
    }

    @Override
    public String toString() {
      return "ConnectionStore[key="
          + (key == null ? "unset" : "set")
          + ", keyStore="
          + keyStore
          + ", keyAlias="
          + keyAlias
          + ", pollInterval="
          + pollInterval
          + "]";
    }
  }

  /**
   * Directory change triggers by name: each polls Graph's delta queries of its connection and
   * correlates a BPMN message per change (see the README's Triggers section).
   */
  private Map<String, Trigger> triggers = new LinkedHashMap<>();

  /**
   * How long the job log of trigger polls and deliveries is kept before the history cleanup removes
   * it (their jobs belong to no process instance, so the engine sets no removal time).
   */
  private Duration triggerJobLogTimeToLive =
      io.entraid.connector.camunda.trigger.TriggerJobLogs.DEFAULT_TIME_TO_LIVE;

  public static class Trigger {
    /** The connection whose directory the trigger follows; empty: default. */
    private String connection;

    /**
     * The event kinds delivered, at least one: userCreated, userUpdated, userDisabled, userEnabled,
     * userDeleted, userRestored, managerChanged, groupCreated, groupDeleted, groupMemberAdded,
     * groupMemberRemoved.
     */
    private List<String> events = new ArrayList<>();

    /**
     * The user properties whose changes make userUpdated; empty: department, jobTitle,
     * accountEnabled, displayName, mail, manager.
     */
    private List<String> watch = new ArrayList<>();

    /**
     * Which events pass: a watched user property and its value(s) (department: Sales), group or
     * groups (ids or display names), group-prefix.
     */
    private Map<String, List<String>> filter = new LinkedHashMap<>();

    /** The message correlated for every event of this trigger; empty: entraid.<event>. */
    private String message;

    /** How often the trigger polls, ISO-8601 (PT1M) or 30s, 5m, 1h. */
    private String pollInterval;

    public TriggerDefinition.Settings toSettings() {
      return new TriggerDefinition.Settings(
          connection, events, watch, filter, message, pollInterval);
    }

    public String getConnection() {
      return connection;
    }

    public void setConnection(String connection) {
      this.connection = connection;
    }

    public List<String> getEvents() {
      return events;
    }

    public void setEvents(List<String> events) {
      this.events = events;
    }

    public List<String> getWatch() {
      return watch;
    }

    public void setWatch(List<String> watch) {
      this.watch = watch;
    }

    public Map<String, List<String>> getFilter() {
      return filter;
    }

    public void setFilter(Map<String, List<String>> filter) {
      this.filter = filter;
    }

    public String getMessage() {
      return message;
    }

    public void setMessage(String message) {
      this.message = message;
    }

    public String getPollInterval() {
      return pollInterval;
    }

    public void setPollInterval(String pollInterval) {
      this.pollInterval = pollInterval;
    }
  }

  public Map<String, Trigger> getTriggers() {
    return triggers;
  }

  public void setTriggers(Map<String, Trigger> triggers) {
    this.triggers = triggers;
  }

  public Duration getTriggerJobLogTimeToLive() {
    return triggerJobLogTimeToLive;
  }

  public void setTriggerJobLogTimeToLive(Duration triggerJobLogTimeToLive) {
    this.triggerJobLogTimeToLive = triggerJobLogTimeToLive;
  }

  public static class Connection {
    /** The connection type; only EntraID is supported. */
    private String type = EntraIdConnectionType.NAME;

    /**
     * The type's key-value parameters: TenantID, ClientID and one credential (ClientSecret,
     * ClientSecretFile, ClientCertificate with ClientCertificatePassword and SendX5C,
     * ClientAssertionFile, or ManagedIdentity without TenantID and ClientID), and optionally Cloud,
     * AuthorityHost, GraphEndpoint (the README's connection keys table lists them all).
     */
    private Map<String, String> parameters = new LinkedHashMap<>();

    /**
     * If true, bad parameters are logged at start-up instead of stopping the application; tasks
     * using it fail.
     */
    private boolean lazy = false;

    /** Attempts per Graph request for this connection; empty: http.max-attempts. */
    private Integer maxAttempts;

    /** Overall time one Graph call of this connection may take; empty: http.deadline. */
    private Duration deadline;

    /**
     * This connection's uncaught-errors mode (incident or end); empty: the global uncaught-errors.
     */
    private UncaughtErrors.Mode uncaughtErrors;

    /** What the connection may be used for: operations, processes, graphRequest calls. */
    private final Policy policy = new Policy();

    /**
     * Whether the client secret's expiry is read from Microsoft Graph (graph; needs the application
     * permission Application.Read.All) or not (off: expiry unknown). A certificate's expiry is read
     * locally either way.
     */
    private CredentialExpiryCheck credentialExpiryCheck = CredentialExpiryCheck.OFF;

    public CredentialExpiryCheck getCredentialExpiryCheck() {
      return credentialExpiryCheck;
    }

    public void setCredentialExpiryCheck(CredentialExpiryCheck credentialExpiryCheck) {
      this.credentialExpiryCheck = credentialExpiryCheck;
    }

    public UncaughtErrors.Mode getUncaughtErrors() {
      return uncaughtErrors;
    }

    public void setUncaughtErrors(UncaughtErrors.Mode uncaughtErrors) {
      this.uncaughtErrors = uncaughtErrors;
    }

    public Policy getPolicy() {
      return policy;
    }

    public Integer getMaxAttempts() {
      return maxAttempts;
    }

    public void setMaxAttempts(Integer maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    public Duration getDeadline() {
      return deadline;
    }

    public void setDeadline(Duration deadline) {
      this.deadline = deadline;
    }

    public String getType() {
      return type;
    }

    public void setType(String type) {
      this.type = type;
    }

    public Map<String, String> getParameters() {
      return parameters;
    }

    public void setParameters(Map<String, String> parameters) {
      this.parameters = parameters;
    }

    public boolean isLazy() {
      return lazy;
    }

    public void setLazy(boolean lazy) {
      this.lazy = lazy;
    }

    @Override
    public String toString() {
      return "Connection[type=" + type + ", keys=" + parameters.keySet() + ", lazy=" + lazy + "]";
    }
  }

  /** A connection's policy; see {@link ConnectionPolicy}. */
  public static class Policy {
    /**
     * Operations the connection may run; empty: all except graphRequest (allowed once
     * graph-requests is set).
     */
    private List<String> operations = new ArrayList<>();

    /** Process definition keys or patterns (entra-*) that may use the connection; empty: any. */
    private List<String> processes = new ArrayList<>();

    /**
     * Calls graphRequest may send, each "METHOD path" (* one segment, final ** any), e.g. "GET
     * users/*"; empty: none.
     */
    private List<String> graphRequests = new ArrayList<>();

    public ConnectionPolicy toPolicy() {
      return ConnectionPolicy.of(operations, processes, graphRequests);
    }

    public List<String> getOperations() {
      return operations;
    }

    public void setOperations(List<String> operations) {
      this.operations = operations;
    }

    public List<String> getProcesses() {
      return processes;
    }

    public void setProcesses(List<String> processes) {
      this.processes = processes;
    }

    public List<String> getGraphRequests() {
      return graphRequests;
    }

    public void setGraphRequests(List<String> graphRequests) {
      this.graphRequests = graphRequests;
    }
  }

  public static class Http {
    /** Timeout for opening a connection to Entra ID or Graph. */
    private Duration connectTimeout = Duration.ofSeconds(10);

    /** Timeout for an answer to arrive. */
    private Duration readTimeout = Duration.ofSeconds(30);

    /** Attempts per Graph request (throttling, 503, 504, network errors), the first included. */
    private int maxAttempts = 6;

    /** Overall time one Graph call may take, waits included. */
    private Duration deadline = Duration.ofMinutes(2);

    /** First wait when Graph gives no Retry-After; doubles per attempt. */
    private Duration initialBackoff = Duration.ofSeconds(1);

    /** Longest single wait between attempts. */
    private Duration maxBackoff = Duration.ofSeconds(60);

    /**
     * How long a request naming a possibly new object retries "does not exist" while Entra ID
     * replicates; 0s: off.
     */
    private Duration replicationWindow = GraphClientOptions.DEFAULT_REPLICATION_WINDOW;

    public Duration getConnectTimeout() {
      return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
    }

    public Duration getReadTimeout() {
      return readTimeout;
    }

    public void setReadTimeout(Duration readTimeout) {
      this.readTimeout = readTimeout;
    }

    public int getMaxAttempts() {
      return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    public Duration getDeadline() {
      return deadline;
    }

    public void setDeadline(Duration deadline) {
      this.deadline = deadline;
    }

    public Duration getInitialBackoff() {
      return initialBackoff;
    }

    public void setInitialBackoff(Duration initialBackoff) {
      this.initialBackoff = initialBackoff;
    }

    public Duration getMaxBackoff() {
      return maxBackoff;
    }

    public void setMaxBackoff(Duration maxBackoff) {
      this.maxBackoff = maxBackoff;
    }

    public Duration getReplicationWindow() {
      return replicationWindow;
    }

    public void setReplicationWindow(Duration replicationWindow) {
      this.replicationWindow = replicationWindow;
    }
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public Map<String, Connection> getConnections() {
    return connections;
  }

  public void setConnections(Map<String, Connection> connections) {
    this.connections = connections;
  }

  public Sync getSync() {
    return sync;
  }

  public static class Sync {
    /**
     * How many directory syncs this node runs at once; more end at once with a skipped report. Each
     * running sync holds two of the engine's pooled connections while it commits a page: keep this
     * well below the pool's size.
     */
    private int maxConcurrentRuns = SyncSettings.DEFAULT_MAX_CONCURRENT_RUNS;

    /**
     * How long a sync's lease on its connection lasts unless renewed (every commit renews it): a
     * node that died mid-sync blocks that connection's sync for at most this long. Keep it well
     * above the Graph deadline.
     */
    private Duration leaseDuration = SyncSettings.DEFAULT_LEASE_DURATION;

    /**
     * This node's name in sync leases and in the report of a run that found a lease held (default
     * pid@host).
     */
    private String nodeName;

    public int getMaxConcurrentRuns() {
      return maxConcurrentRuns;
    }

    public void setMaxConcurrentRuns(int maxConcurrentRuns) {
      this.maxConcurrentRuns = maxConcurrentRuns;
    }

    public Duration getLeaseDuration() {
      return leaseDuration;
    }

    public void setLeaseDuration(Duration leaseDuration) {
      this.leaseDuration = leaseDuration;
    }

    public String getNodeName() {
      return nodeName;
    }

    public void setNodeName(String nodeName) {
      this.nodeName = nodeName;
    }

    SyncSettings toSettings() {
      return new SyncSettings(maxConcurrentRuns, leaseDuration, nodeName, null);
    }
  }

  public Http getHttp() {
    return http;
  }

  public boolean isFailedJobHandling() {
    return failedJobHandling;
  }

  public void setFailedJobHandling(boolean failedJobHandling) {
    this.failedJobHandling = failedJobHandling;
  }

  public boolean isDeploymentPreflight() {
    return deploymentPreflight;
  }

  public void setDeploymentPreflight(boolean deploymentPreflight) {
    this.deploymentPreflight = deploymentPreflight;
  }

  public UncaughtErrors.Mode getUncaughtErrors() {
    return uncaughtErrors;
  }

  public void setUncaughtErrors(UncaughtErrors.Mode uncaughtErrors) {
    this.uncaughtErrors = uncaughtErrors;
  }

  /** The global mode with each connection's own. */
  public UncaughtErrors uncaughtErrorsByConnection() {
    Map<String, UncaughtErrors.Mode> own = new LinkedHashMap<>();
    connections.forEach(
        (name, connection) -> {
          if (connection.getUncaughtErrors() != null) own.put(name, connection.getUncaughtErrors());
        });
    return new UncaughtErrors(uncaughtErrors, own);
  }

  public Duration getCredentialExpiryWarning() {
    return credentialExpiryWarning;
  }

  public void setCredentialExpiryWarning(Duration credentialExpiryWarning) {
    this.credentialExpiryWarning = credentialExpiryWarning;
  }

  public Duration getCredentialExpiryCacheTtl() {
    return credentialExpiryCacheTtl;
  }

  public void setCredentialExpiryCacheTtl(Duration credentialExpiryCacheTtl) {
    this.credentialExpiryCacheTtl = credentialExpiryCacheTtl;
  }

  /** The expiry watch every connection starts from; each sets its own check. */
  CredentialExpiryOptions credentialExpiryOptions() {
    return new CredentialExpiryOptions(
        CredentialExpiryCheck.OFF, credentialExpiryWarning, credentialExpiryCacheTtl);
  }

  public Duration getHealthCacheTtl() {
    return healthCacheTtl;
  }

  public void setHealthCacheTtl(Duration healthCacheTtl) {
    this.healthCacheTtl = healthCacheTtl;
  }
}
