package io.entraid.connector.camunda.store;

import io.entraid.connector.camunda.EntraIdDelegate;
import io.entraid.connector.core.connection.ConnectionRegistry;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputParameter;

/**
 * The Entra ID tasks of deployed process definitions that name a connection (a task without a
 * connection input uses {@value ConnectionRegistry#DEFAULT_NAME}; one whose connection is an
 * expression is not counted, since it is known only at run time).
 */
public final class ProcessReferences {
  private static final String DELEGATE = "${" + EntraIdDelegate.BEAN_NAME + "}";

  /** One task: its process definition, activity and fixed operation (null if an expression). */
  record Task(String processKey, int version, String activityId, String operation) {}

  private ProcessReferences() {}

  /**
   * @param latestOnly only the latest version of each process definition
   */
  static List<Task> tasksUsing(
      RepositoryService repository, String connection, boolean latestOnly) {
    List<Task> tasks = new ArrayList<>();
    var query = repository.createProcessDefinitionQuery();
    if (latestOnly) query.latestVersion();
    for (ProcessDefinition definition :
        query.orderByProcessDefinitionKey().asc().orderByProcessDefinitionVersion().asc().list()) {
      BpmnModelInstance model = repository.getBpmnModelInstance(definition.getId());
      if (model == null) continue;
      for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
        if (!DELEGATE.equals(task.getCamundaDelegateExpression())) continue;
        String named = inputParameter(task, EntraIdDelegate.CONNECTION);
        String used = named == null ? ConnectionRegistry.DEFAULT_NAME : named;
        if (!used.equals(connection)) continue;
        String operation = inputParameter(task, EntraIdDelegate.OPERATION);
        tasks.add(
            new Task(
                definition.getKey(),
                definition.getVersion(),
                task.getId(),
                operation == null || operation.contains("${") ? null : operation));
      }
    }
    return tasks;
  }

  /** The text of a task's input parameter, or null if it is absent or blank. */
  public static String inputParameter(ServiceTask task, String name) {
    if (task.getExtensionElements() == null) return null;
    for (CamundaInputOutput io :
        task.getExtensionElements().getChildElementsByType(CamundaInputOutput.class)) {
      for (CamundaInputParameter parameter : io.getCamundaInputParameters()) {
        if (name.equals(parameter.getCamundaName())) {
          String text = parameter.getTextContent();
          return text == null || text.isBlank() ? null : text.strip();
        }
      }
    }
    return null;
  }
}
