package io.entraid.connector.camunda.spring;

import io.entraid.connector.core.trigger.InvalidTriggerException;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns invalid triggers at start-up into Spring Boot's <em>APPLICATION FAILED TO START</em>
 * report: each problem once under <em>Description</em>, its fix under <em>Action</em>.
 */
public final class InvalidTriggerFailureAnalyzer
    extends AbstractFailureAnalyzer<InvalidTriggerException> {
  private static final String FIX = " Fix: ";

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidTriggerException cause) {
    Set<String> description = new LinkedHashSet<>();
    Set<String> action = new LinkedHashSet<>();
    description.add(
        "Entra ID trigger(s) '"
            + cause.triggerName()
            + "' ("
            + EntraIdProperties.PREFIX
            + ".triggers) not usable:");
    for (String problem : cause.problems()) {
      int fix = problem.indexOf(FIX);
      description.add("  - " + (fix < 0 ? problem : problem.substring(0, fix)));
      if (fix >= 0) action.add(problem.substring(fix + FIX.length()));
    }
    return new FailureAnalysis(String.join("\n", description), String.join("\n", action), cause);
  }
}
