package io.entraid.connector.camunda.spring;

import io.entraid.connector.camunda.sync.CamundaDirectoryTarget;
import io.entraid.connector.camunda.sync.SyncProgressTracker;
import io.entraid.connector.core.connection.ConnectionRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/entraidsync}: per connection, the users its sync has written to the engine's
 * database so far ({@code syncedUsers}, committed page by page, so any node of a cluster sees a
 * run's progress), and the progress of the running or last run on this node (pages, users and
 * groups read, users per second, elapsed time).
 */
@Endpoint(id = "entraidsync")
public final class SyncProgressEndpoint {
  private final SyncProgressTracker tracker;
  private final ConnectionRegistry connections;
  private final ProcessEngine engine;

  public SyncProgressEndpoint(
      SyncProgressTracker tracker, ConnectionRegistry connections, ProcessEngine engine) {
    this.tracker = tracker;
    this.connections = connections;
    this.engine = engine;
  }

  @ReadOperation
  public Map<String, Object> progress() {
    Map<String, Object> all = new LinkedHashMap<>();
    for (String name : connections.names()) {
      Map<String, Object> connection = new LinkedHashMap<>();
      connection.put(
          "syncedUsers",
          new CamundaDirectoryTarget(
                  (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration(), name)
              .syncedUserCount());
      tracker
          .latest(name)
          .ifPresent(
              run -> {
                Map<String, Object> thisNode = new LinkedHashMap<>();
                thisNode.put("running", !run.finished());
                thisNode.put("round", run.round());
                thisNode.put("pages", run.pages());
                thisNode.put("users", run.users());
                thisNode.put("groups", run.groups());
                thisNode.put("usersPerSecond", run.usersPerSecond());
                thisNode.put("elapsed", run.elapsed().toString());
                connection.put("lastRunOnThisNode", thisNode);
              });
      all.put(name, connection);
    }
    return Map.of("connections", all);
  }
}
