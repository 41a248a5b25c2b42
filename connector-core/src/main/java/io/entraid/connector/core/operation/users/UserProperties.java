package io.entraid.connector.core.operation.users;

import io.entraid.connector.core.operation.Inputs;

/** The user properties operations return unless the task asks for others. */
final class UserProperties {
  /** What processes usually need; Graph's own default set lacks accountEnabled and department. */
  static final String DEFAULT =
      "id,userPrincipalName,displayName,givenName,surname,mail,mailNickname,department,jobTitle,officeLocation,employeeId,accountEnabled";

  private UserProperties() {}

  static String select(Inputs inputs) {
    return inputs.has("properties") ? String.join(",", inputs.list("properties")) : DEFAULT;
  }
}
