package io.entraid.example;

import io.entraid.connector.camunda.EntraIdDelegate;
import io.entraid.connector.camunda.store.ProcessReferences;
import io.entraid.connector.core.connection.ConnectionRegistry;
import io.entraid.connector.core.operation.OperationCatalog;
import io.entraid.connector.core.operation.Permissions;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;

/**
 * What a process needs from Entra ID: the operations of its Entra ID tasks (read from the BPMN)
 * and, from the operation catalog, the application permissions they declare (those another one
 * covers left out). Used for the start-up check and for the README's permissions table, so both
 * come from the same declarations.
 */
public record ProcessPermissions(
    String processKey, String processName, Set<String> operations, Set<String> permissions) {
  private static final String DELEGATE = "${" + EntraIdDelegate.BEAN_NAME + "}";

  public static ProcessPermissions of(BpmnModelInstance model, OperationCatalog catalog) {
    org.camunda.bpm.model.bpmn.instance.Process process =
        model
            .getModelElementsByType(org.camunda.bpm.model.bpmn.instance.Process.class)
            .iterator()
            .next();
    Set<String> operations = new LinkedHashSet<>();
    for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
      if (!DELEGATE.equals(task.getCamundaDelegateExpression())) continue;
      String operation = ProcessReferences.inputParameter(task, EntraIdDelegate.OPERATION);
      if (operation != null) operations.add(operation);
    }
    Set<String> declared = new TreeSet<>();
    operations.forEach(operation -> declared.addAll(catalog.get(operation).spec().permissions()));
    // What to grant: a declared permission that another declared one already covers is left out.
    Set<String> permissions = new TreeSet<>();
    for (String permission : declared) {
      Set<String> others = new TreeSet<>(declared);
      others.remove(permission);
      if (!Permissions.satisfied(permission, others)) permissions.add(permission);
    }
    return new ProcessPermissions(process.getId(), process.getName(), operations, permissions);
  }

  /**
   * The connections the process's tasks name ({@code default} where a task names none); a name
   * given by an expression is left out (it is known only when the task runs).
   */
  public static Set<String> connections(BpmnModelInstance model) {
    Set<String> names = new TreeSet<>();
    for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
      if (!DELEGATE.equals(task.getCamundaDelegateExpression())) continue;
      String connection = ProcessReferences.inputParameter(task, EntraIdDelegate.CONNECTION);
      // a name chosen by an expression is known only when the task runs: nothing to check at start
      if (connection != null && (connection.contains("${") || connection.contains("#{"))) continue;
      names.add(connection == null ? ConnectionRegistry.DEFAULT_NAME : connection);
    }
    return names;
  }

  /** The declared permissions that {@code granted} does not cover. */
  public List<String> missing(Collection<String> granted) {
    return permissions.stream().filter(p -> !Permissions.satisfied(p, granted)).toList();
  }
}
