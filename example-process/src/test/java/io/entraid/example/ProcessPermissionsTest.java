package io.entraid.example;

import static org.assertj.core.api.Assertions.assertThat;

import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.Test;

class ProcessPermissionsTest {
  /**
   * Found by the reliability suite (#16): a task whose connection is an expression made the
   * start-up report warn that the connection '${connection}' is not configured.
   */
  @Test
  void connectionsChosenByAnExpressionAreNotCheckedAtStart() {
    BpmnModelInstance model =
        Bpmn.createExecutableProcess("entra-p")
            .startEvent()
            .serviceTask("a")
            .camundaDelegateExpression("${entraId}")
            .camundaInputParameter("connection", "${connection}")
            .serviceTask("b")
            .camundaDelegateExpression("${entraId}")
            .camundaInputParameter("connection", "second")
            .serviceTask("c")
            .camundaDelegateExpression("${entraId}")
            .endEvent()
            .done();
    assertThat(ProcessPermissions.connections(model)).containsExactly("default", "second");
  }
}
