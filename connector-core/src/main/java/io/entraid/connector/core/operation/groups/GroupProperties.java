package io.entraid.connector.core.operation.groups;

import io.entraid.connector.core.operation.Inputs;

/** The group properties operations return unless the task asks for others. */
final class GroupProperties {
  /** What processes usually need to tell groups apart and decide on their type. */
  static final String DEFAULT =
      "id,displayName,mailNickname,description,mail,mailEnabled,securityEnabled,groupTypes,visibility,createdDateTime";

  private GroupProperties() {}

  static String select(Inputs inputs, String defaults) {
    return inputs.has("properties") ? String.join(",", inputs.list("properties")) : defaults;
  }
}
