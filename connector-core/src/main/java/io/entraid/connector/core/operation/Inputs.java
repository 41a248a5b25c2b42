package io.entraid.connector.core.operation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.entraid.connector.core.UserText;
import io.entraid.connector.core.graph.GraphException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An operation's inputs after validation: every declared input converted to its type, defaults
 * applied, formats and sizes checked. Values come from process variables and forms, so they are
 * untrusted; every refusal names the input, the problem and the fix.
 */
public final class Inputs {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Entries a list given as one text may hold when its input sets no maxItems, for the size check
   * before parsing.
   */
  private static final int MAX_LIST_TEXT_ENTRIES = 1000;

  private final OperationSpec spec;
  private final Map<String, Object> values;

  private Inputs(OperationSpec spec, Map<String, Object> values) {
    this.spec = spec;
    this.values = Collections.unmodifiableMap(values);
  }

  /**
   * @param raw input values by name; undeclared names are ignored
   * @throws GraphException of category INVALID_INPUT
   */
  public static Inputs validate(OperationSpec spec, Map<String, ?> raw) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (InputSpec input : spec.inputs()) {
      Object value = raw.get(input.name());
      if (isAbsent(value) && input.defaultValue() != null) value = input.defaultValue();
      if (isAbsent(value)) {
        if (input.required()) {
          throw invalid(
              spec,
              input,
              "is required but was not given. Fix: map a value to the input '"
                  + input.name()
                  + "' ("
                  + input.help()
                  + ").");
        }
        continue;
      }
      values.put(input.name(), convert(spec, input, value));
    }
    return new Inputs(spec, values);
  }

  private static boolean isAbsent(Object value) {
    return value == null || (value instanceof String s && s.isBlank());
  }

  private static Object convert(OperationSpec spec, InputSpec input, Object value) {
    return switch (input.type()) {
      case STRING -> checkString(spec, input, scalarText(spec, input, value).strip());
      case TEXT -> checkString(spec, input, scalarText(spec, input, value));
      case BOOLEAN -> toBoolean(spec, input, value);
      case INTEGER -> toInteger(spec, input, value);
      case CHOICE -> toChoice(spec, input, scalarText(spec, input, value).strip());
      case STRING_LIST -> toList(spec, input, value);
      case JSON_OBJECT -> toObject(spec, input, value);
    };
  }

  private static String scalarText(OperationSpec spec, InputSpec input, Object value) {
    try {
      return ListInput.text(value);
    } catch (IllegalArgumentException e) {
      throw invalid(spec, input, e.getMessage());
    }
  }

  private static String checkString(OperationSpec spec, InputSpec input, String value) {
    if (value.length() > input.maxLength()) {
      throw invalid(
          spec,
          input,
          "is "
              + value.length()
              + " characters long; at most "
              + input.maxLength()
              + " are accepted. Fix: check the variable mapped to it.");
    }
    if (!input.format().accepts(value)) {
      throw invalid(
          spec, input, show(input, value) + " is not " + input.format().description() + ".");
    }
    return value;
  }

  private static Boolean toBoolean(OperationSpec spec, InputSpec input, Object value) {
    if (value instanceof Boolean b) return b;
    String text = scalarText(spec, input, value).strip().toLowerCase(Locale.ROOT);
    if (text.equals("true") || text.equals("false")) return Boolean.valueOf(text);
    throw invalid(
        spec, input, show(input, value.toString()) + " is not a boolean. Fix: use true or false.");
  }

  private static Integer toInteger(OperationSpec spec, InputSpec input, Object value) {
    int number;
    try {
      if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()))
        number = Math.toIntExact(n.longValue());
      else number = Integer.parseInt(scalarText(spec, input, value).strip());
    } catch (NumberFormatException | ArithmeticException e) {
      throw invalid(spec, input, show(input, value.toString()) + " is not a whole number.");
    }
    if (input.range() != null && !input.range().contains(number)) {
      throw invalid(
          spec,
          input,
          "is "
              + number
              + "; it must be from "
              + input.range()
              + ". Fix: use a number in that range.");
    }
    return number;
  }

  private static String toChoice(OperationSpec spec, InputSpec input, String value) {
    return input.choices().stream()
        .filter(c -> c.equalsIgnoreCase(value))
        .findFirst()
        .orElseThrow(
            () ->
                invalid(
                    spec,
                    input,
                    show(input, value)
                        + " is not one of "
                        + String.join(", ", input.choices())
                        + ". Fix: use one of those."));
  }

  private static List<String> toList(OperationSpec spec, InputSpec input, Object value) {
    if (value instanceof String text) {
      checkSize(
          spec,
          input,
          text,
          (long) (input.maxLength() + 4)
              * (input.maxItems() > 0 ? input.maxItems() : MAX_LIST_TEXT_ENTRIES));
    }
    List<String> result;
    try {
      result = ListInput.parse(value);
    } catch (IllegalArgumentException e) {
      throw invalid(spec, input, e.getMessage());
    }
    result.forEach(entry -> checkString(spec, input, entry));
    if (input.maxItems() > 0 && result.size() > input.maxItems()) {
      throw invalid(
          spec,
          input,
          "has "
              + result.size()
              + " entries; at most "
              + input.maxItems()
              + " are accepted in one call. Fix: split the list.");
    }
    if (result.isEmpty() && input.required()) {
      throw invalid(
          spec, input, "is an empty list. Fix: give at least one entry (" + input.help() + ").");
    }
    return result;
  }

  /**
   * Text is measured before it is parsed, so an oversized value costs no parsing and no memory
   * beyond itself.
   */
  private static void checkSize(OperationSpec spec, InputSpec input, String text, long maxLength) {
    if (text.length() > maxLength) {
      throw invalid(
          spec,
          input,
          "is "
              + text.length()
              + " characters long; at most "
              + maxLength
              + " are accepted. Fix: check the variable mapped to it.");
    }
  }

  private static Map<String, Object> toObject(OperationSpec spec, InputSpec input, Object value) {
    if (value instanceof String s) checkSize(spec, input, s, input.maxLength());
    try {
      Object tree = value instanceof String s ? JSON.readTree(s) : JSON.valueToTree(value);
      if (!(tree instanceof JsonNode node) || !node.isObject()) {
        throw invalid(spec, input, "must be a JSON object such as {\"jobTitle\": \"Engineer\"}.");
      }
      if (node.toString().length() > input.maxLength()) {
        throw invalid(spec, input, "is larger than " + input.maxLength() + " characters of JSON.");
      }
      return JSON.convertValue(node, new TypeReference<Map<String, Object>>() {});
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw invalid(
          spec,
          input,
          "is not valid JSON. Fix: give a JSON object such as {\"jobTitle\": \"Engineer\"}.");
    }
  }

  /**
   * The value as the message may show it: never a sensitive one, otherwise through {@link
   * UserText}.
   */
  private static String show(InputSpec input, String value) {
    return input.sensitive() ? "The value" : UserText.quote(value);
  }

  static GraphException invalid(OperationSpec spec, InputSpec input, String problem) {
    return GraphException.invalidInput(
        "Input '" + input.name() + "' of " + spec.name() + " " + problem);
  }

  /** A problem found by the operation itself, worded like the checks above. */
  public GraphException invalid(String inputName, String problem) {
    return invalid(spec, spec.input(inputName).orElseThrow(), problem);
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  public String string(String name) {
    return (String) require(name);
  }

  public Optional<String> optionalString(String name) {
    return Optional.ofNullable((String) values.get(name));
  }

  public boolean bool(String name) {
    return (Boolean) require(name);
  }

  public int integer(String name) {
    return (Integer) require(name);
  }

  /** The constant of a choice declared with {@link InputSpec#choice}. */
  public <E extends Enum<E>> E choice(String name, Class<E> type) {
    Object value = require(name);
    for (E constant : type.getEnumConstants()) {
      if (InputSpec.choiceName(constant).equals(value)) return constant;
    }
    throw new IllegalStateException(
        "Operation "
            + spec.name()
            + " read input "
            + name
            + " as "
            + type.getSimpleName()
            + ", which has no constant for "
            + value);
  }

  @SuppressWarnings("unchecked")
  public List<String> list(String name) {
    return (List<String>) values.getOrDefault(name, List.of());
  }

  @SuppressWarnings("unchecked")
  public Map<String, Object> object(String name) {
    return (Map<String, Object>) values.getOrDefault(name, Map.of());
  }

  private Object require(String name) {
    Object value = values.get(name);
    if (value == null) {
      // A declared input without default read as mandatory: a bug in the operation, not bad input.
      throw new IllegalStateException("Operation " + spec.name() + " read absent input " + name);
    }
    return value;
  }
}
