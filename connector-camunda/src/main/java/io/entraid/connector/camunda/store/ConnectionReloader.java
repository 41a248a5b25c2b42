package io.entraid.connector.camunda.store;

import io.entraid.connector.camunda.UncaughtErrors;
import io.entraid.connector.core.connection.ConnectionProblem;
import io.entraid.connector.core.connection.ConnectionRegistry;
import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.connection.EntraIdConnectionType;
import io.entraid.connector.core.connection.EntraIdSettings;
import io.entraid.connector.core.connection.InvalidConnectionException;
import io.entraid.connector.core.operation.ConnectionPolicies;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's registry equal to the store: every poll interval it reads the connections'
 * stamps (one small query) and rebuilds only the connections whose stamp changed, so a change saved
 * on any node is used here within one interval. A rebuilt connection is a new object with empty
 * token and group-name caches; tasks that already hold the old one finish with it.
 */
public final class ConnectionReloader implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionReloader.class);

  private final ConnectionStore store;
  private final ConnectionRegistry registry;
  private final ConnectionPolicies policies;
  private final Function<EntraIdSettings, EntraConnection> factory;
  private final Map<String, String> applied = new ConcurrentHashMap<>();
  private final Map<String, UncaughtErrors.Mode> uncaughtErrors = new ConcurrentHashMap<>();
  private final Set<String> undecryptable = ConcurrentHashMap.newKeySet();
  private volatile Consumer<String> listener = name -> {};
  private ScheduledExecutorService poller;
  private volatile boolean pollFailing;

  public ConnectionReloader(
      ConnectionStore store,
      ConnectionRegistry registry,
      ConnectionPolicies policies,
      Function<EntraIdSettings, EntraConnection> factory) {
    this.store = store;
    this.registry = registry;
    this.policies = policies;
    this.factory = factory;
  }

  /** Brings the registry up to date with the store now. */
  public synchronized void reload() {
    Map<String, String> stamps = store.stamps();
    for (String name : Set.copyOf(applied.keySet())) {
      if (!stamps.containsKey(name)) {
        remove(name);
        listener.accept(name);
      }
    }
    stamps.forEach(
        (name, stamp) -> {
          if (!stamp.equals(applied.get(name))) {
            try {
              apply(name, stamp);
            } catch (RuntimeException e) {
              applied.remove(name); // e.g. the database failed: tried again at the next poll
              throw e;
            }
            listener.accept(name);
          }
        });
  }

  /** Told the name of each stored connection this node has just (re)loaded or removed. */
  public void setListener(Consumer<String> listener) {
    this.listener = listener;
  }

  private void remove(String name) {
    registry.removeRuntime(name);
    policies.removeRuntime(name);
    uncaughtErrors.remove(name);
    undecryptable.remove(name);
    applied.remove(name);
    LOG.info("Entra ID stored connection '{}' removed", name);
  }

  private void apply(String name, String stamp) {
    applied.put(name, stamp);
    if (registry.isConfigured(name)) {
      LOG.warn(
          "ENTRAID-06001 Stored connection '{}' is ignored: a connection of that name is defined in configuration,"
              + " which always wins. Fix: delete the stored one, or rename it.",
          name);
      return;
    }
    Optional<StoredConnection> stored;
    try {
      stored = store.find(name);
      undecryptable.remove(name);
    } catch (SecretCipher.UndecryptableException e) {
      undecryptable.add(name);
      unusable(name, e.parameter(), e.getMessage());
      return;
    }
    if (stored.isEmpty()) {
      remove(name);
      return;
    }
    StoredConnection connection = stored.get();
    try {
      EntraIdSettings settings = EntraIdConnectionType.validate(connection.definition());
      policies.putRuntime(name, connection.settings().toPolicy());
      if (connection.settings().uncaughtErrors() == null) uncaughtErrors.remove(name);
      else
        uncaughtErrors.put(
            name,
            UncaughtErrors.Mode.parse(
                connection.settings().uncaughtErrors(), StoredSettings.UNCAUGHT_ERRORS));
      registry.putRuntime(factory.apply(settings));
      LOG.info(
          "Entra ID stored connection '{}' (re)loaded: changed {} by {}",
          name,
          connection.changedAt(),
          connection.changedBy());
    } catch (InvalidConnectionException e) {
      unusable(e);
    } catch (IllegalArgumentException e) {
      unusable(name, "settings", e.getMessage());
    }
  }

  private void unusable(String name, String key, String message) {
    unusable(
        new InvalidConnectionException(
            name, List.of(new ConnectionProblem(ConnectionProblem.Severity.ERROR, key, message))));
  }

  /** Tasks that use the connection fail with these problems until it is fixed. */
  private void unusable(InvalidConnectionException problems) {
    registry.putRuntimeInvalid(problems);
    LOG.error(
        "ENTRAID-06002 Stored connection '{}' is not usable: {}",
        problems.connectionName(),
        problems.getMessage());
  }

  /** The stored connection's own uncaught-errors setting, if it has one. */
  public Optional<UncaughtErrors.Mode> uncaughtErrors(String name) {
    return Optional.ofNullable(uncaughtErrors.get(name));
  }

  /** The stored connections whose secrets the configured key cannot decrypt. */
  public Set<String> undecryptable() {
    return Set.copyOf(new HashSet<>(undecryptable));
  }

  /** Polls the store every interval on a daemon thread until closed or the engine is gone. */
  public synchronized void start(Duration interval, BooleanSupplier engineRunning) {
    if (poller != null) return;
    poller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "entraid-connection-reload");
              t.setDaemon(true);
              return t;
            });
    long millis = Math.max(1, interval.toMillis());
    poller.scheduleWithFixedDelay(
        () -> {
          if (engineRunning.getAsBoolean()) poll();
          else close();
        },
        millis,
        millis,
        TimeUnit.MILLISECONDS);
  }

  private void poll() {
    try {
      reload();
      if (pollFailing) LOG.info("Entra ID connection store: polling works again");
      pollFailing = false;
    } catch (RuntimeException e) {
      if (!pollFailing)
        LOG.warn(
            "ENTRAID-06003 Entra ID connection store: cannot read the stored connections ({}); this node keeps"
                + " the ones it has and tries again every poll interval",
            e.getMessage());
      pollFailing = true;
    }
  }

  @Override
  public synchronized void close() {
    if (poller != null) poller.shutdownNow();
    poller = null;
  }
}
