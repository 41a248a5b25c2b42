package io.entraid.connector.core.operation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The one reading of a list of names or ids (users, groups, properties), wherever a list comes
 * from: a Java list or array, a JSON array, JSON-array text ({@code ["Sales", "Project Atlas"]}) or
 * comma-separated text ({@code Sales, Project Atlas}). Entries are trimmed; empty ones and repeats
 * are dropped. Operations' list inputs and the processes' own expressions use this same parser, so
 * a list means the same in a gateway as in the task.
 */
public final class ListInput {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ListInput() {}

  /**
   * @param value the list as given; null is an empty list
   * @throws IllegalArgumentException with the problem and the fix, worded to follow "Input 'x' of
   *     op"
   */
  public static List<String> parse(Object value) {
    if (value == null) return List.of();
    Set<String> result = new LinkedHashSet<>();
    for (Object entry : entries(value)) {
      if (entry == null) continue;
      String text = text(entry).strip();
      if (!text.isEmpty()) result.add(text);
    }
    return List.copyOf(result);
  }

  private static List<?> entries(Object value) {
    // Before Iterable: a Jackson array iterates as nodes, not as their values.
    if (value instanceof JsonNode node && node.isArray())
      return JSON.convertValue(node, new TypeReference<List<Object>>() {});
    if (value instanceof Iterable<?> items) {
      List<Object> list = new ArrayList<>();
      items.forEach(list::add);
      return list;
    }
    if (value instanceof Object[] array) return Arrays.asList(array);
    String text = text(value).strip();
    return text.startsWith("[") ? jsonArray(text) : Arrays.asList(text.split(","));
  }

  private static List<?> jsonArray(String text) {
    try {
      return JSON.readValue(text, new TypeReference<List<Object>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "starts with '[' but is not a JSON array ("
              + e.getOriginalMessage()
              + ")."
              + " Fix: give a JSON array of strings, or a comma-separated list.");
    }
  }

  /** A scalar as text; anything else is refused rather than shown as Java's toString. */
  static String text(Object value) {
    if (value instanceof String || value instanceof Number || value instanceof Boolean)
      return value.toString();
    throw new IllegalArgumentException(
        "must be text, but a "
            + value.getClass().getSimpleName()
            + " was given. Fix: map a"
            + " string expression to it.");
  }
}
