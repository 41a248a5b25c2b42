package io.entraid.connector.camunda.spring;

import io.entraid.connector.core.connection.ConnectionProblem;
import io.entraid.connector.core.connection.InvalidConnectionException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns invalid connections at start-up into Spring Boot's <em>APPLICATION FAILED TO START</em>
 * report: each problem once under <em>Description</em>, its fix under <em>Action</em>, instead of a
 * nested bean-creation stack trace (which Spring Boot then logs at debug level only).
 */
public final class InvalidConnectionFailureAnalyzer
    extends AbstractFailureAnalyzer<InvalidConnectionException> {
  private static final String FIX = " Fix: ";

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidConnectionException cause) {
    Set<String> description = new LinkedHashSet<>();
    Set<String> action = new LinkedHashSet<>();
    for (InvalidConnectionException connection : perConnection(cause)) {
      String name = connection.connectionName();
      description.add(
          "Entra ID connection '"
              + name
              + "' ("
              + EntraIdProperties.PREFIX
              + ".connections."
              + name
              + ") is not usable:");
      for (ConnectionProblem problem : connection.problems()) {
        int fix = problem.message().indexOf(FIX);
        description.add(
            "  - " + (fix < 0 ? problem.message() : problem.message().substring(0, fix)));
        if (fix >= 0)
          action.add(
              "Connection '"
                  + name
                  + "', "
                  + problem.key()
                  + ": "
                  + problem.message().substring(fix + FIX.length()));
      }
    }
    action.add(
        "Or mark a connection 'lazy: true' to start without it (tasks that use it then fail with this diagnosis).");
    return new FailureAnalysis(String.join("\n", description), String.join("\n", action), cause);
  }

  /**
   * Several invalid connections arrive as one exception with one suppressed exception per
   * connection.
   */
  private static List<InvalidConnectionException> perConnection(InvalidConnectionException cause) {
    List<InvalidConnectionException> each =
        Stream.of(cause.getSuppressed())
            .filter(InvalidConnectionException.class::isInstance)
            .map(InvalidConnectionException.class::cast)
            .toList();
    return each.isEmpty() ? List.of(cause) : each;
  }
}
