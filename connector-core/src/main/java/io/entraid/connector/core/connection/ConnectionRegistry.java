package io.entraid.connector.core.connection;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
  private final Map<String, InvalidConnectionException> deferred;

  private ConnectionRegistry(
      Map<String, EntraConnection> connections, Map<String, InvalidConnectionException> deferred) {
    this.connections = Collections.unmodifiableMap(connections);
    this.deferred = Collections.unmodifiableMap(deferred);
  }

  public static ConnectionRegistry of(
      Collection<ConnectionDefinition> definitions, ConnectionOptions options) {
    return of(definitions, settings -> EntraConnection.create(settings, options));
  }

  public static ConnectionRegistry of(
      Collection<ConnectionDefinition> definitions,
      Function<EntraIdSettings, EntraConnection> factory) {
    return of(definitions, Set.of(), factory);
  }

  /**
   * @param lazy names of connections whose problems do not stop start-up: they are logged, and a
   *     task that uses such a connection fails with the diagnosis
   * @throws InvalidConnectionException with the problems of every invalid definition that is not
   *     lazy
   */
  public static ConnectionRegistry of(
      Collection<ConnectionDefinition> definitions,
      Set<String> lazy,
      Function<EntraIdSettings, EntraConnection> factory) {
    Map<String, EntraConnection> connections = new LinkedHashMap<>();
    Map<String, InvalidConnectionException> deferred = new LinkedHashMap<>();
    List<InvalidConnectionException> invalid = new ArrayList<>();
    for (ConnectionDefinition definition : definitions) {
      try {
        EntraIdSettings settings = EntraIdConnectionType.validate(definition);
        settings
            .warnings()
            .forEach(
                w -> LOG.warn("ENTRAID-01001 Connection '{}': {}", definition.name(), w.message()));
        if (connections.putIfAbsent(definition.name(), factory.apply(settings)) != null) {
          throw new InvalidConnectionException(
              definition.name(),
              List.of(
                  ConnectionProblem.error(
                      "name",
                      "The name '"
                          + definition.name()
                          + "' is used by two connections. Fix: give each connection its own name.")));
        }
      } catch (InvalidConnectionException e) {
        if (lazy.contains(definition.name())) {
          LOG.warn(
              "ENTRAID-01002 Connection '{}' is marked lazy and is not usable; tasks that use it will fail: {}",
              definition.name(),
              e.getMessage());
          deferred.put(definition.name(), e);
        } else {
          invalid.add(e);
        }
      }
    }
    if (!invalid.isEmpty()) throw InvalidConnectionException.combine(invalid);
    return new ConnectionRegistry(connections, deferred);
  }

  /**
   * @param name a connection name; null or blank means {@value #DEFAULT_NAME}
   * @throws UnknownConnectionException naming the configured connections
   * @throws InvalidConnectionException for a lazy connection whose parameters are wrong
   */
  public EntraConnection get(String name) {
    String key = name == null || name.isBlank() ? DEFAULT_NAME : name.strip();
    EntraConnection connection = connections.get(key);
    if (connection != null) return connection;
    if (deferred.containsKey(key)) throw deferred.get(key);
    throw new UnknownConnectionException(key, names());
  }

  /** Every configured name, usable or not. */
  public Set<String> names() {
    Set<String> names = new LinkedHashSet<>(connections.keySet());
    names.addAll(deferred.keySet());
    return Collections.unmodifiableSet(names);
  }

  public Collection<EntraConnection> all() {
    return connections.values();
  }
}
