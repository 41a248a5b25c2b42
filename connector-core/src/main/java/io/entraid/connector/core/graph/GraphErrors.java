package io.entraid.connector.core.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.entraid.connector.core.UserText;
import java.io.IOException;
import java.util.Locale;

/** Turns Graph's error answers into {@link GraphException}s with the right category. */
final class GraphErrors {
  private static final ObjectMapper JSON = new ObjectMapper();

  private GraphErrors() {}

  static GraphException fromResponse(
      GraphRequest request, int status, byte[] body, String headerRequestId) {
    JsonNode error = parse(body).path("error");
    String code = error.path("code").asText(null);
    String message = UserText.oneLine(error.path("message").asText(""));
    String requestId = error.path("innerError").path("request-id").asText(headerRequestId);
    GraphErrorCategory category = categorize(status, code, message, error);
    String text =
        "Graph answered "
            + status
            + (code == null ? "" : " " + code)
            + " to "
            + request.method()
            + " "
            + pathOnly(request)
            + (message.isEmpty() ? "" : ": " + message)
            + (requestId == null ? "" : " (request-id " + requestId + ")");
    return GraphException.answer(category, status, code, text, requestId);
  }

  static GraphErrorCategory categorize(int status, String code, String message, JsonNode error) {
    String lower = message.toLowerCase(Locale.ROOT);
    return switch (status) {
      case 401 -> GraphErrorCategory.AUTHENTICATION;
      case 403 -> GraphErrorCategory.PERMISSION_DENIED;
      case 404, 410 -> GraphErrorCategory.NOT_FOUND;
      case 409 -> GraphErrorCategory.ALREADY_EXISTS;
      case 429 -> GraphErrorCategory.THROTTLED;
      case 400 ->
          lower.contains("already exist")
                  || error.path("details").findValuesAsText("code").contains("ObjectConflict")
              ? GraphErrorCategory.ALREADY_EXISTS
              : GraphErrorCategory.INVALID_INPUT;
      default -> status >= 500 ? GraphErrorCategory.TRANSIENT : GraphErrorCategory.INVALID_INPUT;
    };
  }

  /**
   * Whether Graph's answer may only mean that a recently written object has not reached the replica
   * that answered: 404 Request_ResourceNotFound, or the 400 group-post-members.md documents for
   * members added right after a group was created ("The source resource object or one of the
   * objects being referenced do not exist").
   */
  static boolean mayBeReplicating(GraphException e) {
    return (e.status() == 404 && "Request_ResourceNotFound".equals(e.code()))
        || (e.status() == 400 && e.getMessage().contains("objects being referenced do not exist"));
  }

  /**
   * Graph's answer to a $filter that works only as an advanced query (a property or operator the
   * table in includes/filter-directory-objects.md marks advanced): 400 Request_UnsupportedQuery.
   */
  static boolean needsAdvancedQuery(GraphException e) {
    return e.status() == 400 && "Request_UnsupportedQuery".equals(e.code());
  }

  /** The path without the query: queries may hold filter values that do not belong in a message. */
  private static String pathOnly(GraphRequest request) {
    String pq = request.pathAndQuery();
    int q = pq.indexOf('?');
    return "/" + (q < 0 ? pq : pq.substring(0, q));
  }

  private static JsonNode parse(byte[] body) {
    try {
      return body == null || body.length == 0 ? JSON.missingNode() : JSON.readTree(body);
    } catch (IOException e) {
      return JSON.missingNode();
    }
  }
}
