package io.entraid.connector.camunda;

import io.entraid.connector.core.EntraIdException;
import io.entraid.connector.core.UserText;
import io.entraid.connector.core.connection.ConnectionRegistry;
import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.graph.GraphErrorCategory;
import io.entraid.connector.core.graph.GraphException;
import io.entraid.connector.core.operation.ConnectionPolicies;
import io.entraid.connector.core.operation.InputSpec;
import io.entraid.connector.core.operation.Operation;
import io.entraid.connector.core.operation.OperationCatalog;
import io.entraid.connector.core.operation.OutputSpec;
import io.entraid.connector.core.operation.Result;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.core.variable.scope.AbstractVariableScope;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.variable.value.TypedValue;

/**
 * The service task behind every Entra ID operation: {@code camunda:delegateExpression="${entraId}"}
 * with the input parameters {@code operation}, {@code connection}, {@code resultVariable} and the
 * operation's own inputs. Stateless and shared by all executions: everything per execution is read
 * from the task's input parameters (local variables), never from fields.
 *
 * <p>Business outcomes become BPMN errors a boundary event can catch; one that nothing in the model
 * catches fails the task with an incident (see {@link UncaughtErrors}) rather than ending the
 * execution silently. Technical failures fail the job with a message that states the cause and the
 * fix.
 */
public final class EntraIdDelegate implements JavaDelegate {
  public static final String BEAN_NAME = "entraId";
  public static final String OPERATION = "operation";
  public static final String CONNECTION = "connection";
  public static final String RETRY_CYCLE = "retryCycle";

  private final ConnectionRegistry connections;
  private final OperationCatalog catalog;
  private final ConnectionPolicies policies;
  private final UncaughtErrors uncaughtErrors;
  private volatile Function<String, Optional<UncaughtErrors.Mode>> storedUncaughtErrors =
      name -> Optional.empty();

  public EntraIdDelegate(
      ConnectionRegistry connections,
      OperationCatalog catalog,
      ConnectionPolicies policies,
      UncaughtErrors uncaughtErrors) {
    this.connections = connections;
    this.catalog = catalog;
    this.policies = policies;
    this.uncaughtErrors = uncaughtErrors;
  }

  /** The uncaught-errors settings of stored connections (which configuration does not know). */
  public void setStoredUncaughtErrors(Function<String, Optional<UncaughtErrors.Mode>> lookup) {
    this.storedUncaughtErrors = lookup;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String operationName = text(execution, OPERATION);
    String connectionName = text(execution, CONNECTION);
    Operation operation;
    EntraConnection connection;
    try {
      operation = catalog.get(operationName);
      connection = connections.get(connectionName);
    } catch (EntraIdException e) {
      throw failure(execution, operationName, connectionName, e.getMessage(), false, e);
    }

    Map<String, Object> inputs = new HashMap<>();
    for (InputSpec input : operation.spec().inputs()) {
      inputs.put(input.name(), VariableValues.toInput(execution.getVariableLocal(input.name())));
    }
    Result result;
    try {
      result =
          catalog.execute(
              connection,
              operation,
              inputs,
              policies.get(connection.name()),
              processKey(execution));
    } catch (EntraIdException e) {
      if (e instanceof GraphException graph && graph.category().isBusinessOutcome()) {
        throw businessError(execution, operation, connection, graph);
      }
      throw failure(
          execution,
          operation.spec().name(),
          connection.name(),
          e.getMessage(),
          e.isRetryable(),
          e);
    }
    for (OutputSpec output : operation.spec().outputs()) {
      String variable = text(execution, output.variableInput());
      if (OutputSpec.RESULT.equals(output.name()) && variable == null)
        variable = output.defaultVariable();
      if (variable != null)
        setOutput(
            execution, variable, VariableValues.toVariable(result.values().get(output.name())));
    }
  }

  /**
   * The BPMN error for a business outcome, or, when nothing in the model catches its code and the
   * connection's setting is {@code incident}, a failure without retries: the same outcome will not
   * change by waiting, and an incident is where a person sees it.
   */
  private RuntimeException businessError(
      DelegateExecution execution,
      Operation operation,
      EntraConnection connection,
      GraphException e) {
    String code = errorCode(e.category());
    UncaughtErrors.Mode mode =
        storedUncaughtErrors
            .apply(connection.name())
            .orElseGet(() -> uncaughtErrors.modeFor(connection.name()));
    if (mode == UncaughtErrors.Mode.END || ErrorCatchers.catches(execution, code)) {
      return new BpmnError(code, e.getMessage());
    }
    // Cause last: Camunda keeps only the first 666 characters of a job's exception message.
    return failure(
        execution,
        operation.spec().name(),
        connection.name(),
        "uncaught BPMN error "
            + code
            + ": nothing in"
            + " the model catches it (no error boundary event on the task or an enclosing subprocess, no error event"
            + " subprocess, no catching calling process), so the task stopped here instead of ending silently. Fix: correct"
            + " the input and retry the incident, or catch "
            + code
            + " in the model. Cause: "
            + e.getMessage(),
        false,
        e);
  }

  /**
   * Sets an output where the process sees it after the task. Camunda's setVariable writes to the
   * scope that already has the name, so a result named like one of the task's inputs (say {@code
   * user}) would land in the task's local scope and vanish with it; such names go to the parent
   * scope.
   */
  private static void setOutput(DelegateExecution execution, String name, TypedValue value) {
    if (execution.hasVariableLocal(name)
        && execution instanceof AbstractVariableScope scope
        && scope.getParentVariableScope() != null) {
      scope.getParentVariableScope().setVariable(name, value);
    } else {
      execution.setVariable(name, value);
    }
  }

  /** The BPMN error code a process catches for a business outcome. */
  public static String errorCode(GraphErrorCategory category) {
    return "ENTRA_" + category.name();
  }

  private static String processKey(DelegateExecution execution) {
    return execution instanceof ExecutionEntity entity && entity.getProcessDefinition() != null
        ? entity.getProcessDefinition().getKey()
        : null;
  }

  private static String text(DelegateExecution execution, String name) {
    Object value = execution.getVariableLocal(name);
    return value == null || value.toString().isBlank() ? null : value.toString().strip();
  }

  private static EntraIdTaskFailure failure(
      DelegateExecution execution,
      String operation,
      String connection,
      String message,
      boolean retryable,
      Throwable cause) {
    String task =
        execution.getCurrentActivityName() != null
            ? execution.getCurrentActivityName()
            : execution.getCurrentActivityId();
    return new EntraIdTaskFailure(
        "Entra ID task '"
            + task
            + "' (operation "
            + UserText.escape(operation)
            + ", connection "
            + UserText.escape(connection == null ? ConnectionRegistry.DEFAULT_NAME : connection)
            + ") failed: "
            + message,
        retryable,
        text(execution, RETRY_CYCLE),
        cause);
  }
}
