package io.entraid.connector.camunda.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entraid.connector.camunda.UncaughtErrors;
import io.entraid.connector.core.operation.ConnectionPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings of a stored connection that are not key-value parameters, as in configuration's
 * {@code connections.<name>.*}: {@code uncaught-errors} ({@code incident} or {@code end}; absent:
 * the global setting) and {@code policy} ({@code operations}, {@code processes}, {@code
 * graph-requests}, each comma-separated or a list).
 */
public record StoredSettings(String uncaughtErrors, Map<String, String> policy) {
  public static final String UNCAUGHT_ERRORS = "uncaught-errors";
  public static final String POLICY = "policy";
  private static final List<String> POLICY_KEYS =
      List.of(
          ConnectionPolicy.OPERATIONS, ConnectionPolicy.PROCESSES, ConnectionPolicy.GRAPH_REQUESTS);

  public static final StoredSettings NONE = new StoredSettings(null, Map.of());

  public StoredSettings {
    policy = Map.copyOf(policy);
  }

  /**
   * Reads settings given as JSON, adding a problem per unknown or malformed setting.
   *
   * @param problems receives {key, message with "Fix:"} pairs
   */
  public static StoredSettings parse(JsonNode json, List<Map.Entry<String, String>> problems) {
    if (json == null || json.isNull() || json.isMissingNode()) return NONE;
    if (!json.isObject()) {
      problems.add(
          Map.entry(
              "settings",
              "settings must be an object. Fix: send {\"uncaught-errors\": ..., \"policy\": {...}}."));
      return NONE;
    }
    String uncaught = null;
    Map<String, String> policy = new LinkedHashMap<>();
    for (var field : json.properties()) {
      switch (field.getKey()) {
        case UNCAUGHT_ERRORS -> {
          if (field.getValue().isNull()) break;
          uncaught = field.getValue().asText().strip();
          try {
            UncaughtErrors.Mode.parse(uncaught, "settings." + UNCAUGHT_ERRORS);
          } catch (IllegalArgumentException e) {
            problems.add(Map.entry("settings." + UNCAUGHT_ERRORS, e.getMessage()));
          }
        }
        case POLICY -> readPolicy(field.getValue(), policy, problems);
        default ->
            problems.add(
                Map.entry(
                    "settings." + field.getKey(),
                    "'"
                        + field.getKey()
                        + "' is not a connection setting. Fix: use "
                        + UNCAUGHT_ERRORS
                        + " or "
                        + POLICY
                        + "."));
      }
    }
    return new StoredSettings(uncaught, policy);
  }

  private static void readPolicy(
      JsonNode node, Map<String, String> policy, List<Map.Entry<String, String>> problems) {
    if (node.isNull()) return;
    if (!node.isObject()) {
      problems.add(
          Map.entry(
              "settings.policy", "policy must be an object. Fix: send {\"operations\": ...}."));
      return;
    }
    node.properties()
        .forEach(
            f -> {
              if (!POLICY_KEYS.contains(f.getKey())) {
                problems.add(
                    Map.entry(
                        "settings.policy." + f.getKey(),
                        "'"
                            + f.getKey()
                            + "' is not a policy setting. Fix: use one of "
                            + String.join(", ", POLICY_KEYS)
                            + "."));
              } else if (f.getValue().isArray()) {
                List<String> items = new ArrayList<>();
                f.getValue().forEach(v -> items.add(v.asText()));
                policy.put(f.getKey(), String.join(",", items));
              } else if (!f.getValue().isNull()) {
                policy.put(f.getKey(), f.getValue().asText());
              }
            });
  }

  /** The connection's policy, or null for the default one. */
  public ConnectionPolicy toPolicy() {
    if (policy.isEmpty()) return null;
    return ConnectionPolicy.of(
        ConnectionPolicy.split(policy.get(ConnectionPolicy.OPERATIONS)),
        ConnectionPolicy.split(policy.get(ConnectionPolicy.PROCESSES)),
        ConnectionPolicy.split(policy.get(ConnectionPolicy.GRAPH_REQUESTS)));
  }

  /** These settings with the ones given replacing theirs (a partial update). */
  public StoredSettings merge(StoredSettings changes, JsonNode given) {
    String uncaught = given.has(UNCAUGHT_ERRORS) ? changes.uncaughtErrors() : uncaughtErrors;
    Map<String, String> merged = given.has(POLICY) ? changes.policy() : policy;
    return new StoredSettings(uncaught, merged);
  }

  /** The names of the settings that differ, as {@code settings.<name>}. */
  public List<String> changedFrom(StoredSettings before) {
    List<String> changed = new ArrayList<>();
    if (!java.util.Objects.equals(uncaughtErrors, before.uncaughtErrors()))
      changed.add("settings." + UNCAUGHT_ERRORS);
    for (String key : POLICY_KEYS) {
      if (!java.util.Objects.equals(policy.get(key), before.policy().get(key)))
        changed.add("settings.policy." + key);
    }
    return changed;
  }

  public ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    if (uncaughtErrors != null) json.put(UNCAUGHT_ERRORS, uncaughtErrors);
    ObjectNode p = json.putObject(POLICY);
    policy.forEach(p::put);
    return json;
  }
}
