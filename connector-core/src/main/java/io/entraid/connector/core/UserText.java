package io.entraid.connector.core;

/**
 * The one way user-supplied text (process variables, names, paths) enters a log line or an error
 * message: control characters are escaped, so a CR/LF in a group name cannot forge a log line, and
 * long values are cut, so a 20 MB input cannot flood a log or an incident.
 */
public final class UserText {
  /** Longest part of a value that is shown. */
  public static final int MAX_SHOWN = 200;

  private UserText() {}

  /** The value in single quotes, escaped and cut; {@code null} for null. */
  public static String quote(Object value) {
    return value == null ? "null" : "'" + escape(value) + "'";
  }

  /**
   * Text from elsewhere (an error message Graph returns, which may echo input) on one line, escaped
   * but not cut.
   */
  public static String oneLine(String text) {
    return text == null ? "" : escape(text, Integer.MAX_VALUE);
  }

  /**
   * The value escaped (CR as \r, LF as \n, TAB as \t, other control and line-separator characters
   * as \\uXXXX) and cut.
   */
  public static String escape(Object value) {
    return escape(String.valueOf(value), MAX_SHOWN);
  }

  private static String escape(String value, int maxShown) {
    String text = value;
    boolean cut = text.length() > maxShown;
    if (cut) text = text.substring(0, maxShown);
    StringBuilder sb = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\r' -> sb.append("\\r");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    if (cut) sb.append("... (").append(value.length()).append(" characters)");
    return sb.toString();
  }
}
