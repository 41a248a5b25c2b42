package io.entraid.connector.camunda;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.slf4j.LoggerFactory;

/**
 * Child-JVM entry point of {@link ManagedIdentityInEngineTest}: MSAL4J reads IDENTITY_ENDPOINT and
 * IDENTITY_HEADER from the process environment, which a test can only set for a new process.
 * Arguments: Graph endpoint, user id, then name=ManagedIdentity value per connection. Runs one
 * getUser task per connection with every logger at DEBUG and prints, per connection, {@code RESULT
 * name user} or {@code INCIDENT name message} (its contract).
 */
public final class ManagedIdentityProcessMain {
  public static void main(String[] args) {
    Logger root =
        ((LoggerContext) LoggerFactory.getILoggerFactory())
            .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.DEBUG);
    root.getAppender("CONSOLE").clearAllFilters(); // print DEBUG too, for the hygiene check
    Map<String, Map<String, String>> connections = new LinkedHashMap<>();
    for (int i = 2; i < args.length; i++) {
      String[] nameAndIdentity = args[i].split("=", 2);
      connections.put(
          nameAndIdentity[0],
          Map.of("ManagedIdentity", nameAndIdentity[1], "GraphEndpoint", args[0]));
    }
    EntraIdProcessEnginePlugin plugin = new EntraIdProcessEnginePlugin();
    plugin.setConnections(connections);
    ProcessEngine engine = TestEngines.start(plugin);
    try {
      engine
          .getRepositoryService()
          .createDeployment()
          .addClasspathResource("bpmn/get-user-async.bpmn")
          .deploy();
      for (String name : connections.keySet()) {
        String id =
            engine
                .getRuntimeService()
                .startProcessInstanceByKey(
                    "get-user-async", Map.of("user", args[1], "connectionName", name))
                .getId();
        try {
          SecretHygieneTest.runJob(engine, id);
          System.out.println(
              "RESULT " + name + " " + engine.getRuntimeService().getVariable(id, "user"));
        } catch (RuntimeException e) {
          System.out.println("INCIDENT " + name + " " + e.getMessage());
        }
      }
    } finally {
      engine.close();
    }
  }
}
