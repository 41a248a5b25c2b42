package io.entraid.connector.core.sync;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A member of an Entra group, as a group's {@code members@delta} or a membership listing names it:
 * a user or a group, by object id.
 *
 * @param user whether the member is a user; any other kind ({@code #microsoft.graph.group}, and the
 *     kinds a sync ignores such as devices or contacts) counts as a group, which only matters for
 *     nesting
 * @param objectId the member's Entra object id
 */
public record Member(boolean user, String objectId) {
  private static final String USER_TYPE = "#microsoft.graph.user";

  /** The member a Graph directory object ({@code @odata.type}, {@code id}) names. */
  public static Member of(JsonNode object) {
    return new Member(
        USER_TYPE.equals(object.path("@odata.type").asText()), object.path("id").asText());
  }
}
