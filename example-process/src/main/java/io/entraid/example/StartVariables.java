package io.entraid.example;

import io.entraid.connector.core.Suggestions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaConstraint;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaFormData;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaFormField;
import org.springframework.stereotype.Component;

/**
 * Checks the variables a process is started with against its start form, so a REST start with a
 * misspelled or missing variable is refused at once with one message naming all of them and the
 * expected names, instead of an incident at the first task naming one. The start form is the one
 * declaration of a process's inputs: Tasklist shows it, and this check reads it. Used as {@code
 * <camunda:executionListener delegateExpression="${startVariables}" event="start"/>} on the start
 * event; the REST API answers a refused start with the message (status 500, as for any start the
 * engine refuses).
 */
@Component("startVariables")
class StartVariables implements ExecutionListener {

  @Override
  public void notify(DelegateExecution execution) {
    if (!(execution.getBpmnModelElementInstance() instanceof StartEvent start)) return;
    Map<String, Boolean> expected = formFields(start); // name -> required
    if (expected.isEmpty()) return;
    List<String> known = new ArrayList<>(expected.keySet());
    if (start.getCamundaInitiator() != null) known.add(start.getCamundaInitiator());

    List<String> problems = new ArrayList<>();
    for (String name : execution.getVariableNames()) {
      if (known.contains(name)) continue;
      problems.add(
          "unknown variable '"
              + name
              + "'"
              + Suggestions.closest(name, expected.keySet(), 3)
                  .map(s -> " (did you mean '" + s + "'?)")
                  .orElse(""));
    }
    expected.forEach(
        (name, required) -> {
          Object value = execution.getVariable(name);
          if (required && (value == null || value.toString().isBlank()))
            problems.add("missing required variable '" + name + "'");
        });
    if (problems.isEmpty()) return;
    List<String> described = new ArrayList<>();
    expected.forEach((name, required) -> described.add(name + (required ? " (required)" : "")));
    throw new BadUserRequestException(
        "Process '"
            + execution.getProcessDefinitionId().split(":")[0]
            + "' was not started: "
            + String.join("; ", problems)
            + ". Fix: start it with the variables "
            + String.join(", ", described)
            + ".");
  }

  private static Map<String, Boolean> formFields(StartEvent start) {
    Map<String, Boolean> fields = new LinkedHashMap<>();
    if (start.getExtensionElements() == null) return fields;
    for (CamundaFormData data :
        start.getExtensionElements().getChildElementsByType(CamundaFormData.class)) {
      for (CamundaFormField field : data.getCamundaFormFields()) {
        boolean required =
            field.getCamundaValidation() != null
                && field.getCamundaValidation().getCamundaConstraints().stream()
                    .map(CamundaConstraint::getCamundaName)
                    .anyMatch("required"::equals);
        fields.put(field.getCamundaId(), required);
      }
    }
    return fields;
  }
}
