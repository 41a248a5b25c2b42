package io.entraid.connector.core.connection;

/**
 * A key a connection type declares: its exact spelling, whether it is required, and what to put
 * there.
 */
public record ParameterKey(String name, boolean required, boolean secret, String description) {

  static ParameterKey required(String name, String description) {
    return new ParameterKey(name, true, false, description);
  }

  /** One of the credential keys: not required on its own, but exactly one of them is. */
  static ParameterKey credential(String name, boolean secret, String description) {
    return new ParameterKey(name, false, secret, description);
  }

  static ParameterKey optionalSecret(String name, String description) {
    return new ParameterKey(name, false, true, description);
  }

  static ParameterKey optional(String name, String description) {
    return new ParameterKey(name, false, false, description);
  }
}
