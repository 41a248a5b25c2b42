package io.entraid.connector.camunda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.entraid.connector.core.operation.ListInput;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.camunda.spin.json.SpinJsonNode;
import org.camunda.spin.plugin.variable.SpinValues;

/** Converts between process variables and the plain values operations take and return. */
public final class VariableValues {
  private static final ObjectMapper JSON = new ObjectMapper();

  private VariableValues() {}

  /**
   * A variable's value as an operation input: JSON variables become JSON text, the rest passes
   * through.
   */
  static Object toInput(Object value) {
    return value instanceof SpinJsonNode json ? json.toString() : value;
  }

  /**
   * A variable holding a list of names or ids, read as the tasks read their list inputs (see {@link
   * ListInput}), for expressions in a model: {@code camunda:collection="${...list(groups)}"}.
   *
   * @throws IllegalArgumentException when JSON-array text is broken, with the fix
   */
  public static List<String> list(Object variable) {
    return ListInput.parse(toInput(variable));
  }

  /**
   * An operation output as a typed variable: booleans, strings and numbers stay plain (a gateway
   * can test {@code ${isMember}}), objects and lists become JSON values ({@code
   * ${user.prop("department")}}).
   */
  static TypedValue toVariable(Object value) {
    if (value == null) return Variables.untypedNullValue();
    if (value instanceof Boolean b) return Variables.booleanValue(b);
    if (value instanceof String s) return Variables.stringValue(s);
    if (value instanceof Integer i) return Variables.integerValue(i);
    if (value instanceof Long l) return Variables.longValue(l);
    if (value instanceof Number n) return Variables.doubleValue(n.doubleValue());
    if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
      try {
        return SpinValues.jsonValue(JSON.writeValueAsString(value)).create();
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("Result is not JSON-serializable", e);
      }
    }
    throw new IllegalArgumentException("Unsupported result type " + value.getClass().getName());
  }
}
