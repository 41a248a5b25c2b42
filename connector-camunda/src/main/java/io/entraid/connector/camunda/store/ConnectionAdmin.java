package io.entraid.connector.camunda.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entraid.connector.camunda.ElementTemplates;
import io.entraid.connector.camunda.PermissionPreflight;
import io.entraid.connector.core.Secret;
import io.entraid.connector.core.connection.ConnectionDefinition;
import io.entraid.connector.core.connection.ConnectionProblem;
import io.entraid.connector.core.connection.ConnectionRegistry;
import io.entraid.connector.core.connection.ConnectionTestResult;
import io.entraid.connector.core.connection.ConnectionTester;
import io.entraid.connector.core.connection.CredentialExpiry;
import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.connection.EntraIdConnectionType;
import io.entraid.connector.core.connection.EntraIdSettings;
import io.entraid.connector.core.connection.InvalidConnectionException;
import io.entraid.connector.core.connection.ParameterKey;
import io.entraid.connector.core.operation.ConnectionPolicies;
import io.entraid.connector.core.operation.ConnectionPolicy;
import io.entraid.connector.core.operation.Operation;
import io.entraid.connector.core.operation.OperationCatalog;
import io.entraid.connector.core.operation.Permissions;
import io.entraid.connector.core.token.CertificateFile;
import io.entraid.connector.core.token.CertificateSource;
import io.entraid.connector.core.token.Credential;
import io.entraid.connector.core.token.CredentialFileException;
import io.entraid.connector.core.token.Diagnosis;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.RepositoryService;

/**
 * What the connections REST API does, without HTTP: list (secrets masked), create, update, rotate,
 * delete, test, validate and audit. Configured connections are shown read-only; stored ones are
 * written through the {@link ConnectionStore} and applied on this node at once (other nodes within
 * their poll interval). Failures are {@link ApiException}s carrying the HTTP status and the
 * problems, each with its key, the problem and the fix.
 */
