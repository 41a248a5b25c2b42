package io.entraid.connector.core.operation;

import io.entraid.connector.core.graph.GraphPath;
import java.util.regex.Pattern;

/**
 * What an identifier must look like before it may go into a Graph URL or filter. Checked on every
 * string (and every list entry) of an input that declares it.
 */
public enum ValueFormat {
  ANY(null, null),
  /** A directory object id. */
  OBJECT_ID(
      GraphPath.OBJECT_ID_REGEX,
      "an object id (a GUID such as 11111111-2222-3333-4444-555555555555)"),
  /** A user: object id or user principal name. */
  USER_REF(
      "^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
          + "|[^@\\s/\\\\?%]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+)$",
      "a user's object id (GUID) or user principal name (name@domain)"),
  /** A user principal name, for creating users. */
  UPN(
      "^[^@\\s/\\\\?%]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$",
      "a user principal name (name@domain, e.g. jane.doe@contoso.com)"),
  /** A group: object id, or a display name / mail nickname resolved by the operation. */
  GROUP_REF(null, "a group's object id (GUID), display name or mail nickname"),
  /** A Graph property name for $select, e.g. department or extension_abc_costCenter. */
  PROPERTY_NAME("^[A-Za-z][A-Za-z0-9_]{0,127}$", "a property name (letters, digits and _)"),
  /**
   * A Graph $filter expression passed to Graph as written: for what an operation's own criteria
   * cannot express. Trusted administrator input (a constant in the model), never text an end user
   * typed.
   */
  RAW_ODATA_FILTER(
      null, "an OData $filter expression (trusted administrator input, sent as written)"),
  /** A mail nickname: Graph allows ASCII without spaces and some punctuation. */
  MAIL_NICKNAME(
      "^[A-Za-z0-9!#$%&'*+\\-/=?^_`{|}~.]{1,64}$",
      "a mail nickname (up to 64 ASCII letters, digits and . _ - without spaces)");

  private final Pattern pattern;
  private final String description;

  ValueFormat(String regex, String description) {
    this.pattern = regex == null ? null : Pattern.compile(regex);
    this.description = description;
  }

  public boolean accepts(String value) {
    return pattern == null || pattern.matcher(value).matches();
  }

  /** The regular expression, for Modeler template constraints; null where any text is accepted. */
  public String regex() {
    return pattern == null ? null : pattern.pattern();
  }

  public String description() {
    return description;
  }
}
