package io.entraid.example;

import io.entraid.connector.core.connection.ConnectionRegistry;
import io.entraid.connector.core.connection.ConnectionTestResult;
import io.entraid.connector.core.connection.ConnectionTester;
import io.entraid.connector.core.operation.OperationCatalog;
import io.entraid.emulator.EntraEmulator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * What a user needs to know once the app is up: the mode (demo or real tenant), whether each
 * connection works, which application permissions the deployed processes still lack, and where to
 * log in. Never logs a secret.
 */
@Component
class StartupReport {
  private static final Logger LOG = LoggerFactory.getLogger(StartupReport.class);

  private final ConnectionRegistry connections;
  private final OperationCatalog catalog;
  private final RepositoryService repository;
  private final ObjectProvider<EntraEmulator> emulator;
  private final Environment env;

  StartupReport(
      ConnectionRegistry connections,
      OperationCatalog catalog,
      RepositoryService repository,
      @Qualifier(DemoEmulatorInitializer.EMULATOR_BEAN) ObjectProvider<EntraEmulator> emulator,
      Environment env) {
    this.connections = connections;
    this.catalog = catalog;
    this.repository = repository;
    this.emulator = emulator;
    this.env = env;
  }

  @EventListener
  void ready(ApplicationReadyEvent event) {
    EntraEmulator demo = emulator.getIfAvailable();
    if (demo != null) {
      LOG.info(
          "Entra ID example running in DEMO MODE: embedded Entra emulator at {} with {} users and {} groups"
              + " (tenant {}). To use a real tenant, set ENTRA_TENANT_ID, ENTRA_CLIENT_ID, ENTRA_CLIENT_SECRET and the"
              + " first admin's ADMIN_USER and ADMIN_PASSWORD.",
          demo.authorityHost(),
          demo.directory().userCount(),
          demo.directory().groupCount(),
          demo.tenantDomain());
    } else {
      LOG.info(
          "Entra ID example running in REAL-TENANT MODE: tenant {} (connection 'default'); no emulator started.",
          connections.get(ConnectionRegistry.DEFAULT_NAME).settings().tenantId());
    }
    Map<String, ConnectionTestResult> tested = new HashMap<>();
    for (var connection : connections.all()) {
      ConnectionTestResult result = ConnectionTester.test(connection);
      tested.put(connection.name(), result);
      if (result.ok()) LOG.info(result.message());
      else LOG.warn(result.message());
    }
    // one line per connection that cannot serve its processes, naming them all
    Map<String, List<String>> blocked = new TreeMap<>();
    for (ProcessDefinition definition :
        repository
            .createProcessDefinitionQuery()
            .latestVersion()
            .orderByProcessDefinitionKey()
            .asc()
            .list()) {
      BpmnModelInstance model = repository.getBpmnModelInstance(definition.getId());
      ProcessPermissions needs = ProcessPermissions.of(model, catalog);
      for (String name : ProcessPermissions.connections(model)) {
        ConnectionTestResult result = tested.get(name);
        if (result == null || !result.ok()) {
          blocked.computeIfAbsent(name, n -> new ArrayList<>()).add(needs.processKey());
          continue;
        }
        List<String> missing = needs.missing(result.grantedPermissions());
        if (missing.isEmpty()) {
          LOG.info(
              "Process '{}' is ready: connection '{}' has the application permissions it needs ({}).",
              needs.processKey(),
              name,
              String.join(", ", needs.permissions()));
        } else {
          LOG.warn(
              "Process '{}' lacks application permission(s) {} on connection '{}'. Fix: add them in the app"
                  + " registration (API permissions > Microsoft Graph > Application permissions) and grant admin consent.",
              needs.processKey(),
              String.join(", ", missing),
              name);
        }
      }
    }
    blocked.forEach(
        (name, processes) ->
            LOG.warn(
                "Process(es) {} cannot run: their connection '{}' {}.",
                String.join(", ", processes),
                name,
                tested.containsKey(name) ? "does not work (see above)" : "is not configured"));
    String url =
        "http://"
            + env.getProperty("server.address", "localhost")
            + ":"
            + ((WebServerApplicationContext) event.getApplicationContext())
                .getWebServer()
                .getPort();
    LOG.info(
        "Log in at {}/camunda/app/ as {}{}; REST API at {}/engine-rest (HTTP Basic).",
        url,
        env.getProperty("camunda.bpm.admin-user.id", "demo"),
        "demo".equals(env.getProperty("camunda.bpm.admin-user.password")) ? " / demo" : "",
        url);
  }
}
