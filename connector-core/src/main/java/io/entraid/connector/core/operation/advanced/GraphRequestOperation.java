package io.entraid.connector.core.operation.advanced;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entraid.connector.core.UserText;
import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.graph.GraphRequest;
import io.entraid.connector.core.graph.GraphRequest.Method;
import io.entraid.connector.core.graph.RelativePath;
import io.entraid.connector.core.operation.ConnectionPolicy;
import io.entraid.connector.core.operation.InputSpec;
import io.entraid.connector.core.operation.InputType;
import io.entraid.connector.core.operation.Inputs;
import io.entraid.connector.core.operation.Operation;
import io.entraid.connector.core.operation.OperationSpec;
import io.entraid.connector.core.operation.OperationSpec.Category;
import io.entraid.connector.core.operation.OutputSpec;
import io.entraid.connector.core.operation.OutputSpec.Kind;
import io.entraid.connector.core.operation.PlainValues;
import io.entraid.connector.core.operation.Result;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The escape hatch: any Microsoft Graph v1.0 call the catalog lacks, on the task's connection. The
 * path is confined to the connection's Graph endpoint and API version (see {@link RelativePath}),
 * and only headers that change how Graph answers are accepted, never ones that carry identity.
 */
public final class GraphRequestOperation implements Operation {
  static final int MAX_PAGES = 100;
  private static final List<String> ALLOWED_HEADERS = List.of("ConsistencyLevel", "Prefer");

  /** Inside a $batch, requests with a body also say its type. */
  private static final List<String> BATCH_HEADERS =
      List.of("Content-Type", "ConsistencyLevel", "Prefer");

  static final OperationSpec SPEC =
      new OperationSpec(
          "graphRequest",
          "Graph request",
          "Sends one Microsoft Graph v1.0 request on the connection, e.g. GET users/{id}/licenseDetails, and returns"
              + " the response body. The path is relative to the API version; absolute URLs, other hosts, other API"
              + " versions and path traversal are refused. Off unless the connection's policy allows the method and path"
              + " (graph-requests); a $batch only if every request inside it is allowed. The call needs the permission its"
              + " Graph API reference lists.",
          Category.ADVANCED,
          List.of(
              InputSpec.optional(
                      "method", "Method", InputType.CHOICE, "The HTTP method (default GET)")
                  .choices("GET", "POST", "PATCH", "PUT", "DELETE")
                  .defaultValue("GET"),
              InputSpec.required(
                      "path",
                      "Path",
                      InputType.STRING,
                      "Relative to https://graph.microsoft.com/v1.0/, e.g. users/jane.doe@contoso.com/licenseDetails")
                  .maxLength(2048),
              InputSpec.optional(
                      "query",
                      "Query",
                      InputType.STRING,
                      "Query options, e.g. $select=id,displayName&$top=5")
                  .maxLength(4096),
              InputSpec.optional(
                      "body",
                      "Body",
                      InputType.JSON_OBJECT,
                      "The JSON body for POST, PATCH and PUT")
                  .maxLength(262_144),
              InputSpec.optional(
                      "headers",
                      "Headers",
                      InputType.JSON_OBJECT,
                      "Extra request headers; only ConsistencyLevel and Prefer, e.g. {\"ConsistencyLevel\": \"eventual\"}")
                  .maxLength(1024),
              InputSpec.optional(
                      "maxPages",
                      "Pages",
                      InputType.INTEGER,
                      "For GET of a collection: how many pages to read by following @odata.nextLink (default 1)")
                  .defaultValue("1")
                  .range(1, MAX_PAGES)),
          List.of(
              OutputSpec.result(
                  Kind.OBJECT,
                  "graphResponse",
                  "The response body; for collections {value: [...], nextLink} with the items of all pages read")),
          // None: what the call needs depends on the path; see its Graph API reference.
          List.of(),
          "https://learn.microsoft.com/graph/use-the-api");

  @Override
  public OperationSpec spec() {
    return SPEC;
  }

