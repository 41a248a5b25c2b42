package io.entraid.connector.core;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/**
 * A credential value that never shows itself: {@code toString}, JSON serialization and {@code
 * equals}/{@code hashCode} do not reveal it, and it is not {@link java.io.Serializable}, so it
 * cannot end up in a process variable, a log line or an exception message by accident.
 */
public final class Secret {
  private static final String MASK = "****";
  private final String value;

  private Secret(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  public static Secret of(String value) {
    return new Secret(value);
  }

  /** The clear text, for the one place that must send it (the token request). */
  public String reveal() {
    return value;
  }

  /** Identity equality: two secrets are never compared by value through equals. */
  @Override
  public boolean equals(Object other) {
    return this == other;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }

  @JsonValue
  @Override
  public String toString() {
    return MASK;
  }
}
