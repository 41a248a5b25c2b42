package io.entraid.connector.core.graph;

/**
 * A Graph call that did not succeed, with what support needs to find it (status, Graph's error code,
 * request-id) and what the caller needs to react (the category and, for 403, the permission).
 */
public class GraphException extends RuntimeException {
  private final GraphErrorCategory category;
  private final int status;
  private final String code;
  private final String requestId;
  private final String requiredPermission;

  public GraphException(GraphErrorCategory category, int status, String code, String message, String requestId,
      String requiredPermission, Throwable cause) {
    super(message, cause);
    this.category = category;
    this.status = status;
    this.code = code;
    this.requestId = requestId;
    this.requiredPermission = requiredPermission;
  }

  /** A failure found before any request was sent, such as an invalid id. */
  public static GraphException invalidInput(String message) {
    return new GraphException(GraphErrorCategory.INVALID_INPUT, 0, null, message, null, null, null);
  }

  public static GraphException notFound(String message) {
    return new GraphException(GraphErrorCategory.NOT_FOUND, 0, null, message, null, null, null);
  }

  public static GraphException ambiguous(String message) {
    return new GraphException(GraphErrorCategory.AMBIGUOUS, 0, null, message, null, null, null);
  }

  public GraphErrorCategory category() {
    return category;
  }

  /** The HTTP status, or 0 when no answer was involved. */
  public int status() {
    return status;
  }

  /** Graph's {@code error.code}, such as Request_ResourceNotFound, or null. */
  public String code() {
    return code;
  }

  /** Graph's request-id of the failed request, or null. */
  public String requestId() {
    return requestId;
  }

  /** For PERMISSION_DENIED: the least-privileged application permission the call needs, if known. */
  public String requiredPermission() {
    return requiredPermission;
  }

  /** The same failure with a message that says more (e.g. which operation and input). */
  public GraphException withMessage(String message) {
    return new GraphException(category, status, code, message, requestId, requiredPermission, this);
  }

  public GraphException withRequiredPermission(String permission) {
    return new GraphException(category, status, code, getMessage(), requestId, permission, getCause());
  }
}