  /**
   * Only calls the connection's policy allows ({@code graph-requests}); a {@code $batch} only if
   * every request inside it is allowed on its own (and none is a $batch again), since Graph runs
   * each with the same token.
   */
  @Override
  public void checkPolicy(String connection, ConnectionPolicy policy, Inputs inputs) {
    Method method = Method.valueOf(inputs.string("method"));
    RelativePath path = path(inputs);
    if (!isBatch(path)) {
      policy.checkGraphRequest(connection, method, path.segments());
      return;
    }
    Object requests = inputs.object("body").get("requests");
    if (method != Method.POST || !(requests instanceof List<?> items) || items.isEmpty()) {
      throw inputs.invalid(
          "body",
          "is not a JSON batch: $batch takes POST with a body {\"requests\": [{\"id\": \"1\","
              + " \"method\": \"GET\", \"url\": \"/users/{id}\"}, ...]}. Fix: send such a body, or call the path directly.");
    }
    for (Object item : items) {
      Map<?, ?> request = item instanceof Map<?, ?> map ? map : Map.of();
      Method innerMethod =
          Arrays.stream(Method.values())
              .filter(m -> m.name().equalsIgnoreCase(String.valueOf(request.get("method"))))
              .findFirst()
              .orElseThrow(
                  () ->
                      inputs.invalid(
                          "body",
                          "holds a request whose method is "
                              + UserText.quote(request.get("method"))
                              + ". Fix: use GET, POST, PATCH, PUT or DELETE."));
      String url = request.get("url") instanceof String text ? text.strip() : "";
      int query = url.indexOf('?');
      RelativePath innerPath;
      try {
        innerPath =
            RelativePath.of(
                query < 0 ? url : url.substring(0, query),
                query < 0 ? null : url.substring(query + 1));
      } catch (RelativePath.Invalid e) {
        throw inputs.invalid(
            "body", "holds a request whose url " + UserText.quote(url) + " " + e.getMessage());
      }
      if (isBatch(innerPath))
        throw inputs.invalid(
            "body", "holds a $batch inside a $batch. Fix: send the requests in one batch.");
      if (request.get("headers") instanceof Map<?, ?> headers) {
        for (Object name : headers.keySet()) {
          if (BATCH_HEADERS.stream()
              .noneMatch(h -> h.equalsIgnoreCase(String.valueOf(name).strip()))) {
            throw inputs.invalid(
                "body",
                "holds a request with the header "
                    + UserText.quote(name)
                    + "; only "
                    + String.join(", ", BATCH_HEADERS)
                    + " are accepted. Fix: remove it.");
          }
        }
      }
      policy.checkGraphRequest(connection, innerMethod, innerPath.segments());
    }
  }

  private static boolean isBatch(RelativePath path) {
    return path.segments().get(0).equalsIgnoreCase("$batch");
  }

  private static RelativePath path(Inputs inputs) {
    try {
      return RelativePath.of(inputs.string("path"), inputs.optionalString("query").orElse(null));
    } catch (RelativePath.Invalid e) {
      throw inputs.invalid(e.part(), e.getMessage());
    }
  }

  @Override
  public Result execute(EntraConnection connection, Inputs inputs) {
    Method method = Method.valueOf(inputs.string("method"));
    RelativePath path = path(inputs);
    int maxPages = inputs.integer("maxPages");
    boolean hasBody = method == Method.POST || method == Method.PATCH || method == Method.PUT;
    if (inputs.has("body") && !hasBody) {
      throw inputs.invalid(
          "body",
          "was given for "
              + method
              + ", which takes no body. Fix: remove it or use POST, PATCH or PUT.");
    }
    GraphRequest request =
        GraphRequest.relative(method, path, inputs.has("body") ? inputs.object("body") : null)
            .forOperation(SPEC.name());
    for (Map.Entry<String, Object> header : inputs.object("headers").entrySet()) {
      request =
          request.withHeader(allowedHeader(inputs, header.getKey()), headerValue(inputs, header));
    }
    JsonNode body = connection.graph().send(request).body();
    if (method == Method.GET && maxPages > 1)
      body = followPages(connection, request, body, maxPages);
    return Result.of(plain(connection, body));
  }

  /** Appends the items of further pages to the first page's value array, up to maxPages in all. */
  private static JsonNode followPages(
      EntraConnection connection, GraphRequest first, JsonNode page, int maxPages) {
    if (!(page instanceof ObjectNode merged) || !page.path("value").isArray()) return page;
    ArrayNode items = (ArrayNode) merged.get("value");
    JsonNode current = page;
    for (int read = 1; read < maxPages && current.hasNonNull("@odata.nextLink"); read++) {
      GraphRequest next =
          connection.graph().followLink(first, current.get("@odata.nextLink").asText());
      current = connection.graph().send(next).body();
      if (current.path("value") instanceof ArrayNode more) items.addAll(more);
    }
    if (current.hasNonNull("@odata.nextLink"))
      merged.set("@odata.nextLink", current.get("@odata.nextLink"));
    else merged.remove("@odata.nextLink");
    return merged;
  }

  /**
   * The body as plain values; the nextLink is kept (as nextLink) so a process can tell that more
   * pages exist.
   */
  private static Map<String, Object> plain(EntraConnection connection, JsonNode body) {
    Map<String, Object> result = new LinkedHashMap<>();
    if (body.isMissingNode() || body.isNull()) return result;
    if (!body.isObject()) {
      // e.g. the plain number of a /$count request
      result.put("value", connection.graph().json().convertValue(body, Object.class));
      return result;
    }
    result.putAll(PlainValues.object(body));
    if (body.hasNonNull("@odata.nextLink"))
      result.put("nextLink", body.get("@odata.nextLink").asText());
    return result;
  }

  private static String allowedHeader(Inputs inputs, String name) {
    return ALLOWED_HEADERS.stream()
        .filter(h -> h.equalsIgnoreCase(name.strip()))
        .findFirst()
        .orElseThrow(
            () ->
                inputs.invalid(
                    "headers",
                    "contains "
                        + UserText.quote(name)
                        + "; only "
                        + String.join(" and ", ALLOWED_HEADERS)
                        + " are accepted. Fix: remove it."));
  }

  private static String headerValue(Inputs inputs, Map.Entry<String, Object> header) {
    if (!(header.getValue() instanceof String value)
        || value.length() > 256
        || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw inputs.invalid(
          "headers",
          "has an invalid value for "
              + header.getKey()
              + ". Fix: give a short text on one line,"
              + " e.g. eventual.");
    }
    return value.strip();
  }
}
