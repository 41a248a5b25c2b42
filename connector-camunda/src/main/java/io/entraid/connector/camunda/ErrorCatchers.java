package io.entraid.connector.camunda;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.bpmn.helper.ErrorDeclarationForProcessInstanceFinder;
import org.camunda.bpm.engine.impl.pvm.delegate.ActivityExecution;
import org.camunda.bpm.engine.impl.tree.ActivityExecutionHierarchyWalker;

/**
 * Whether the model catches a BPMN error thrown by a task, decided by the engine's own rules before
 * the error is thrown: the walk {@code BpmnExceptionHandler.propagateError} makes (error boundary
 * events on the task and on enclosing subprocesses, error event subprocesses in enclosing scopes,
 * then up through call activities into the calling processes; a matching code or a catch-all),
 * without its side effects (no variables are mapped, nothing is executed).
 */
final class ErrorCatchers {
  private ErrorCatchers() {}

  static boolean catches(DelegateExecution execution, String errorCode) {
    // Not an engine execution (a test double): leave the error to the engine.
    if (!(execution instanceof ActivityExecution activityExecution)) return true;
    ErrorDeclarationForProcessInstanceFinder finder =
        new ErrorDeclarationForProcessInstanceFinder(
            null, errorCode, activityExecution.getActivity());
    ActivityExecutionHierarchyWalker walker =
        new ActivityExecutionHierarchyWalker(activityExecution);
    walker.addScopePreVisitor(finder);
    walker.walkUntil(element -> finder.getErrorEventDefinition() != null || element == null);
    return finder.getErrorHandlerActivity() != null;
  }
}
