package io.entraid.connector.core.connection;

import io.entraid.connector.core.EntraIdException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A connection definition with at least one error; carries every problem found, not just the first.
 */
public final class InvalidConnectionException extends EntraIdException {
  private final String connectionName;
  private final List<ConnectionProblem> problems;

  public InvalidConnectionException(String connectionName, List<ConnectionProblem> problems) {
    this(connectionName, problems, describe(connectionName, problems));
  }

  private InvalidConnectionException(
      String connectionName, List<ConnectionProblem> problems, String message) {
    super(message, null);
    this.connectionName = connectionName;
    this.problems = List.copyOf(problems);
  }

  /** One exception for several invalid connections, so start-up reports all of them at once. */
  static InvalidConnectionException combine(List<InvalidConnectionException> invalid) {
    if (invalid.size() == 1) return invalid.get(0);
    InvalidConnectionException all =
        new InvalidConnectionException(
            String.join(
                ", ", invalid.stream().map(InvalidConnectionException::connectionName).toList()),
            invalid.stream().flatMap(e -> e.problems().stream()).toList(),
            String.join("\n", invalid.stream().map(Throwable::getMessage).toList()));
    invalid.forEach(all::addSuppressed);
    return all;
  }

  public String connectionName() {
    return connectionName;
  }

  public List<ConnectionProblem> problems() {
    return problems;
  }

  private static String describe(String name, List<ConnectionProblem> problems) {
    return "Connection '"
        + name
        + "' is not usable:\n"
        + problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n"));
  }
}
