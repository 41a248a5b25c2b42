package io.entraid.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.entraid.connector.camunda.EntraIdDelegate;
import io.entraid.connector.core.ReadmeTables;
import io.entraid.connector.core.operation.OperationCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputParameter;
import org.junit.jupiter.api.Test;

/**
 * The example processes as the Modeler sees them: every Entra ID task is an application of its
 * element template (the template's id and version, exactly its bindings, its fixed values), every
 * element has a diagram shape, and the README's permissions table is generated from them and the
 * catalog. Regenerate the table with {@code mvn -pl example-process -am test
 * -Dentraid.regenerate=true}.
 */
class ProcessesTest {
  private static final Path BPMN = Path.of("src/main/resources/bpmn");
  private static final Path TEMPLATES = Path.of(".camunda/element-templates");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyEntraTaskIsItsElementTemplateApplied() throws IOException {
    int tasks = 0;
    for (Map.Entry<String, BpmnModelInstance> process : processes().entrySet()) {
      for (ServiceTask task : process.getValue().getModelElementsByType(ServiceTask.class)) {
        String where = process.getKey() + " / " + task.getId();
        Map<String, String> inputs = inputs(task);
        String operation = inputs.get(EntraIdDelegate.OPERATION);
        assertThat(operation).as(where).isNotNull();
        JsonNode template =
            JSON.readTree(TEMPLATES.resolve("entraid-" + operation + ".json").toFile());
        assertThat(
                task.getAttributeValueNs("http://camunda.org/schema/1.0/bpmn", "modelerTemplate"))
            .as(where)
            .isEqualTo(template.path("id").asText());
        assertThat(
                task.getAttributeValueNs(
                    "http://camunda.org/schema/1.0/bpmn", "modelerTemplateVersion"))
            .as(where)
            .isEqualTo(template.path("version").asText());
        Map<String, JsonNode> bound = new LinkedHashMap<>();
        for (JsonNode property : template.path("properties")) {
          JsonNode binding = property.path("binding");
          switch (binding.path("type").asText() + ":" + binding.path("name").asText()) {
            case "property:camunda:delegateExpression" ->
                assertThat(task.getCamundaDelegateExpression())
                    .as(where)
                    .isEqualTo(property.path("value").asText());
            case "property:camunda:asyncBefore" ->
                assertThat(task.isCamundaAsyncBefore()).as(where).isTrue();
            default -> bound.put(binding.path("name").asText(), property);
          }
        }
        assertThat(inputs.keySet())
            .as(where + ": exactly the template's input bindings")
            .isEqualTo(bound.keySet());
        bound.forEach(
            (name, property) -> {
              if (property.path("type").asText().equals("Hidden")) {
                assertThat(inputs.get(name))
                    .as(where + " " + name)
                    .isEqualTo(property.path("value").asText());
              }
            });
        tasks++;
      }
    }
    assertThat(tasks).isGreaterThanOrEqualTo(11);
  }

  @Test
  void everyElementHasADiagramShape() {
    processes()
        .forEach(
            (file, model) -> {
              List<String> drawn =
                  Stream.concat(
                          model.getModelElementsByType(BpmnShape.class).stream()
                              .map(s -> s.getBpmnElement().getId()),
                          model.getModelElementsByType(BpmnEdge.class).stream()
                              .map(e -> e.getBpmnElement().getId()))
                      .toList();
              List<String> elements =
                  model.getModelElementsByType(FlowElement.class).stream()
                      .map(FlowElement::getId)
                      .toList();
              assertThat(drawn).as(file).containsAll(elements);
            });
  }

  @Test
  void readmePermissionsTableMatchesTheProcesses() throws IOException {
    OperationCatalog catalog = OperationCatalog.standard();
    String table =
        "| Process | Entra ID operations | Application permissions |\n|---|---|---|\n"
            + processes().values().stream()
                .map(model -> ProcessPermissions.of(model, catalog))
                .map(
                    p ->
                        "| `"
                            + p.processKey()
                            + "` | "
                            + p.operations().stream()
                                .map(o -> "`" + o + "`")
                                .collect(Collectors.joining(", "))
                            + " | "
                            + String.join(", ", p.permissions())
                            + " |\n")
                .collect(Collectors.joining());
    ReadmeTables.check(table, "mvn -pl example-process -am test -Dentraid.regenerate=true");
  }

  private static Map<String, BpmnModelInstance> processes() {
    try (Stream<Path> files = Files.list(BPMN)) {
      Map<String, BpmnModelInstance> result = new LinkedHashMap<>();
      files
          .filter(f -> f.toString().endsWith(".bpmn"))
          .sorted()
          .forEach(f -> result.put(f.getFileName().toString(), Bpmn.readModelFromFile(f.toFile())));
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, String> inputs(ServiceTask task) {
    Map<String, String> inputs = new LinkedHashMap<>();
    CamundaInputOutput io =
        task.getExtensionElements()
            .getElementsQuery()
            .filterByType(CamundaInputOutput.class)
            .singleResult();
    for (CamundaInputParameter parameter : io.getCamundaInputParameters()) {
      inputs.put(parameter.getCamundaName(), parameter.getTextContent().strip());
    }
    return inputs;
  }
}
