package io.entraid.connector.core.operation;

import io.entraid.connector.core.EntraIdException;

/**
 * A task asked for something its connection's {@link ConnectionPolicy} forbids. Permanent: retrying
 * cannot help, so the task fails at once with this message, which names the rule and the fix.
 */
public final class PolicyViolation extends EntraIdException {
  private final String rule;

  PolicyViolation(String rule, String message) {
    super(message, null);
    this.rule = rule;
  }

  /**
   * The policy setting that refused the call: {@code operations}, {@code processes} or {@code
   * graph-requests}.
   */
  public String rule() {
    return rule;
  }
}
