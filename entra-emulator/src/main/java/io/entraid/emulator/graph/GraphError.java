package io.entraid.emulator.graph;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entraid.emulator.http.ApiRequest;
import io.entraid.emulator.http.ApiResponse;
import io.entraid.emulator.http.Json;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The one place that shapes Microsoft Graph error bodies (concepts/errors.md): {@code
 * {"error":{"code","message","innerError":{"date","request-id","client-request-id"},"details":[...]}}}.
 * Thrown by handlers, turned into a response by the dispatcher.
 */
public final class GraphError extends RuntimeException {
  private final int status;
  private final String code;
  private final ArrayNode details;
  private final java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();

  public GraphError(int status, String code, String message) {
    this(status, code, message, null);
  }

  public GraphError(int status, String code, String message, ArrayNode details) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.details = details;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public GraphError header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  public ApiResponse toResponse(ApiRequest req) {
    ObjectNode error = Json.object().put("code", code).put("message", getMessage());
    if (details != null) {
      error.set("details", details);
    }
    ObjectNode inner =
        error
            .putObject("innerError")
            .put(
                "date",
                LocalDateTime.now(ZoneOffset.UTC)
                    .truncatedTo(ChronoUnit.SECONDS)
                    .format(DateTimeFormatter.ISO_LOCAL_DATE_TIME))
            .put("request-id", req.requestId())
            .put("client-request-id", req.clientRequestId());
    if (status == 429) {
      // Graph's throttling sample carries the status again inside innerError
      // (concepts/throttling.md).
      inner.put("code", "429").put("message", "Please retry after").put("status", "429");
    }
    ObjectNode body = Json.object();
    body.set("error", error);
    ApiResponse r = ApiResponse.json(status, Json.bytes(body)).header("Cache-Control", "no-cache");
    headers.forEach(r::header);
    return r;
  }

  // ---- the errors used in several places ----

  public static GraphError notFound(String id) {
    return new GraphError(
        404,
        "Request_ResourceNotFound",
        "Resource '"
            + id
            + "' does not exist or one of its queried reference-property objects are not present.");
  }

  public static GraphError badRequest(String message) {
    return new GraphError(400, "Request_BadRequest", message);
  }

  public static GraphError insufficientPrivileges() {
    return new GraphError(
        403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
  }

  public static GraphError unsupportedQuery() {
    return new GraphError(400, "Request_UnsupportedQuery", "Unsupported Query.");
  }

  /**
   * A 401 with the challenge Graph sends (RFC 6750 section 3; Graph names Entra's authorize
   * endpoint and itself).
   */
  public static GraphError invalidToken(String message) {
    return new GraphError(401, "InvalidAuthenticationToken", message)
        .header(
            "WWW-Authenticate",
            "Bearer realm=\"\","
                + " authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\","
                + " client_id=\"00000003-0000-0000-c000-000000000000\"");
  }

  public static GraphError segmentNotFound(String segment) {
    // OData routing error for unknown paths, e.g. GET /v1.0/foo.
    return new GraphError(
        400, "BadRequest", "Resource not found for the segment '" + segment + "'.");
  }

  /**
   * A 429; whole seconds are sent as an integer, fractions with up to three decimals (as in
   * concepts/throttling.md).
   */
  public static GraphError throttled(double retryAfterSeconds) {
    String value =
        retryAfterSeconds == Math.rint(retryAfterSeconds)
            ? Long.toString((long) retryAfterSeconds)
            : new java.math.BigDecimal(retryAfterSeconds)
                .setScale(3, java.math.RoundingMode.HALF_UP)
                .stripTrailingZeros()
                .toPlainString();
    return new GraphError(429, "TooManyRequests", "Please retry again later.")
        .header("Retry-After", value);
  }

  /** Injected server-side failures (500/502/503/504), with Graph's generic codes for them. */
  public static GraphError serverError(int status) {
    return switch (status) {
      case 503 ->
          new GraphError(
              503,
              "serviceNotAvailable",
              "The service is temporarily unavailable. Please retry later.");
      case 504 -> new GraphError(504, "UnknownError", "The request timed out.");
      case 429 -> throttled(1);
      default ->
          new GraphError(
              status,
              status >= 500 ? "generalException" : "BadRequest",
              status >= 500 ? "An internal server error occurred." : "The request failed.");
    };
  }
}
