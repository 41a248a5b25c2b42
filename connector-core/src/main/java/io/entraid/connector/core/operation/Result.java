package io.entraid.connector.core.operation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What an operation returns: its result and any further named outputs (see {@link OutputSpec}). */
public record Result(Map<String, Object> values) {

  public Result {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  public static Result of(Object result) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put(OutputSpec.RESULT, result);
    return new Result(values);
  }

  public Result with(String output, Object value) {
    Map<String, Object> next = new LinkedHashMap<>(values);
    next.put(output, value);
    return new Result(next);
  }

  public Object result() {
    return values.get(OutputSpec.RESULT);
  }

  /** Output names only: values may hold a generated password (createUser's temporaryPassword). */
  @Override
  public String toString() {
    return "Result" + values.keySet();
  }
}
