package io.entraid.connector.camunda;

import io.entraid.connector.core.connection.ConnectionRegistry;
import io.entraid.connector.core.connection.ConnectionTestResult;
import io.entraid.connector.core.connection.ConnectionTester;
import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.graph.GraphRequest.Method;
import io.entraid.connector.core.graph.RelativePath;
import io.entraid.connector.core.operation.ConnectionPolicies;
import io.entraid.connector.core.operation.ConnectionPolicy;
import io.entraid.connector.core.operation.Operation;
import io.entraid.connector.core.operation.OperationCatalog;
import io.entraid.connector.core.operation.Permissions;
import io.entraid.connector.core.operation.PolicyViolation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse;
import org.camunda.bpm.engine.impl.persistence.deploy.Deployer;
import org.camunda.bpm.engine.impl.persistence.entity.DeploymentEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a process is deployed, checks each Entra ID task's operation against the permissions its
 * connection's token actually carries: a gap is found at deployment, not by the first instance that
 * reaches the task. Only fixed operation and connection names are checked (an expression is
 * resolved only at run time). Each connection is tested once per token. Before that, each task is
 * checked against its connection's policy (no network needed): a task the policy forbids is
 * reported with the rule, since it would fail with an incident when it runs.
 *
 * <p>The tasks are checked while the deployment is parsed; once it is deployed (this is also a post
 * deployer), one warning per cause lists every task it affects: per missing permission of a
 * connection, per connection that cannot be tested, per other reason a check was skipped.
 */
public final class PermissionPreflight extends AbstractBpmnParseListener implements Deployer {
  private static final Logger LOG = LoggerFactory.getLogger(PermissionPreflight.class);
  private static final String DELEGATE = "${" + EntraIdDelegate.BEAN_NAME + "}";
  private static final Duration FAILED_TEST_KEPT = Duration.ofMinutes(1);

  /** One missing permission of one task. */
  public record Finding(
      String processKey,
      String activityId,
      String operation,
      String connection,
      String permission) {}

  /**
   * One task its connection's policy forbids; {@code rule} is the policy setting that refuses it.
   */
  public record PolicyFinding(
      String processKey, String activityId, String operation, String connection, String rule) {}

  /** A task of a deployment that one cause affects. */
  private record Affected(String cause, String processKey, String activityId) {}

  private final ConnectionRegistry connections;
  private final OperationCatalog catalog;
  private final ConnectionPolicies policies;
  private final List<PolicyFinding> policyFindings = new CopyOnWriteArrayList<>();

  /**
   * Per connection object (a stored connection changed at run time is a new one; weak keys let a
   * replaced one go), its test until the token it read expires: a permission granted since shows in
   * the next token. A failed test is kept a minute, so one deployment tests a broken connection
   * once.
   */
  private final Map<EntraConnection, Tested> tested =
      Collections.synchronizedMap(new WeakHashMap<>());

  private record Tested(ConnectionTestResult result, Instant until) {}

  private final List<Finding> findings = new CopyOnWriteArrayList<>();

  /** Per deployment being parsed, the tasks each cause affects, until the deployment is done. */
  private final Map<String, List<Affected>> pending = new ConcurrentHashMap<>();

  public PermissionPreflight(
      ConnectionRegistry connections, OperationCatalog catalog, ConnectionPolicies policies) {
    this.connections = connections;
    this.catalog = catalog;
    this.policies = policies;
  }

  /** The tasks found so far that their connection's policy forbids. */
  public List<PolicyFinding> policyFindings() {
    return List.copyOf(policyFindings);
  }

  /** What was found so far, for tests and diagnostics endpoints. */
  public List<Finding> findings() {
    return List.copyOf(findings);
  }

  private ConnectionTestResult test(EntraConnection connection) {
    Instant now = ClockUtil.getCurrentTime().toInstant();
    Tested last = tested.get(connection);
    if (last == null || !now.isBefore(last.until())) {
      ConnectionTestResult result = ConnectionTester.test(connection);
      Instant until =
          result.tokenExpiresAt() != null ? result.tokenExpiresAt() : now.plus(FAILED_TEST_KEPT);
      last = new Tested(result, until);
      tested.put(connection, last);
    }
    return last.result();
  }

