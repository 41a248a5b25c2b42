package io.entraid.connector.core.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Optional;

/** A successful Graph answer, read into memory (single objects and action results are small). */
public record GraphResponse(int status, JsonNode body, String requestId) {

  public GraphResponse {
    body = body == null ? MissingNode.getInstance() : body;
  }

  public Optional<String> text(String field) {
    JsonNode node = body.get(field);
    return node == null || node.isNull() ? Optional.empty() : Optional.of(node.asText());
  }
}
