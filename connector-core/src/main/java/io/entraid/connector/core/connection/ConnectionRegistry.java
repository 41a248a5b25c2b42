package io.entraid.connector.core.connection;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The named connections tasks refer to. Every configured definition is validated when the registry
 * is built, so a misconfiguration surfaces at start-up with its diagnosis rather than in the first
 * process. Besides the configured ones, connections can be added, replaced and removed at run time
 * (stored connections); a configured name is never shadowed by one of them. A replaced connection
 * is a new object with its own token and group-name caches; a task that got the old one finishes
 * with it.
 */
public final class ConnectionRegistry {
  /** The connection a task uses when it names none. */
  public static final String DEFAULT_NAME = "default";

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionRegistry.class);

  private final Map<String, EntraConnection> connections;
  private final Map<String, InvalidConnectionException> deferred;
  private final Map<String, EntraConnection> runtime = new ConcurrentHashMap<>();
  private final Map<String, InvalidConnectionException> runtimeInvalid = new ConcurrentHashMap<>();
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

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
    connection = runtime.get(key);
    if (connection != null) return connection;
    InvalidConnectionException invalid = runtimeInvalid.get(key);
    if (invalid != null) throw invalid;
    throw new UnknownConnectionException(key, names());
  }

  /** Every name, configured or added at run time, usable or not. */
  public Set<String> names() {
    Set<String> names = new LinkedHashSet<>(configuredNames());
    names.addAll(runtime.keySet());
    names.addAll(runtimeInvalid.keySet());
    return Collections.unmodifiableSet(names);
  }

  /** The names defined in configuration, usable or not; they cannot be changed at run time. */
  public Set<String> configuredNames() {
    Set<String> names = new LinkedHashSet<>(connections.keySet());
    names.addAll(deferred.keySet());
    return Collections.unmodifiableSet(names);
  }

  public boolean isConfigured(String name) {
    return connections.containsKey(name) || deferred.containsKey(name);
  }

  /** Every usable connection, configured first. */
  public Collection<EntraConnection> all() {
    List<EntraConnection> all = new ArrayList<>(connections.values());
    all.addAll(runtime.values());
    return Collections.unmodifiableList(all);
  }

  /**
   * Adds or replaces a connection at run time.
   *
   * @throws IllegalArgumentException if the name is configured
   */
  public void putRuntime(EntraConnection connection) {
    refuseConfigured(connection.name());
    runtime.put(connection.name(), connection);
    runtimeInvalid.remove(connection.name());
    changed(connection.name());
  }

  /** Marks a run-time connection unusable: tasks that use it fail with this diagnosis. */
  public void putRuntimeInvalid(InvalidConnectionException problem) {
    refuseConfigured(problem.connectionName());
    runtimeInvalid.put(problem.connectionName(), problem);
    runtime.remove(problem.connectionName());
    changed(problem.connectionName());
  }

  /** Removes a run-time connection; configured ones are not affected. */
  public void removeRuntime(String name) {
    boolean known = runtime.remove(name) != null;
    known |= runtimeInvalid.remove(name) != null;
    if (known) changed(name);
  }

  /**
   * Told the name of each connection added, replaced, made unusable or removed at run time, after
   * the change (on the thread that made it); {@link #names()} and {@link #get} then show the new
   * state.
   */
  public void addListener(Consumer<String> listener) {
    listeners.add(listener);
  }

  private void changed(String name) {
    listeners.forEach(l -> l.accept(name));
  }

  private void refuseConfigured(String name) {
    if (isConfigured(name))
      throw new IllegalArgumentException(
          "Connection '"
              + name
              + "' is defined in configuration and cannot be replaced at run time");
  }
}
