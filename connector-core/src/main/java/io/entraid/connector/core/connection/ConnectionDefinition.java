package io.entraid.connector.core.connection;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A named connection as an administrator writes it: a type and key-value parameters, unvalidated.
 * {@code toString} lists the keys only, because the values include the client secret.
 */
public record ConnectionDefinition(String name, String type, Map<String, String> parameters) {

  public ConnectionDefinition {
    Objects.requireNonNull(name, "name");
    parameters =
        parameters == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  @Override
  public String toString() {
    return "ConnectionDefinition[name="
        + name
        + ", type="
        + type
        + ", keys="
        + parameters.keySet()
        + "]";
  }
}
