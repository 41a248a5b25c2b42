package io.entraid.connector.core.operation;

import java.util.List;
import java.util.Optional;

/**
 * Everything the rest of the product knows about an operation, declared once in the operation's
 * class.
 *
 * @param outputs what it returns; the first is the result
 * @param permissions the least-privileged Microsoft Graph application permissions the operation
 *     needs, all of them
 * @param documentation the Microsoft page of the Graph API the operation calls (https)
 */
public record OperationSpec(
    String name,
    String title,
    String description,
    Category category,
    List<InputSpec> inputs,
    List<OutputSpec> outputs,
    List<String> permissions,
    String documentation) {

  public enum Category {
    USERS,
    GROUPS,
    MEMBERSHIP,
    DIRECTORY,
    ADVANCED
  }

  public OperationSpec {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    if (outputs.isEmpty() || !OutputSpec.RESULT.equals(outputs.get(0).name())) {
      throw new IllegalArgumentException(name + ": the first output must be the result");
    }
    permissions = List.copyOf(permissions);
    if (documentation == null || !documentation.startsWith("https://")) {
      throw new IllegalArgumentException(
          name + ": documentation must be the https URL of its Microsoft Graph API page");
    }
  }

  public OutputSpec result() {
    return outputs.get(0);
  }

  public Optional<InputSpec> input(String inputName) {
    return inputs.stream().filter(i -> i.name().equals(inputName)).findFirst();
  }
}
