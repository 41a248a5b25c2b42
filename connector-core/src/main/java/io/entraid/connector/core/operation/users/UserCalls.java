package io.entraid.connector.core.operation.users;

import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.graph.GraphPath;
import io.entraid.connector.core.graph.GraphRequest;
import io.entraid.connector.core.operation.Subjects;
import java.util.Map;

/** The small Graph calls several user operations share; every NOT_FOUND names the user. */
final class UserCalls {
  private UserCalls() {}

  /**
   * The user's object id: an id passes through unchecked, a user principal name costs one lookup.
   */
  static String id(EntraConnection connection, String user, String operation) {
    return GraphPath.isObjectId(user) ? user : lookUpId(connection, user, operation);
  }

  /** The user's object id, always asked of Graph: proves the user exists. */
  static String lookUpId(EntraConnection connection, String user, String operation) {
    return Subjects.sendAboutUser(connection, idRequest(user, operation), user)
        .body()
        .path("id")
        .asText();
  }

  /**
   * The object id of a user that another task may have just created (a manager to reference): a
   * user principal name is looked up through Entra ID's replication lag.
   */
  static String referencedId(EntraConnection connection, String user, String operation) {
    if (GraphPath.isObjectId(user)) return user;
    GraphRequest request = idRequest(user, operation).awaitingReplication();
    return Subjects.sendAboutUser(connection, request, user).body().path("id").asText();
  }

  private static GraphRequest idRequest(String user, String operation) {
    return GraphRequest.get(GraphPath.of("users").key(user))
        .withQuery("$select", "id")
        .forOperation(operation);
  }

  /** Changes properties of a user; Graph answers 204 without a body. */
  static void patch(
      EntraConnection connection, String user, Map<String, Object> properties, String operation) {
    GraphRequest request =
        GraphRequest.patch(GraphPath.of("users").key(user), properties).forOperation(operation);
    Subjects.sendAboutUser(connection, request, user);
  }
}
