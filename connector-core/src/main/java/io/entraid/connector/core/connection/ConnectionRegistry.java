package io.entraid.connector.core.connection;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The named connections tasks refer to. Every definition is validated when the registry is built,
 * so a misconfiguration surfaces at start-up with its diagnosis rather than in the first process.
 */
public final class ConnectionRegistry {
  /** The connection a task uses when it names none. */
  public static final String DEFAULT_NAME = "default";
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionRegistry.class);

  private final Map<String, EntraConnection> connections;

  private ConnectionRegistry(Map<String, EntraConnection> connections) {
    this.connections = Collections.unmodifiableMap(connections);
  }

  public static ConnectionRegistry of(Collection<ConnectionDefinition> definitions, ConnectionOptions options) {
    return of(definitions, settings -> EntraConnection.create(settings, options));
  }

  /**
   * @throws InvalidConnectionException with the problems of every invalid definition
   */
  public static ConnectionRegistry of(Collection<ConnectionDefinition> definitions,
      Function<EntraIdSettings, EntraConnection> factory) {
    Map<String, EntraConnection> connections = new LinkedHashMap<>();
    List<InvalidConnectionException> invalid = new ArrayList<>();
    for (ConnectionDefinition definition : definitions) {
      try {
        EntraIdSettings settings = EntraIdConnectionType.validate(definition);
        settings.warnings().forEach(w -> LOG.warn("Connection '{}': {}", definition.name(), w.message()));
        if (connections.putIfAbsent(definition.name(), factory.apply(settings)) != null) {
          throw new InvalidConnectionException(definition.name(), List.of(ConnectionProblem.error("name",
              "The name '" + definition.name() + "' is used by two connections. Fix: give each connection its own name.")));
        }
      } catch (InvalidConnectionException e) {
        invalid.add(e);
      }
    }
    if (!invalid.isEmpty()) throw InvalidConnectionException.combine(invalid);
    return new ConnectionRegistry(connections);
  }

  /**
   * @param name a connection name; null or blank means {@value #DEFAULT_NAME}
   * @throws UnknownConnectionException naming the configured connections
   */
  public EntraConnection get(String name) {
    String key = name == null || name.isBlank() ? DEFAULT_NAME : name.strip();
    EntraConnection connection = connections.get(key);
    if (connection == null) throw new UnknownConnectionException(key, connections.keySet());
    return connection;
  }

  public Set<String> names() {
    return connections.keySet();
  }

  public Collection<EntraConnection> all() {
    return connections.values();
  }
}
