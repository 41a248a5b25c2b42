package io.entraid.connector.core.graph;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One Graph call, relative to the connection's Graph endpoint and API version: the connection, not
 * the request, decides the host. Immutable; the with-methods return copies.
 */
public final class GraphRequest {
  public enum Method {
    GET,
    POST,
    PATCH,
    PUT,
    DELETE
  }

  private final Method method;
  private final String path;
  private final Map<String, String> query;
  private final Map<String, String> headers;
  private final Object body;
  private final String operation;
  private final boolean repeatable;
  private final boolean awaitsReplication;

  private GraphRequest(
      Method method,
      String path,
      Map<String, String> query,
      Map<String, String> headers,
      Object body,
      String operation,
      boolean repeatable,
      boolean awaitsReplication) {
    this.method = Objects.requireNonNull(method);
    this.path = Objects.requireNonNull(path);
    this.query = Collections.unmodifiableMap(new LinkedHashMap<>(query));
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    this.body = body;
    this.operation = operation;
    this.repeatable = repeatable;
    this.awaitsReplication = awaitsReplication;
  }

  public static GraphRequest of(Method method, GraphPath path) {
    return new GraphRequest(
        method, path.encoded(), Map.of(), Map.of(), null, null, method != Method.POST, false);
  }

  public static GraphRequest get(GraphPath path) {
    return of(Method.GET, path);
  }

  public static GraphRequest post(GraphPath path, Object body) {
    return of(Method.POST, path).withBody(body);
  }

  public static GraphRequest patch(GraphPath path, Object body) {
    return of(Method.PATCH, path).withBody(body);
  }

  public static GraphRequest delete(GraphPath path) {
    return of(Method.DELETE, path);
  }

  /**
   * A request for a path a user wrote, checked by {@link RelativePath} to stay below the API
   * version.
   */
  public static GraphRequest relative(Method method, RelativePath path, Object body) {
    return raw(method, path.encoded(), body);
  }

  /**
   * A request whose path and query were already encoded, for the graphRequest escape hatch and
   * nextLinks.
   */
  static GraphRequest raw(Method method, String encodedPathAndQuery, Object body) {
    return new GraphRequest(
        method, encodedPathAndQuery, Map.of(), Map.of(), body, null, method != Method.POST, false);
  }

  /** Adds a query option; the value is encoded here, so it may hold any character. */
  public GraphRequest withQuery(String name, String value) {
    Map<String, String> q = new LinkedHashMap<>(query);
    q.put(name, value);
    return new GraphRequest(
        method, path, q, headers, body, operation, repeatable, awaitsReplication);
  }

  public GraphRequest withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new GraphRequest(method, path, query, h, body, operation, repeatable, awaitsReplication);
  }

  /** Graph's advanced queries ($count, $search, endsWith, ne...) need this header. */
  public GraphRequest eventualConsistency() {
    return withHeader("ConsistencyLevel", "eventual");
  }

  /** An advanced query (aad-advanced-queries.md): ConsistencyLevel: eventual and $count=true. */
  public GraphRequest advancedQuery() {
    return eventualConsistency().withQuery("$count", "true");
  }

  public boolean isAdvancedQuery() {
    return "eventual".equals(headers.get("ConsistencyLevel"));
  }

  public GraphRequest withBody(Object newBody) {
    return new GraphRequest(
        method, path, query, headers, newBody, operation, repeatable, awaitsReplication);
  }

  /** Labels the request with the catalog operation that sent it, for logs and metrics. */
  public GraphRequest forOperation(String name) {
    return new GraphRequest(
        method, path, query, headers, body, name, repeatable, awaitsReplication);
  }

  public Method method() {
    return method;
  }

  public Map<String, String> headers() {
    return headers;
  }

  public Object body() {
    return body;
  }

  public String operation() {
    return operation;
  }

  /**
   * Marks a POST as safe to send again after an answer was lost: a read-only action
   * (checkMemberGroups, getByIds) or one whose repetition the caller treats as success (adding a
   * member who is one already).
   */
  public GraphRequest repeatable() {
    return new GraphRequest(method, path, query, headers, body, operation, true, awaitsReplication);
  }

  /**
   * Marks a request that names an object another task may have just created (a user to reference, a
   * new user to look up): Graph's "does not exist" is retried for the client's replication window,
   * because Entra ID is eventually consistent (a new object can be missing on the replica that
   * answers).
   */
  public GraphRequest awaitingReplication() {
    return new GraphRequest(method, path, query, headers, body, operation, repeatable, true);
  }

  public boolean awaitsReplication() {
    return awaitsReplication;
  }

  /**
   * Safe to send again after a 5xx, a timeout or a reset, which may hide a request Graph applied:
   * everything but POST (Graph's PATCH, PUT and DELETE are idempotent) and POSTs marked {@link
   * #repeatable()}.
   */
  public boolean idempotent() {
    return repeatable;
  }

  /** Path and query as sent, relative to the API version root, without a leading slash. */
  public String pathAndQuery() {
    if (query.isEmpty()) return path;
    return path
        + (path.contains("?") ? "&" : "?")
        + query.entrySet().stream()
            .map(
                e ->
                    GraphPath.encode(e.getKey(), "$")
                        + "="
                        + GraphPath.encode(e.getValue(), "$'(),:@!*/"))
            .collect(Collectors.joining("&"));
  }

  @Override
  public String toString() {
    return method + " " + pathAndQuery();
  }
}
