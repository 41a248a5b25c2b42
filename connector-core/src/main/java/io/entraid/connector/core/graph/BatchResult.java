package io.entraid.connector.core.graph;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;

/** One item's answer inside a $batch call. */
public record BatchResult(GraphRequest request, int status, JsonNode body, GraphException error) {

  static BatchResult of(GraphRequest request, JsonNode item) {
    int status = item.path("status").asInt();
    JsonNode body = item.path("body");
    GraphException error = null;
    if (status >= 300) {
      String requestId = item.path("headers").path("request-id").asText(null);
      byte[] bytes =
          body.isMissingNode() ? new byte[0] : body.toString().getBytes(StandardCharsets.UTF_8);
      error = GraphErrors.fromResponse(request, status, bytes, requestId);
    }
    return new BatchResult(request, status, body, error);
  }

  public boolean ok() {
    return error == null;
  }
}
