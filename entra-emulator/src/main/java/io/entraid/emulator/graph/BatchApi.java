package io.entraid.emulator.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entraid.emulator.http.ApiRequest;
import io.entraid.emulator.http.ApiResponse;
import io.entraid.emulator.http.Json;
import java.net.URI;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * {@code POST /v1.0/$batch} (concepts/json-batching.md): up to 20 requests with unique ids and
 * relative urls, optional {@code dependsOn}; each item goes through the full pipeline
 * (authentication, throttling, faults, permissions) so an item can fail on its own, e.g. with its
 * own 429 and Retry-After. Items run one after another in request order; an item whose dependency
 * failed gets 424. The batch itself answers 200 unless it is malformed.
 */
final class BatchApi {
  private static final int MAX_ITEMS = 20;

  /** Item response headers worth passing on (Graph returns a few per item). */
  private static final List<String> ITEM_HEADERS =
      List.of(
          "Content-Type",
          "Location",
          "Retry-After",
          "x-ms-throttle-scope",
          "x-ms-throttle-information",
          "x-ms-resource-unit",
          "x-ms-throttle-limit-percentage");

  ApiResponse handle(ApiRequest outer, Function<ApiRequest, ApiResponse> pipeline) {
    JsonNode root = Json.parse(outer.body());
    if (root == null || !root.path("requests").isArray()) {
      throw new GraphError(400, "BadRequest", "Invalid batch payload format.");
    }
    JsonNode requests = root.get("requests");
    if (requests.size() > MAX_ITEMS) {
      // json-batching.md: "JSON batch requests are currently limited to 20 individual requests";
      // wording of the
      // error observed, not documented.
      throw new GraphError(
          400,
          "BadRequest",
          "Number of batch requests exceeds the maximum allowed limit of " + MAX_ITEMS + ".");
    }
    Set<String> ids = new HashSet<>();
    for (JsonNode item : requests) {
      String id = item.path("id").asText("");
      if (id.isEmpty() || !item.path("method").isTextual() || !item.path("url").isTextual()) {
        throw new GraphError(400, "BadRequest", "Invalid batch payload format.");
      }
      if (!ids.add(id)) {
        throw new GraphError(
            400, "BadRequest", "Batch request contains duplicate request ids: '" + id + "'.");
      }
    }
    Map<String, Integer> statuses = new HashMap<>();
    ArrayNode responses = Json.MAPPER.createArrayNode();
    for (JsonNode item : requests) {
      String id = item.get("id").asText();
      ObjectNode r = responses.addObject().put("id", id);
      ApiResponse resp = run(item, outer, statuses, pipeline);
      statuses.put(id, resp.status());
      r.put("status", resp.status());
      ObjectNode headers = r.putObject("headers");
      for (String h : ITEM_HEADERS) {
        if (resp.header(h) != null) {
          headers.put(h, resp.header(h));
        }
      }
      if (resp.body().length > 0) {
        JsonNode body = Json.parse(resp.body());
        r.set("body", body != null ? body : Json.MAPPER.getNodeFactory().textNode(resp.bodyText()));
      }
    }
    ObjectNode body = Json.object();
    body.set("responses", responses);
    return ApiResponse.json(200, Json.bytes(body));
  }

  private ApiResponse run(
      JsonNode item,
      ApiRequest outer,
      Map<String, Integer> statuses,
      Function<ApiRequest, ApiResponse> pipeline) {
    String method = item.get("method").asText().toUpperCase(java.util.Locale.ROOT);
    String url = item.get("url").asText();
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Map.Entry<String, JsonNode> h : item.path("headers").properties()) {
      headers.put(h.getKey(), h.getValue().asText());
    }
    if (outer.header("Authorization") != null) {
      headers.put("Authorization", outer.header("Authorization"));
    }
    // An item's innerError carries the client-request-id of the $batch request that carried it
    // (json-batching.md
    // response sample), unless the item sent its own.
    headers.putIfAbsent("client-request-id", outer.clientRequestId());
    ApiRequest placeholder = new ApiRequest(method, "/v1.0/$batch", null, headers, null, true);
    for (JsonNode dep : item.path("dependsOn")) {
      Integer st = statuses.get(dep.asText());
      if (st == null) {
        return new GraphError(
                400,
                "BadRequest",
                "Request dependsOn '"
                    + dep.asText()
                    + "', which is not an earlier request in the batch.")
            .toResponse(placeholder);
      }
      if (st >= 400) {
        return new GraphError(
                424,
                "FailedDependency",
                "The request was not executed because the request it"
                    + " depends on ('"
                    + dep.asText()
                    + "') failed.")
            .toResponse(placeholder);
      }
    }
    URI uri;
    try {
      uri = URI.create(url.startsWith("/") ? url : "/" + url);
    } catch (IllegalArgumentException e) {
      return new GraphError(400, "BadRequest", "Invalid request URI: '" + url + "'.")
          .toResponse(placeholder);
    }
    if (uri.getScheme() != null || uri.getRawPath().equals("/$batch")) {
      // json-batching.md: url is relative to the version ("/users"); absolute URLs and nested
      // batches are invalid.
      return new GraphError(
              400,
              "BadRequest",
              "Invalid request URI: '" + url + "'. Batch items need a relative URL.")
          .toResponse(placeholder);
    }
    byte[] body = null;
    if (item.has("body") && !item.get("body").isNull()) {
      if (!headers.containsKey("Content-Type")) {
        return new GraphError(
                400,
                "BadRequest",
                "Content-Type header must be specified for a request with a body.")
            .toResponse(placeholder);
      }
      body = Json.bytes(item.get("body"));
    }
    return pipeline.apply(
        new ApiRequest(method, "/v1.0" + uri.getRawPath(), uri.getRawQuery(), headers, body, true));
  }
}
