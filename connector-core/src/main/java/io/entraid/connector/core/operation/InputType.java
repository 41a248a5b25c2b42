package io.entraid.connector.core.operation;

/**
 * The kinds of values an operation input takes; the Camunda side derives template fields from them.
 */
public enum InputType {
  /** One line of text. */
  STRING,
  /** Several lines of text, such as a JSON body or a filter. */
  TEXT,
  BOOLEAN,
  INTEGER,
  /** A list of strings: a List or array variable, or a comma-separated string. */
  STRING_LIST,
  /** One of {@link InputSpec#choices()}. */
  CHOICE,
  /** A JSON object: a Map variable, a JSON variable, or a JSON string. */
  JSON_OBJECT
}
