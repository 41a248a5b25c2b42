package io.entraid.connector.core.operation;

import java.util.List;
import java.util.Objects;

/**
 * One input of an operation, declared once: validation, the Modeler template field and the docs come from it.
 *
 * @param name the input parameter's name in BPMN
 * @param label the field's label in the Modeler
 * @param format what a string must look like (object id, UPN...), checked before anything is sent
 * @param defaultValue the value when the input is absent (as text), or null
 * @param maxLength longest accepted string (or list entry); Graph's own limits where it has them
 * @param maxItems most entries of a list, or 0 for no limit
 * @param sensitive the value (a password) is never repeated in messages
 */
public record InputSpec(String name, String label, InputType type, boolean required, ValueFormat format,
    String defaultValue, List<String> choices, int maxLength, int maxItems, boolean sensitive, String help) {

  public InputSpec {
    Objects.requireNonNull(name);
    Objects.requireNonNull(type);
    format = format == null ? ValueFormat.ANY : format;
    choices = choices == null ? List.of() : List.copyOf(choices);
  }

  public static InputSpec required(String name, String label, InputType type, String help) {
    return new InputSpec(name, label, type, true, ValueFormat.ANY, null, List.of(), 1024, 0, false, help);
  }

  public static InputSpec optional(String name, String label, InputType type, String help) {
    return new InputSpec(name, label, type, false, ValueFormat.ANY, null, List.of(), 1024, 0, false, help);
  }

  public InputSpec format(ValueFormat newFormat) {
    return new InputSpec(name, label, type, required, newFormat, defaultValue, choices, maxLength, maxItems, sensitive, help);
  }

  public InputSpec defaultValue(String value) {
    return new InputSpec(name, label, type, required, format, value, choices, maxLength, maxItems, sensitive, help);
  }

  public InputSpec choices(String... values) {
    return new InputSpec(name, label, type, required, format, defaultValue, List.of(values), maxLength, maxItems, sensitive, help);
  }

  public InputSpec maxLength(int length) {
    return new InputSpec(name, label, type, required, format, defaultValue, choices, length, maxItems, sensitive, help);
  }

  public InputSpec asSensitive() {
    return new InputSpec(name, label, type, required, format, defaultValue, choices, maxLength, maxItems, true, help);
  }

  public InputSpec maxItems(int items) {
    return new InputSpec(name, label, type, required, format, defaultValue, choices, maxLength, items, sensitive, help);
  }
}
