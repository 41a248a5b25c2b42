package io.entraid.connector.camunda.spring;

import io.entraid.connector.core.connection.ConnectionRegistry;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Keeps a set of meters per connection equal to the connections this node knows: registered for
 * each one at start-up and for each stored connection added at run time, removed with it, and
 * registered again when it is replaced (a rotated secret), so no meter reads a connection that is
 * gone.
 */
final class PerConnectionMeters {
  private final MeterRegistry meters;
  private final ConnectionRegistry connections;
  private final Function<String, List<Meter>> register;
  private final Map<String, List<Meter>> byConnection = new ConcurrentHashMap<>();

  /**
   * @param register registers a connection's meters (by its name) and returns them
   */
  PerConnectionMeters(
      MeterRegistry meters,
      ConnectionRegistry connections,
      Function<String, List<Meter>> register) {
    this.meters = meters;
    this.connections = connections;
    this.register = register;
    connections.names().forEach(this::refresh);
    connections.addListener(this::refresh);
  }

  private synchronized void refresh(String name) {
    List<Meter> old = byConnection.remove(name);
    if (old != null) old.forEach(meters::remove);
    if (connections.names().contains(name)) byConnection.put(name, register.apply(name));
  }
}
