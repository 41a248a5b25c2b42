package io.entraid.connector.camunda.store;

import io.entraid.connector.core.connection.ConnectionDefinition;
import io.entraid.connector.core.connection.EntraIdConnectionType;
import io.entraid.connector.core.connection.ParameterKey;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A connection as the store holds it, secrets decrypted (in memory only). {@code toString} shows
 * the parameter keys, never their values.
 *
 * @param stamp changes with every write; nodes compare it to see that a connection changed
 */
public record StoredConnection(
    String name,
    String type,
    Map<String, String> parameters,
    StoredSettings settings,
    String stamp,
    Instant changedAt,
    String changedBy) {

  public StoredConnection {
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  public ConnectionDefinition definition() {
    return new ConnectionDefinition(name, type, parameters);
  }

  /**
   * Whether the key's value is secret here (matched ignoring case): declared secret by the
   * connection type, or ClientCertificate, which a stored connection holds by content, private key
   * included.
   */
  public static boolean isSecret(String key) {
    return declared(key)
        .map(k -> k.secret() || k == EntraIdConnectionType.CLIENT_CERTIFICATE)
        .orElse(false);
  }

  /** The declared spelling of a key, or the key as given when the type does not declare it. */
  public static String canonical(String key) {
    return declared(key).map(ParameterKey::name).orElse(key == null ? "" : key.strip());
  }

  private static Optional<ParameterKey> declared(String key) {
    String k = key == null ? "" : key.strip();
    return EntraIdConnectionType.KEYS.stream()
        .filter(p -> p.name().equalsIgnoreCase(k))
        .findFirst();
  }

  @Override
  public String toString() {
    return "StoredConnection[name="
        + name
        + ", keys="
        + parameters.keySet()
        + ", settings="
        + settings
        + ", changedAt="
        + changedAt
        + ", changedBy="
        + changedBy
        + "]";
  }
}
