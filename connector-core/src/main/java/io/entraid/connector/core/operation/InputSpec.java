package io.entraid.connector.core.operation;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One input of an operation, declared once: validation, the Modeler template field and the docs
 * come from it.
 *
 * @param name the input parameter's name in BPMN
 * @param label the field's label in the Modeler
 * @param format what a string must look like (object id, UPN...), checked before anything is sent
 * @param defaultValue the value when the input is absent (as text), or null
 * @param choices the accepted values of a CHOICE, as written in BPMN
 * @param maxLength longest accepted string (or list entry); Graph's own limits where it has them
 * @param maxItems most entries of a list, or 0 for no limit
 * @param range the accepted values of an INTEGER, or null for any
 * @param sensitive the value (a password) is never repeated in messages
 */
public record InputSpec(
    String name,
    String label,
    InputType type,
    boolean required,
    ValueFormat format,
    String defaultValue,
    List<String> choices,
    int maxLength,
    int maxItems,
    Range range,
    boolean sensitive,
    String help) {

  /** The whole numbers from {@code min} to {@code max}, both included. */
  public record Range(int min, int max) {
    public boolean contains(int value) {
      return value >= min && value <= max;
    }

    @Override
    public String toString() {
      return min + " to " + max;
    }
  }

  public InputSpec {
    Objects.requireNonNull(name);
    Objects.requireNonNull(type);
    format = format == null ? ValueFormat.ANY : format;
    choices = choices == null ? List.of() : List.copyOf(choices);
  }

  public static InputSpec required(String name, String label, InputType type, String help) {
    return new InputSpec(
        name, label, type, true, ValueFormat.ANY, null, List.of(), 1024, 0, null, false, help);
  }

  public static InputSpec optional(String name, String label, InputType type, String help) {
    return new InputSpec(
        name, label, type, false, ValueFormat.ANY, null, List.of(), 1024, 0, null, false, help);
  }

  /**
   * An optional choice among enum constants, read back with {@link Inputs#choice}; the first is the
   * default. Each constant is written in BPMN as its {@link #choiceName}, so the enum is the one
   * list of values.
   */
  @SafeVarargs
  public static <E extends Enum<E>> InputSpec choice(
      String name, String label, String help, E... values) {
    String[] names = new String[values.length];
    for (int i = 0; i < values.length; i++)
      names[i] = choiceName(values[i]); // no stream: it would leak the generic array
    return optional(name, label, InputType.CHOICE, help).choices(names).defaultValue(names[0]);
  }

  /**
   * An enum constant as a choice in BPMN: its name in lower camel case (GROUP_MEMBERS:
   * groupMembers).
   */
  public static String choiceName(Enum<?> value) {
    String[] words = value.name().toLowerCase(Locale.ROOT).split("_");
    StringBuilder sb = new StringBuilder(words[0]);
    for (int i = 1; i < words.length; i++)
      sb.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
    return sb.toString();
  }

  public InputSpec format(ValueFormat newFormat) {
    return new InputSpec(
        name,
        label,
        type,
        required,
        newFormat,
        defaultValue,
        choices,
        maxLength,
        maxItems,
        range,
        sensitive,
        help);
  }

  public InputSpec defaultValue(String value) {
    return new InputSpec(
        name, label, type, required, format, value, choices, maxLength, maxItems, range, sensitive,
        help);
  }

  public InputSpec choices(String... values) {
    return new InputSpec(
        name,
        label,
        type,
        required,
        format,
        defaultValue,
        List.of(values),
        maxLength,
        maxItems,
        range,
        sensitive,
        help);
  }

  public InputSpec maxLength(int length) {
    return new InputSpec(
        name,
        label,
        type,
        required,
        format,
        defaultValue,
        choices,
        length,
        maxItems,
        range,
        sensitive,
        help);
  }

  public InputSpec asSensitive() {
    return new InputSpec(
        name,
        label,
        type,
        required,
        format,
        defaultValue,
        choices,
        maxLength,
        maxItems,
        range,
        true,
        help);
  }

  public InputSpec maxItems(int items) {
    return new InputSpec(
        name,
        label,
        type,
        required,
        format,
        defaultValue,
        choices,
        maxLength,
        items,
        range,
        sensitive,
        help);
  }

  /** An INTEGER accepts only {@code min} to {@code max}, both included. */
  public InputSpec range(int min, int max) {
    return new InputSpec(
        name,
        label,
        type,
        required,
        format,
        defaultValue,
        choices,
        maxLength,
        maxItems,
        new Range(min, max),
        sensitive,
        help);
  }
}
