package io.entraid.connector.core.operation;

/**
 * One value an operation returns. The first output of an operation is its result, written to the
 * variable named by {@code resultVariable}; further outputs are written to the variable named by
 * the input {@code <name>Variable} when the task sets it.
 *
 * @param defaultVariable the variable name the Modeler template suggests
 * @param sensitive the value is a credential (a generated password): kept out of history like
 *     sensitive inputs
 */
public record OutputSpec(
    String name, Kind kind, String defaultVariable, String description, boolean sensitive) {
  public static final String RESULT = "result";

  public enum Kind {
    /** true/false, usable directly in a gateway condition. */
    BOOLEAN,
    STRING,
    INTEGER,
    /** A JSON object. */
    OBJECT,
    /** A JSON array. */
    LIST
  }

  public static OutputSpec result(Kind kind, String defaultVariable, String description) {
    return new OutputSpec(RESULT, kind, defaultVariable, description, false);
  }

  public static OutputSpec extra(
      String name, Kind kind, String defaultVariable, String description) {
    return new OutputSpec(name, kind, defaultVariable, description, false);
  }

  public OutputSpec asSensitive() {
    return new OutputSpec(name, kind, defaultVariable, description, true);
  }

  /** The input parameter that names the variable for this output. */
  public String variableInput() {
    return RESULT.equals(name) ? "resultVariable" : name + "Variable";
  }
}
