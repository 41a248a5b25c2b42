package io.entraid.connector.camunda;

import java.util.Locale;
import java.util.Map;

/**
 * What becomes of a business error (a BPMN error such as {@code ENTRA_NOT_FOUND}) that nothing in
 * the model catches. Camunda 7 would end the execution silently, so an identity workflow could
 * finish "completed" without doing its work; by default such an error fails the task instead, with
 * an incident that carries the error's message.
 *
 * @param defaultMode the mode of connections without their own ({@code uncaught-errors})
 * @param perConnection connection name to its own mode ({@code connections.<name>.uncaught-errors})
 */
public record UncaughtErrors(Mode defaultMode, Map<String, Mode> perConnection) {
  public static final UncaughtErrors INCIDENT = new UncaughtErrors(Mode.INCIDENT, Map.of());

  public enum Mode {
    /**
     * The task fails at once, without retries, and the incident names the error's code, cause and
     * fix.
     */
    INCIDENT,
    /**
     * Camunda's own behaviour: the execution ends (the engine logs ENGINE-02001 at INFO and nothing
     * else).
     */
    END;

    /**
     * {@code incident} or {@code end}, ignoring case; anything else is refused with the choices.
     */
    public static Mode parse(String setting, String key) {
      String value = setting == null ? "" : setting.strip().toUpperCase(Locale.ROOT);
      for (Mode mode : values()) {
        if (mode.name().equals(value)) return mode;
      }
      throw new IllegalArgumentException(
          "'"
              + key
              + "' is '"
              + setting
              + "'; it must be 'incident' (an uncaught"
              + " business error raises an incident, the default) or 'end' (Camunda's silent end of the execution).");
    }
  }

  public UncaughtErrors {
    perConnection = Map.copyOf(perConnection);
  }

  public Mode modeFor(String connection) {
    return perConnection.getOrDefault(connection, defaultMode);
  }
}
