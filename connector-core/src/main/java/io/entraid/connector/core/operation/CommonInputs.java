package io.entraid.connector.core.operation;

/** Inputs several operations share, declared once so their help text and limits agree. */
public final class CommonInputs {
  /**
   * Graph's limit on display names and mail nicknames plus headroom; longer input is refused, not
   * truncated.
   */
  static final int MAX_NAME = 256;

  private CommonInputs() {}

  public static InputSpec user(String name, String label) {
    return InputSpec.required(
            name,
            label,
            InputType.STRING,
            "The user's object id or user principal name, e.g. jane.doe@contoso.com")
        .format(ValueFormat.USER_REF)
        .maxLength(MAX_NAME);
  }

  public static InputSpec group(String name, String label) {
    return InputSpec.required(
            name, label, InputType.STRING, "The group's object id, display name or mail nickname")
        .format(ValueFormat.GROUP_REF)
        .maxLength(MAX_NAME);
  }

  public static InputSpec select(String defaultProperties) {
    return InputSpec.optional(
            "properties",
            "Properties",
            InputType.STRING_LIST,
            "Graph properties to return, comma-separated (default: " + defaultProperties + ")")
        .format(ValueFormat.PROPERTY_NAME)
        .maxLength(128)
        .maxItems(60);
  }

  public static InputSpec transitive(String help) {
    return InputSpec.optional("transitive", "Include nested groups", InputType.BOOLEAN, help)
        .defaultValue("true");
  }
}
