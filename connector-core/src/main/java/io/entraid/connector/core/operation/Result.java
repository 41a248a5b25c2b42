package io.entraid.connector.core.operation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.entraid.connector.core.graph.GraphException;
import java.io.IOException;
import java.io.Writer;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What an operation returns: its result and any further named outputs (see {@link OutputSpec}). */
public record Result(Map<String, Object> values) {
  /**
   * The most characters of JSON one output (an object or a list) may take as a process variable: 10
   * million, about 10 MB in the engine's byte array table. Operations bound their results below it
   * by their limits (findUsers 1,000 users, listGroupMembers 100,000 members with few properties,
   * graphRequest 100 pages); a result above it is refused rather than stored.
   */
  public static final int MAX_JSON_CHARS = 10_000_000;

  private static final ObjectMapper JSON = new ObjectMapper();

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

  /**
   * @throws GraphException INVALID_INPUT naming the output and what to ask for instead, if an
   *     object or list output is larger than {@link #MAX_JSON_CHARS} as JSON (counted while
   *     writing, so at most that much is written)
   */
  void checkSize(String operation) {
    values.forEach(
        (name, value) -> {
          if (!(value instanceof Map<?, ?> || value instanceof Collection<?>)) return;
          try {
            JSON.writeValue(
                new Writer() {
                  private long written;

                  @Override
                  public void write(char[] chars, int offset, int length) throws IOException {
                    written += length;
                    if (written > MAX_JSON_CHARS) throw new IOException("too large");
                  }

                  @Override
                  public void flush() {}

                  @Override
                  public void close() {}
                },
                value);
          } catch (IOException e) {
            throw GraphException.invalidInput(
                "The "
                    + (OutputSpec.RESULT.equals(name) ? "result" : "output " + name)
                    + " of "
                    + operation
                    + " is more than "
                    + MAX_JSON_CHARS
                    + " characters of JSON, the most a process variable takes."
                    + " Fix: ask for less: fewer properties, a lower limit or fewer pages, or a filter.");
          }
        });
  }

  /** Output names only: values may hold a generated password (createUser's temporaryPassword). */
  @Override
  public String toString() {
    return "Result" + values.keySet();
  }
}
