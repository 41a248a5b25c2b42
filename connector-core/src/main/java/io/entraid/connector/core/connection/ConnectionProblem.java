package io.entraid.connector.core.connection;

/**
 * One finding about a connection's parameters. The message names the key, says what is wrong with
 * the value (without quoting secrets) and how to fix it.
 */
public record ConnectionProblem(Severity severity, String key, String message) {

  public enum Severity {
    /** The connection cannot work as configured. */
    ERROR,
    /** The connection works, but the configuration should be cleaned up. */
    WARNING
  }

  static ConnectionProblem error(String key, String message) {
    return new ConnectionProblem(Severity.ERROR, key, message);
  }

  static ConnectionProblem warning(String key, String message) {
    return new ConnectionProblem(Severity.WARNING, key, message);
  }

  @Override
  public String toString() {
    return severity + " " + message;
  }
}
