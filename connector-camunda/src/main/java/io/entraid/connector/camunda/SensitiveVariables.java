package io.entraid.connector.camunda;

import io.entraid.connector.core.operation.InputSpec;
import io.entraid.connector.core.operation.Operation;
import io.entraid.connector.core.operation.OperationCatalog;
import io.entraid.connector.core.operation.OperationSpec;
import io.entraid.connector.core.operation.OutputSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse;
import org.camunda.bpm.engine.impl.history.HistoryLevel;
import org.camunda.bpm.engine.impl.history.event.HistoryEventType;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.camunda.bpm.engine.impl.persistence.deploy.cache.DeploymentCache;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.impl.persistence.entity.VariableInstanceEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;

/**
 * Keeps the values of inputs and outputs the operation catalog marks sensitive (createUser's {@code
 * password} and {@code temporaryPassword}) out of history, whatever variable they came from or go
 * to. When a process is parsed, each Entra ID task's sensitive inputs are recorded per process
 * definition key: the input itself (a local variable of the task) and the variable a plain {@code
 * ${name}} expression maps to it; and the variable each sensitive output is written to. The
 * engine's history level is then wrapped so that no history event is produced for those variables
 * in that process (no ACT_HI_VARINST row, no ACT_HI_DETAIL update), nor for form fields submitted
 * to it (a start form would otherwise record the password as a form property). Since parsing
 * happens at deployment, a start variable is covered before the first instance sets it. A task
 * whose operation is an expression counts the sensitive inputs of every operation. Values an
 * expression computes ({@code ${vault.get('x')}}) never reach a process variable, except the task's
 * local input, which is covered too.
 */
public final class SensitiveVariables extends AbstractBpmnParseListener {
  private static final String DELEGATE = "${" + EntraIdDelegate.BEAN_NAME + "}";
  private static final Pattern PLAIN_VARIABLE =
      Pattern.compile("[$#]\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}");

  private final OperationCatalog catalog;
  private final Map<String, Set<String>> byProcessKey = new ConcurrentHashMap<>();

  public SensitiveVariables(OperationCatalog catalog) {
    this.catalog = catalog;
  }

  /** The variables of a process definition that never reach history. */
  public Set<String> of(String processKey) {
    return Set.copyOf(byProcessKey.getOrDefault(processKey, Set.of()));
  }

  @Override
  public void parseServiceTask(Element element, ScopeImpl scope, ActivityImpl activity) {
    if (!DELEGATE.equals(
        element.attributeNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "delegateExpression"))) return;
    String operationName = PermissionPreflight.inputParameter(element, EntraIdDelegate.OPERATION);
    if (operationName == null
        || !(activity.getProcessDefinition() instanceof ProcessDefinitionEntity definition)) return;
    // An operation chosen by an expression may be any of them: every sensitive input and output
    // counts.
    List<OperationSpec> specs =
        catalog.all().stream()
            .map(Operation::spec)
            .filter(
                spec ->
                    operationName.contains("${")
                        || operationName.contains("#{")
                        || spec.name().equals(operationName))
            .toList();
    Set<String> names = new HashSet<>();
    for (OperationSpec spec : specs) {
      for (InputSpec input : spec.inputs()) {
        String mapped =
            input.sensitive() ? PermissionPreflight.inputParameter(element, input.name()) : null;
        if (mapped == null) continue;
        names.add(input.name());
        Matcher plain = PLAIN_VARIABLE.matcher(mapped);
        if (plain.matches()) names.add(plain.group(1));
      }
      for (OutputSpec output : spec.outputs()) {
        String variable =
            output.sensitive()
                ? PermissionPreflight.inputParameter(element, output.variableInput())
                : null;
        if (variable == null && output.sensitive() && OutputSpec.RESULT.equals(output.name()))
          variable = output.defaultVariable();
        if (variable != null && !variable.contains("{")) names.add(variable);
      }
    }
    if (!names.isEmpty())
      byProcessKey
          .computeIfAbsent(definition.getKey(), key -> ConcurrentHashMap.newKeySet())
          .addAll(names);
  }

  /** The engine's history level, except for the sensitive variables of each process definition. */
  public HistoryLevel wrap(HistoryLevel level, DeploymentCache definitions) {
    return new Level(level, definitions);
  }

  private final class Level implements HistoryLevel {
    private final HistoryLevel wrapped;
    private final DeploymentCache definitions;

    Level(HistoryLevel wrapped, DeploymentCache definitions) {
      this.wrapped = wrapped;
      this.definitions = definitions;
    }

    @Override
    public int getId() {
      return wrapped.getId();
    }

    @Override
    public String getName() {
      return wrapped.getName();
    }

    @Override
    public boolean isHistoryEventProduced(HistoryEventType eventType, Object entity) {
      if (!byProcessKey.isEmpty()) {
        if (entity instanceof VariableInstanceEntity variable
            && sensitive(variable.getProcessDefinitionId()).contains(variable.getName())) {
          return false;
        }
        if (eventType == HistoryEventTypes.FORM_PROPERTY_UPDATE
            && !sensitive(definitionId(entity)).isEmpty()) return false;
      }
      return wrapped.isHistoryEventProduced(eventType, entity);
    }

    private Set<String> sensitive(String processDefinitionId) {
      if (processDefinitionId == null) return Set.of();
      ProcessDefinitionEntity definition =
          definitions.findDeployedProcessDefinitionById(processDefinitionId);
      return definition == null
          ? Set.of()
          : byProcessKey.getOrDefault(definition.getKey(), Set.of());
    }

    private static String definitionId(Object entity) {
      if (entity instanceof ExecutionEntity execution) return execution.getProcessDefinitionId();
      if (entity instanceof TaskEntity task) return task.getProcessDefinitionId();
      return null;
    }

    /**
     * Camunda compares the configured level with its built-in ones ({@code
     * level.equals(HISTORY_LEVEL_FULL)}).
     */
    @Override
    public boolean equals(Object other) {
      return other == this || wrapped.equals(other);
    }

    @Override
    public int hashCode() {
      return wrapped.hashCode();
    }
  }
}
