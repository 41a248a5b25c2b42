package io.entraid.connector.core.operation;

import io.entraid.connector.core.UserText;
import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.graph.BatchResult;
import io.entraid.connector.core.graph.GraphErrorCategory;
import io.entraid.connector.core.graph.GraphException;
import io.entraid.connector.core.graph.GraphPath;
import io.entraid.connector.core.graph.GraphRequest;
import io.entraid.connector.core.graph.GraphResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Requests about one named user or group, with a NOT_FOUND that says which one, in which tenant.
 */
public final class Subjects {
  private Subjects() {}

  public static GraphResponse sendAboutUser(
      EntraConnection connection, GraphRequest request, String user) {
    try {
      return connection.graph().send(request);
    } catch (GraphException e) {
      throw userNotFound(connection, user, e);
    }
  }

  public static GraphResponse sendAboutGroup(
      EntraConnection connection, GraphRequest request, String group) {
    try {
      return connection.graph().send(request);
    } catch (GraphException e) {
      throw groupNotFound(connection, group, e);
    }
  }

  /** Rewords a NOT_FOUND about {@code group}; returns any other failure unchanged. */
  public static GraphException groupNotFound(
      EntraConnection connection, String group, GraphException e) {
    return e.category() == GraphErrorCategory.NOT_FOUND
        ? e.withMessage(
            "Group "
                + UserText.quote(group)
                + " does not exist in the tenant of connection '"
                + connection.name()
                + "'. ("
                + e.getMessage()
                + ")")
        : e;
  }

  /** Rewords a NOT_FOUND about {@code user}; returns any other failure unchanged. */
  public static GraphException userNotFound(
      EntraConnection connection, String user, GraphException e) {
    return e.category() == GraphErrorCategory.NOT_FOUND
        ? e.withMessage(
            "User "
                + UserText.quote(user)
                + " does not exist in the tenant of connection '"
                + connection.name()
                + "'. ("
                + e.getMessage()
                + ")")
        : e;
  }

  /**
   * Object ids for user references: ids pass through, user principal names are looked up in $batch
   * calls of 20. Order and duplicates follow the input.
   */
  public static Map<String, String> userIds(
      EntraConnection connection, List<String> references, String operation) {
    Map<String, String> ids = new LinkedHashMap<>();
    List<String> names = new ArrayList<>();
    for (String ref : references) {
      if (GraphPath.isObjectId(ref)) {
        ids.put(ref, ref);
      } else {
        ids.put(ref, null);
        names.add(ref);
      }
    }
    List<GraphRequest> lookups =
        names.stream()
            .map(
                upn ->
                    GraphRequest.get(GraphPath.of("users").key(upn))
                        .withQuery("$select", "id")
                        .awaitingReplication()
                        .forOperation(operation))
            .toList();
    List<BatchResult> results = connection.graph().batch(lookups);
    for (int i = 0; i < names.size(); i++) {
      BatchResult result = results.get(i);
      if (!result.ok()) throw userNotFound(connection, names.get(i), result.error());
      ids.put(names.get(i), result.body().path("id").asText());
    }
    return ids;
  }
}
