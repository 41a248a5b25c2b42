package io.entraid.connector.core.trigger;

import io.entraid.connector.core.EntraIdException;
import java.util.List;
import java.util.stream.Collectors;

/** A trigger's configuration with at least one error; carries every problem found. */
public final class InvalidTriggerException extends EntraIdException {
  private final String triggerName;
  private final List<String> problems;

  public InvalidTriggerException(String triggerName, List<String> problems) {
    super(
        "Trigger '"
            + triggerName
            + "' is not usable:\n"
            + problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n")),
        null);
    this.triggerName = triggerName;
    this.problems = List.copyOf(problems);
  }

  public String triggerName() {
    return triggerName;
  }

  /** Each problem: the setting, what is wrong with its value, and after "Fix: " what to do. */
  public List<String> problems() {
    return problems;
  }
}
