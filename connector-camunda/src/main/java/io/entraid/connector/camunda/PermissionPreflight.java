package io.entraid.connector.camunda;

import io.entraid.connector.core.connection.ConnectionRegistry;
import io.entraid.connector.core.connection.ConnectionTestResult;
import io.entraid.connector.core.connection.ConnectionTester;
import io.entraid.connector.core.operation.Operation;
import io.entraid.connector.core.operation.OperationCatalog;
import io.entraid.connector.core.operation.Permissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a process is deployed, checks each Entra ID task's operation against the permissions its
 * connection's token actually carries, and logs a warning per missing permission: a gap is found at
 * deployment, not by the first instance that reaches the task. Only fixed operation and connection
 * names are checked (an expression is resolved only at run time). Each connection is tested once.
 */
public final class PermissionPreflight extends AbstractBpmnParseListener {
  private static final Logger LOG = LoggerFactory.getLogger(PermissionPreflight.class);
  private static final String DELEGATE = "${" + EntraIdDelegate.BEAN_NAME + "}";

  /** One missing permission of one task. */
  public record Finding(String processKey, String activityId, String operation, String connection, String permission) {}

  private final ConnectionRegistry connections;
  private final OperationCatalog catalog;
  private final Map<String, ConnectionTestResult> tested = new ConcurrentHashMap<>();
  private final List<Finding> findings = new CopyOnWriteArrayList<>();

  public PermissionPreflight(ConnectionRegistry connections, OperationCatalog catalog) {
    this.connections = connections;
    this.catalog = catalog;
  }

  /** What was found so far, for tests and diagnostics endpoints. */
  public List<Finding> findings() {
    return List.copyOf(findings);
  }

  @Override
  public void parseServiceTask(Element element, ScopeImpl scope, ActivityImpl activity) {
    if (!DELEGATE.equals(element.attributeNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "delegateExpression"))) return;
    String operation = inputParameter(element, EntraIdDelegate.OPERATION);
    String connection = inputParameter(element, EntraIdDelegate.CONNECTION);
    if (operation == null || operation.contains("${")) return;
    String connectionName = connection == null ? ConnectionRegistry.DEFAULT_NAME : connection;
    if (connectionName.contains("${")) return;
    String processKey = activity.getProcessDefinition() instanceof ProcessDefinitionEntity definition
        ? definition.getKey() : activity.getProcessDefinition().getId();
    try {
      Operation op = catalog.get(operation);
      ConnectionTestResult result = tested.computeIfAbsent(connectionName, name -> ConnectionTester.test(connections.get(name)));
      if (result.diagnosis() != null && !result.delegatedOnlySuspected()) {
        LOG.warn("Process '{}', task '{}': connection '{}' cannot be checked: {}", processKey, activity.getId(),
            connectionName, result.message());
        return;
      }
      for (String missing : Permissions.missing(op.spec(), result.grantedPermissions())) {
        findings.add(new Finding(processKey, activity.getId(), operation, connectionName, missing));
        LOG.warn("Process '{}', task '{}': operation {} needs the application permission {}, which connection '{}' lacks."
            + " Fix: add it in the app registration (API permissions > Microsoft Graph > Application permissions) and"
            + " grant admin consent.", processKey, activity.getId(), operation, missing, connectionName);
      }
    } catch (RuntimeException e) {
      // A preflight never stops a deployment; the task itself reports the problem when it runs.
      LOG.warn("Process '{}', task '{}': Entra ID preflight skipped: {}", processKey, activity.getId(), e.getMessage());
    }
  }

  private static String inputParameter(Element task, String name) {
    Element extensions = task.element("extensionElements");
    Element io = extensions == null ? null : extensions.elementNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "inputOutput");
    if (io == null) return null;
    for (Element parameter : io.elementsNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "inputParameter")) {
      if (name.equals(parameter.attribute("name"))) {
        String text = parameter.getText();
        return text == null || text.isBlank() ? null : text.strip();
      }
    }
    return null;
  }
}