public final class ConnectionAdmin {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9_.-]{1,100}$");
  private static final String MASK = "\u2022\u2022\u2022\u2022";

  /** A refused request: HTTP status, a type, a message and, for invalid input, the problems. */
  public static final class ApiException extends RuntimeException {
    private final int status;
    private final String type;
    private final List<ConnectionProblem> problems;

    public ApiException(int status, String type, String message, List<ConnectionProblem> problems) {
      super(message);
      this.status = status;
      this.type = type;
      this.problems = List.copyOf(problems);
    }

    public ApiException(int status, String type, String message) {
      this(status, type, message, List.of());
    }

    public int status() {
      return status;
    }

    public ObjectNode toJson() {
      ObjectNode json = JSON.objectNode();
      json.put("type", type);
      json.put("message", getMessage());
      if (!problems.isEmpty()) json.set("problems", problemsJson(problems));
      return json;
    }
  }

  private record Status(String state, ObjectNode diagnosis, Instant checkedAt) {}

  private final ConnectionStore store;
  private final String disabledReason;
  private final ConnectionReloader reloader;
  private final ConnectionRegistry registry;
  private final OperationCatalog catalog;
  private final ConnectionPolicies policies;
  private final RepositoryService repository;
  private final Clock clock;
  private final Duration pollInterval;
  private final Map<String, Status> statuses = new ConcurrentHashMap<>();

  /**
   * @param store null when the store is disabled
   * @param disabledReason why the store is disabled, or null
   */
  public ConnectionAdmin(
      ConnectionStore store,
      String disabledReason,
      ConnectionReloader reloader,
      ConnectionRegistry registry,
      OperationCatalog catalog,
      ConnectionPolicies policies,
      RepositoryService repository,
      Clock clock,
      Duration pollInterval) {
    this.store = store;
    this.disabledReason = disabledReason;
    this.reloader = reloader;
    this.registry = registry;
    this.catalog = catalog;
    this.policies = policies;
    this.repository = repository;
    this.clock = clock;
    this.pollInterval = pollInterval;
  }

  /** Whether the store is enabled, why not, and how soon other nodes see a change. */
  public ObjectNode storeState() {
    ObjectNode json = JSON.objectNode();
    json.put("enabled", store != null);
    if (store == null) json.put("reason", disabledReason);
    else {
      Set<String> broken = reloader.undecryptable();
      json.put("writable", broken.isEmpty());
      if (!broken.isEmpty()) json.put("reason", wrongKeyMessage(broken));
      json.put("pollInterval", pollInterval.toString());
    }
    return json;
  }

  public ArrayNode list() {
    ArrayNode list = JSON.arrayNode();
    for (String name : registry.configuredNames()) list.add(configured(name));
    if (store != null) {
      for (String name : store.names()) {
        if (!registry.isConfigured(name)) list.add(stored(name));
      }
    }
    return list;
  }

  public ObjectNode get(String name) {
    if (registry.isConfigured(name)) return configured(name);
    requireStore();
    return stored(name);
  }

  public ObjectNode create(JsonNode body, String user) {
    requireWritable();
    String name = text(body, "name");
    List<ConnectionProblem> problems = new ArrayList<>(nameProblems(name));
    if (!problems.isEmpty()) throw invalid("The connection's name is not usable.", problems);
    if (registry.isConfigured(name)) throw definedInConfiguration(name);
    Map<String, String> parameters = parameters(body.get("parameters"), problems);
    List<Map.Entry<String, String>> settingProblems = new ArrayList<>();
    StoredSettings settings = StoredSettings.parse(body.get("settings"), settingProblems);
    problems.addAll(validate(name, parameters, settings, settingProblems));
    refuseErrors(name, problems);
    StoredConnection connection =
        new StoredConnection(
            name,
            EntraIdConnectionType.NAME,
            parameters,
            settings,
            ConnectionStore.newStamp(),
            clock.instant(),
            user);
    if (!store.insert(connection, "create"))
      throw new ApiException(
          409,
          "Conflict",
          "A stored connection named '"
              + name
              + "' exists already. Fix: choose another name, or change that one (PATCH).");
    applied(name);
    return stored(name);
  }

  /** A partial update: given parameters and settings replace theirs; an absent secret is kept. */
  public ObjectNode update(String name, JsonNode body, String user) {
    return change(name, body.get("parameters"), body.path("settings"), user, "update");
  }

  /**
   * Replaces secret parameters only (body: {"ClientSecret": "..."}, or {"ClientCertificate":
   * "<content>", "ClientCertificatePassword": "..."}); audited as a rotation.
   */
  public ObjectNode rotate(String name, JsonNode body, String user) {
    List<ConnectionProblem> problems = new ArrayList<>();
    if (body == null || !body.isObject() || body.isEmpty())
      problems.add(
          problem(
              EntraIdConnectionType.CLIENT_SECRET.name(),
              "The new secret is missing. Fix: send {\"ClientSecret\": \"<the new secret's Value>\"},"
                  + " or {\"ClientCertificate\": \"<the new PEM text, or base64:<the PFX in"
                  + " base64>>\", \"ClientCertificatePassword\": \"<its password, if any>\"}."));
    else
      body.fieldNames()
          .forEachRemaining(
              key -> {
                if (!StoredConnection.isSecret(key))
                  problems.add(
                      problem(
                          key,
                          "'"
                              + key
                              + "' is not a secret; rotate replaces secrets only. Fix: change it with PATCH."));
              });
    if (!problems.isEmpty()) throw invalid("Nothing was rotated.", problems);
    return change(name, body, JSON.objectNode(), user, "rotate");
  }

  private ObjectNode change(
      String name, JsonNode parameterChanges, JsonNode settingChanges, String user, String action) {
    if (registry.isConfigured(name)) throw definedInConfiguration(name);
    requireWritable();
    StoredConnection before = load(name);
    List<ConnectionProblem> problems = new ArrayList<>();
    Map<String, String> changes = parameters(parameterChanges, problems);
    Map<String, String> merged = new LinkedHashMap<>(before.parameters());
    List<String> changed = new ArrayList<>();
    if (parameterChanges != null && parameterChanges.isObject()) {
      parameterChanges
          .fieldNames()
          .forEachRemaining(
              raw -> {
                String key = StoredConnection.canonical(raw);
                String value = changes.get(key);
                boolean remove = value == null || value.isEmpty();
                if (remove && StoredConnection.isSecret(key)) return; // write-only: absent = kept
                String old = merged.get(key);
                if (remove) merged.remove(key);
                else merged.put(key, value);
                if (!java.util.Objects.equals(old, remove ? null : value)) changed.add(key);
              });
    }
    replaceCredential(changes, merged, changed);
    List<Map.Entry<String, String>> settingProblems = new ArrayList<>();
    StoredSettings given = StoredSettings.parse(settingChanges, settingProblems);
    StoredSettings settings =
        settingChanges != null && settingChanges.isObject()
            ? before.settings().merge(given, settingChanges)
            : before.settings();
    changed.addAll(settings.changedFrom(before.settings()));
    problems.addAll(validate(name, merged, settings, settingProblems));
    refuseErrors(name, problems);
    StoredConnection after =
        new StoredConnection(
            name,
            before.type(),
            merged,
            settings,
            ConnectionStore.newStamp(),
            clock.instant(),
            user);
    if (!store.update(after, before.stamp(), action, changed))
      throw new ApiException(
          409,
          "Conflict",
          "Connection '"
              + name
              + "' was changed or deleted by someone else while this change was made; nothing was saved."
              + " Fix: reload it and apply the change again.");
    applied(name);
    return stored(name);
  }

  /**
   * A connection has one credential: one given in a change replaces the stored one, and a new
   * certificate comes with its own password (none when none is given), as the old password belongs
   * to the old file.
   */
  private static void replaceCredential(
      Map<String, String> changes, Map<String, String> merged, List<String> changed) {
    ParameterKey given =
        EntraIdConnectionType.CREDENTIALS.stream()
            .filter(k -> changes.get(k.name()) != null && !changes.get(k.name()).isBlank())
            .findFirst()
            .orElse(null);
    if (given == null) return;
    List<ParameterKey> replaced = new ArrayList<>(EntraIdConnectionType.CREDENTIALS);
    replaced.remove(given);
    replaced.add(EntraIdConnectionType.CLIENT_CERTIFICATE_PASSWORD);
    if (given != EntraIdConnectionType.CLIENT_CERTIFICATE)
      replaced.add(EntraIdConnectionType.SEND_X5C);
    for (ParameterKey k : replaced) {
      if (!changes.containsKey(k.name())
          && merged.remove(k.name()) != null
          && !changed.contains(k.name())) changed.add(k.name());
    }
  }

  /**
   * Deletes a stored connection (with dryRun only reports the deployed process definitions whose
   * tasks use it).
   */
  public ObjectNode delete(String name, boolean dryRun, String user) {
    if (registry.isConfigured(name)) throw definedInConfiguration(name);
    requireStore();
    if (!store.names().contains(name)) throw notFound(name);
    ObjectNode result = JSON.objectNode();
    Map<String, ObjectNode> byDefinition = new LinkedHashMap<>();
    for (ProcessReferences.Task task : ProcessReferences.tasksUsing(repository, name, false)) {
      ObjectNode ref =
          byDefinition.computeIfAbsent(
              task.processKey() + ":" + task.version(),
              k -> {
                ObjectNode r = JSON.objectNode();
                r.put("processDefinitionKey", task.processKey());
                r.put("version", task.version());
                r.putArray("activities");
                return r;
              });
      ((ArrayNode) ref.get("activities")).add(task.activityId());
    }
    boolean deleted = !dryRun && store.delete(name, user, clock.instant());
    if (deleted) applied(name);
    result.put("deleted", deleted);
    ArrayNode refs = result.putArray("referencedBy");
    byDefinition.values().forEach(refs::add);
    return result;
  }

  /**
   * Gets a token with the connection as this node has it, lists its application permissions and,
   * per latest deployed process definition using it, the permissions its tasks need and lack.
   */
  public ObjectNode test(String name) {
    EntraConnection connection;
    try {
      connection = registry.get(name);
    } catch (InvalidConnectionException e) {
      ObjectNode result = JSON.objectNode();
      ObjectNode token = result.putObject("token");
      token.put("ok", false);
      token.set("diagnosis", problemsJson(e.problems()).get(0));
      result.putArray("grantedPermissions");
      result.putArray("processes");
      statuses.put(name, new Status("failing", (ObjectNode) token.get("diagnosis"), now()));
      return result;
    } catch (RuntimeException e) {
      throw notFound(name);
    }
    ConnectionTestResult tested = ConnectionTester.test(connection);
    ObjectNode result = JSON.objectNode();
    ObjectNode token = result.putObject("token");
    token.put("ok", tested.ok());
    ObjectNode diagnosis = tested.ok() ? null : diagnosis(tested);
    token.set("diagnosis", diagnosis);
    token.put("message", tested.message());
    ArrayNode granted = result.putArray("grantedPermissions");
    tested.grantedPermissions().forEach(granted::add);
    ArrayNode processes = result.putArray("processes");
    ConnectionPolicy policy = policies.get(name);
    Map<String, Set<String>> missingByProcess = new LinkedHashMap<>();
    for (ProcessReferences.Task task : ProcessReferences.tasksUsing(repository, name, true)) {
      Set<String> missing =
          missingByProcess.computeIfAbsent(task.processKey(), k -> new TreeSet<>());
      if (task.operation() == null) continue;
      Operation op;
      try {
        op = catalog.get(task.operation());
      } catch (RuntimeException e) {
        continue; // an unknown operation: the task reports it when it runs
      }
      PermissionPreflight.neededPermissions(op, policy).stream()
          .filter(p -> !Permissions.satisfied(p, tested.grantedPermissions()))
          .forEach(missing::add);
    }
    missingByProcess.forEach(
        (key, missing) -> {
          ObjectNode p = processes.addObject();
          p.put("key", key);
          ArrayNode m = p.putArray("missingPermissions");
          missing.forEach(m::add);
        });
    CredentialExpiry expiry = tested.credentialExpiry();
    if (expiry != null) result.set("credentialExpiry", MAPPER.valueToTree(expiry.asMap()));
    boolean expiresSoon = expiry != null && expiry.status() == CredentialExpiry.Status.EXPIRING;
    if (tested.ok() && expiresSoon) {
      diagnosis = JSON.objectNode();
      diagnosis.putNull("key");
      diagnosis.put("problem", expiry.message());
      diagnosis.putNull("fix");
    }
    String state = !tested.ok() ? "failing" : expiresSoon ? "expiresSoon" : "works";
    statuses.put(name, new Status(state, diagnosis, now()));
    return result;
  }

  /** The problems the server would report on save, for inline validation. */
  public ObjectNode validate(JsonNode body) {
    String name = text(body, "name");
    List<ConnectionProblem> problems = new ArrayList<>(nameProblems(name));
    if (problems.isEmpty() && registry.isConfigured(name))
      problems.add(problem("name", definedInConfiguration(name).getMessage()));
    Map<String, String> parameters = parameters(body.get("parameters"), problems);
    problems.addAll(validate(name == null ? "" : name, parameters, StoredSettings.NONE, List.of()));
    ObjectNode result = JSON.objectNode();
    result.set("problems", problemsJson(problems));
    return result;
  }

  /**
   * The element templates with the connection field a dropdown of this engine's connections
   * (configured and stored), as one JSON array for the Modeler's element-templates folder.
   */
  public ArrayNode elementTemplates() {
    List<String> names = new ArrayList<>(registry.configuredNames());
    if (store != null) store.names().stream().filter(n -> !names.contains(n)).forEach(names::add);
    ArrayNode templates = JSON.arrayNode();
    ElementTemplates.generate(catalog, names)
        .values()
        .forEach(
            t -> {
              try {
                templates.add(MAPPER.readTree(t));
              } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
              }
            });
    return templates;
  }

  public ArrayNode audit(String name) {
    requireStore();
    if (registry.isConfigured(name)) throw definedInConfiguration(name);
    List<ConnectionStore.AuditEntry> entries = store.audit(name);
    if (entries.isEmpty() && !store.names().contains(name)) throw notFound(name);
    ArrayNode list = JSON.arrayNode();
    for (ConnectionStore.AuditEntry e : entries) {
      ObjectNode entry = list.addObject();
      entry.put("at", e.at().toString());
      entry.put("by", e.by());
      entry.put("action", e.action());
      ArrayNode changed = entry.putArray("changed");
      e.changed().forEach(changed::add);
    }
    return list;
  }

  private List<ConnectionProblem> validate(
      String name,
      Map<String, String> parameters,
      StoredSettings settings,
      List<Map.Entry<String, String>> settingProblems) {
    List<ConnectionProblem> problems = new ArrayList<>();
    try {
      EntraIdSettings valid =
          EntraIdConnectionType.validateShared(
              new ConnectionDefinition(name, EntraIdConnectionType.NAME, parameters));
      problems.addAll(valid.warnings());
    } catch (InvalidConnectionException e) {
      problems.addAll(e.problems());
    }
    settingProblems.forEach(p -> problems.add(problem(p.getKey(), p.getValue())));
    ConnectionPolicy policy = settings.toPolicy();
    if (policy != null) {
      try {
        catalog.validate(name, policy);
      } catch (IllegalArgumentException e) {
        problems.add(problem("settings.policy", e.getMessage()));
      }
    }
    return problems;
  }

  /** The parameters as given, keys in their declared spelling, values as sent (trimmed later). */
  private static Map<String, String> parameters(JsonNode json, List<ConnectionProblem> problems) {
    Map<String, String> parameters = new LinkedHashMap<>();
    if (json == null || json.isNull() || json.isMissingNode()) return parameters;
    if (!json.isObject()) {
      problems.add(
          problem(
              "parameters",
              "parameters must be an object of key-value pairs. Fix: send {\"TenantID\": \"...\", ...}."));
      return parameters;
    }
    json.properties()
        .forEach(
            f ->
                parameters.put(
                    StoredConnection.canonical(f.getKey()),
                    f.getValue().isNull() ? null : f.getValue().asText()));
    return parameters;
  }

  private void refuseErrors(String name, List<ConnectionProblem> problems) {
    if (problems.stream().anyMatch(p -> p.severity() == ConnectionProblem.Severity.ERROR))
      throw invalid("Connection '" + name + "' was not saved; fix the problems listed.", problems);
  }

  private static List<ConnectionProblem> nameProblems(String name) {
    if (name != null && NAME.matcher(name).matches()) return List.of();
    return List.of(
        problem(
            "name",
            (name == null || name.isBlank()
                    ? "The name is missing."
                    : "The name '" + name + "' has characters other than letters, digits, . _ -.")
                + " Fix: give a name of 1 to 100 letters, digits, dots, underscores or hyphens;"
                + " tasks refer to the connection by it."));
  }

  /** A configured connection's credential as its keys: files by path, secrets masked. */
  private static void putCredential(ObjectNode parameters, Credential credential) {
    if (credential instanceof Credential.ClientSecret inline) {
      parameters.put(EntraIdConnectionType.CLIENT_SECRET.name(), mask(inline.value().reveal()));
    } else if (credential instanceof Credential.ClientSecretFile file) {
      parameters.put(EntraIdConnectionType.CLIENT_SECRET_FILE.name(), file.file().toString());
    } else if (credential instanceof Credential.ClientCertificate cert) {
      parameters.put(
          EntraIdConnectionType.CLIENT_CERTIFICATE.name(), shown(cert.source(), cert.password()));
      if (cert.password().isPresent())
        parameters.put(EntraIdConnectionType.CLIENT_CERTIFICATE_PASSWORD.name(), "set");
      if (cert.sendX5c()) parameters.put(EntraIdConnectionType.SEND_X5C.name(), "true");
    } else if (credential instanceof Credential.ClientAssertionFile file) {
      parameters.put(EntraIdConnectionType.CLIENT_ASSERTION_FILE.name(), file.file().toString());
    } else if (credential instanceof Credential.ManagedIdentity identity) {
      parameters.put(
          EntraIdConnectionType.MANAGED_IDENTITY.name(), identity.clientId().orElse("system"));
    }
  }

  private ObjectNode configured(String name) {
    ObjectNode json = JSON.objectNode();
    json.put("name", name);
    json.put("source", "configuration");
    json.put("readOnly", true);
    ObjectNode parameters = json.putObject("parameters");
    Status status;
    try {
      EntraIdSettings s = registry.get(name).settings();
      parameters.put(EntraIdConnectionType.TENANT_ID.name(), s.tenantId());
      parameters.put(EntraIdConnectionType.CLIENT_ID.name(), s.clientId());
      putCredential(parameters, s.credential());
      parameters.put(EntraIdConnectionType.CLOUD.name(), s.cloud().parameterValue());
      if (s.customEndpoints()) {
        parameters.put(EntraIdConnectionType.AUTHORITY_HOST.name(), s.authorityHost().toString());
        parameters.put(EntraIdConnectionType.GRAPH_ENDPOINT.name(), s.graphEndpoint().toString());
      }
      status = statuses.get(name);
    } catch (InvalidConnectionException e) {
      status = new Status("failing", problemsJson(e.problems()).get(0).deepCopy(), null);
    }
    json.putObject("settings");
    json.putNull("changedAt");
    json.putNull("changedBy");
    json.set("status", statusJson(status));
    return json;
  }

  private ObjectNode stored(String name) {
    ObjectNode json = JSON.objectNode();
    json.put("name", name);
    json.put("source", "stored");
    json.put("readOnly", false);
    Status status = statuses.get(name);
    try {
      StoredConnection c = load(name);
      ObjectNode parameters = json.putObject("parameters");
      c.parameters().forEach((key, value) -> parameters.put(key, shown(c, key, value)));
      json.set("settings", c.settings().toJson());
      json.put("changedAt", c.changedAt().toString());
      json.put("changedBy", c.changedBy());
    } catch (SecretCipher.UndecryptableException e) {
      json.putObject("parameters");
      json.putObject("settings");
      status =
          new Status(
              "failing",
              problemsJson(List.of(problem(e.parameter(), e.getMessage()))).get(0).deepCopy(),
              null);
    }
    try {
      registry.get(name);
    } catch (InvalidConnectionException e) {
      status = new Status("failing", problemsJson(e.problems()).get(0).deepCopy(), null);
    } catch (RuntimeException e) {
      // not applied on this node yet: the status stays as last known
    }
    json.set("status", statusJson(status));
    return json;
  }

  /** A stored parameter as list and get show it: secrets masked, a certificate summarised. */
  private static String shown(StoredConnection c, String key, String value) {
    if (key.equals(EntraIdConnectionType.CLIENT_CERTIFICATE.name())) {
      Optional<Secret> password =
          Optional.ofNullable(
                  c.parameters().get(EntraIdConnectionType.CLIENT_CERTIFICATE_PASSWORD.name()))
              .map(Secret::of);
      return CertificateSource.uploaded(value).map(u -> shown(u, password)).orElse(value);
    }
    return StoredConnection.isSecret(key) ? mask(value) : value;
  }

  /**
   * A certificate as shown: a file's path, or for uploaded content its subject, thumbprint and
   * expiry (never the content).
   */
  private static String shown(CertificateSource source, Optional<Secret> password) {
    if (source instanceof CertificateSource.File file) return file.path().toString();
    try {
      return "uploaded: " + CertificateFile.read(source, password).summary();
    } catch (CredentialFileException e) {
      return "uploaded, unusable: " + e.problem();
    }
  }

  private StoredConnection load(String name) {
    return store.find(name).orElseThrow(() -> notFound(name));
  }

  /** After a write: this node uses the change at once, and its last test result no longer holds. */
  private void applied(String name) {
    statuses.remove(name);
    reloader.reload();
  }

  private ObjectNode statusJson(Status status) {
    ObjectNode json = JSON.objectNode();
    Status s = status == null ? new Status("unknown", null, null) : status;
    json.put("state", s.state());
    json.set("diagnosis", s.diagnosis());
    json.put("checkedAt", s.checkedAt() == null ? null : s.checkedAt().toString());
    return json;
  }

  private static ObjectNode diagnosis(ConnectionTestResult tested) {
    Diagnosis d = tested.diagnosis();
    ObjectNode json = JSON.objectNode();
    json.put("key", d == null ? null : d.name());
    json.put("problem", d == null ? tested.message() : d.cause());
    json.put("fix", d == null ? null : d.fix());
    return json;
  }

  /**
   * A value shown in place of a secret: its last three characters when it is long enough that they
   * reveal nothing useful, else only that it is set.
   */
  static String mask(String secret) {
    if (secret == null || secret.isEmpty()) return null;
    return secret.length() >= 16 ? MASK + secret.substring(secret.length() - 3) : "set";
  }

  private static ArrayNode problemsJson(List<ConnectionProblem> problems) {
    ArrayNode list = JSON.arrayNode();
    for (ConnectionProblem p : problems) {
      ObjectNode json = list.addObject();
      json.put("key", p.key());
      json.put("severity", p.severity().name().toLowerCase(java.util.Locale.ROOT));
      int fix = p.message().indexOf(" Fix: ");
      json.put("problem", fix < 0 ? p.message() : p.message().substring(0, fix));
      json.put("fix", fix < 0 ? null : p.message().substring(fix + " Fix: ".length()));
    }
    return list;
  }

  private static ConnectionProblem problem(String key, String message) {
    return new ConnectionProblem(ConnectionProblem.Severity.ERROR, key, message);
  }

  private static ApiException invalid(String message, List<ConnectionProblem> problems) {
    return new ApiException(400, "InvalidConnection", message, problems);
  }

  private static ApiException notFound(String name) {
    return new ApiException(404, "NotFound", "No connection named '" + name + "'.");
  }

  private static ApiException definedInConfiguration(String name) {
    return new ApiException(
        409,
        "ReadOnly",
        "Connection '"
            + name
            + "' is defined in configuration (camunda.bpm.plugin.entraid.connections."
            + name
            + ") and is read-only here. Fix: change it in the configuration, or give the stored connection"
            + " another name.");
  }

  private void requireStore() {
    if (store == null)
      throw new ApiException(
          503, "StoreDisabled", "The connection store is disabled: " + disabledReason);
  }

  private void requireWritable() {
    requireStore();
    Set<String> broken = reloader.undecryptable();
    if (!broken.isEmpty()) throw new ApiException(503, "WrongKey", wrongKeyMessage(broken));
  }

  private static String wrongKeyMessage(Set<String> broken) {
    return "The configured key cannot decrypt the stored connection(s) "
        + String.join(", ", new TreeSet<>(broken))
        + ", so the store accepts no changes (only deletions) until the key is right: saving with"
        + " another key would make those connections unreadable. Fix: configure the key they were"
        + " saved with (camunda.bpm.plugin.entraid.connection-store.key); if it is lost, delete them"
        + " and create them again.";
  }

  private Instant now() {
    return clock.instant();
  }

  private static String text(JsonNode body, String field) {
    JsonNode value = body == null ? null : body.get(field);
    return value == null || value.isNull() ? null : value.asText().strip();
  }
}