  @Override
  public void parseServiceTask(Element element, ScopeImpl scope, ActivityImpl activity) {
    if (!DELEGATE.equals(
        element.attributeNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "delegateExpression"))) return;
    String operation = inputParameter(element, EntraIdDelegate.OPERATION);
    String connection = inputParameter(element, EntraIdDelegate.CONNECTION);
    if (operation == null || operation.contains("${")) return;
    String connectionName = connection == null ? ConnectionRegistry.DEFAULT_NAME : connection;
    if (connectionName.contains("${")) return;
    ProcessDefinitionEntity definition = (ProcessDefinitionEntity) activity.getProcessDefinition();
    List<Affected> affected =
        pending.computeIfAbsent(
            String.valueOf(definition.getDeploymentId()), id -> new CopyOnWriteArrayList<>());
    String processKey = definition.getKey();
    try {
      Operation op = catalog.get(operation);
      ConnectionPolicy policy = policies.get(connectionName);
      try {
        checkPolicy(policy, element, op, connectionName, processKey);
      } catch (PolicyViolation e) {
        policyFindings.add(
            new PolicyFinding(processKey, activity.getId(), operation, connectionName, e.rule()));
        affected.add(
            new Affected(
                e.getMessage() + " Until then the task fails with an incident when it runs.",
                processKey,
                activity.getId()));
        return;
      }
      List<String> needed = neededPermissions(op, policy);
      ConnectionTestResult result = test(connections.get(connectionName));
      if (result.diagnosis() != null && !result.delegatedOnlySuspected()) {
        affected.add(
            new Affected(
                "permissions not checked, the connection does not work: " + result.message(),
                processKey,
                activity.getId()));
        return;
      }
      for (String missing :
          needed.stream()
              .filter(p -> !Permissions.satisfied(p, result.grantedPermissions()))
              .toList()) {
        findings.add(new Finding(processKey, activity.getId(), operation, connectionName, missing));
        affected.add(
            new Affected(
                "Connection '"
                    + connectionName
                    + "' lacks the application permission "
                    + missing
                    + ". Fix: add it in the app registration (API permissions > Microsoft Graph > Application permissions) and"
                    + " grant admin consent.",
                processKey,
                activity.getId() + " (" + operation + ")"));
      }
    } catch (RuntimeException e) {
      // A preflight never stops a deployment; the task itself reports the problem when it runs.
      affected.add(
          new Affected("Preflight skipped: " + e.getMessage(), processKey, activity.getId()));
    }
  }

  /**
   * The application permissions a task of this operation needs: the operation's own, or for
   * graphRequest those its connection's policy declares.
   */
  public static List<String> neededPermissions(Operation op, ConnectionPolicy policy) {
    List<String> needed = new ArrayList<>(op.spec().permissions());
    if (op.spec().permissions().isEmpty() && policy.allows(op.spec().name()))
      needed.addAll(policy.graphPermissions());
    return needed;
  }

  /** After the deployment: one warning per cause, naming the processes and tasks it affects. */
  @Override
  public void deploy(DeploymentEntity deployment) {
    List<Affected> affected = pending.remove(String.valueOf(deployment.getId()));
    if (affected == null) return;
    Map<String, Map<String, List<String>>> byCause = new LinkedHashMap<>();
    for (Affected a : affected) {
      byCause
          .computeIfAbsent(a.cause(), c -> new LinkedHashMap<>())
          .computeIfAbsent(a.processKey(), k -> new ArrayList<>())
          .add(a.activityId());
    }
    byCause.forEach(
        (cause, tasks) ->
            LOG.warn(
                "ENTRAID-02002 Entra ID deployment preflight: {} Affects {}",
                cause,
                tasks.entrySet().stream()
                        .map(
                            e ->
                                "process '"
                                    + e.getKey()
                                    + "' (tasks "
                                    + String.join(", ", e.getValue())
                                    + ")")
                        .collect(Collectors.joining(", "))
                    + "."));
  }

  /**
   * The operation and process; for graphRequest also a fixed method and path (a $batch's body is
   * known only at run time).
   */
  private static void checkPolicy(
      ConnectionPolicy policy,
      Element element,
      Operation op,
      String connection,
      String processKey) {
    policy.checkOperation(connection, op.spec().name(), processKey);
    String path = inputParameter(element, "path");
    String method = inputParameter(element, "method");
    if (op.spec().input("path").isEmpty()
        || path == null
        || path.contains("${")
        || (method != null && method.contains("${"))) return;
    try {
      RelativePath relative = RelativePath.of(path, null);
      if (!relative.segments().get(0).equalsIgnoreCase("$batch")) {
        policy.checkGraphRequest(
            connection,
            Method.valueOf(method == null ? "GET" : method.toUpperCase(Locale.ROOT)),
            relative.segments());
      }
    } catch (IllegalArgumentException e) {
      // An invalid path or method: the task reports it as ENTRA_INVALID_INPUT when it runs.
    }
  }

  /** The text of a task's input parameter, or null if it is absent or blank. */
  static String inputParameter(Element task, String name) {
    Element extensions = task.element("extensionElements");
    Element io =
        extensions == null
            ? null
            : extensions.elementNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "inputOutput");
    if (io == null) return null;
    for (Element parameter :
        io.elementsNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "inputParameter")) {
      if (name.equals(parameter.attribute("name"))) {
        String text = parameter.getText();
        return text == null || text.isBlank() ? null : text.strip();
      }
    }
    return null;
  }
}
