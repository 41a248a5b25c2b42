package io.entraid.connector.core.graph;

import io.entraid.connector.core.EntraIdException;
import io.entraid.connector.core.token.TokenAcquisitionException;

/**
 * A Graph call that did not succeed, or a business outcome found on the way (an input Graph would
 * refuse, a name that matched nothing or several objects), with what support needs to find it
 * (status, Graph's error code, request-id) and what the caller needs to react (the category and,
 * for 403, the permission). Built by the named factories.
 */
public final class GraphException extends EntraIdException {
  private final GraphErrorCategory category;
  private final int status;
  private final String code;
  private final String requestId;
  private final String requiredPermission;

  private GraphException(
      GraphErrorCategory category,
      int status,
      String code,
      String message,
      String requestId,
      String requiredPermission,
      Throwable cause) {
    super(message, cause);
    this.category = category;
    this.status = status;
    this.code = code;
    this.requestId = requestId;
    this.requiredPermission = requiredPermission;
  }

  /** A failure found before any request was sent, such as an invalid id. */
  public static GraphException invalidInput(String message) {
    return outcome(GraphErrorCategory.INVALID_INPUT, message);
  }

  public static GraphException notFound(String message) {
    return outcome(GraphErrorCategory.NOT_FOUND, message);
  }

  public static GraphException ambiguous(String message) {
    return outcome(GraphErrorCategory.AMBIGUOUS, message);
  }

  public static GraphException alreadyExists(String message) {
    return outcome(GraphErrorCategory.ALREADY_EXISTS, message);
  }

  /**
   * A failure that may pass: a network error, an interrupted wait, an answer that made no sense.
   */
  public static GraphException transientFailure(String message, Throwable cause) {
    return new GraphException(GraphErrorCategory.TRANSIENT, 0, null, message, null, null, cause);
  }

  /**
   * The connection could not authenticate itself or Graph (e.g. TLS trust); needs an administrator.
   */
  public static GraphException authentication(String message, Throwable cause) {
    return new GraphException(
        GraphErrorCategory.AUTHENTICATION, 0, null, message, null, null, cause);
  }

  /**
   * A write that may have reached Graph failed, so it may have been applied; see {@link
   * GraphErrorCategory#OUTCOME_UNKNOWN}.
   */
  public static GraphException outcomeUnknown(int status, String message) {
    return new GraphException(
        GraphErrorCategory.OUTCOME_UNKNOWN, status, null, message, null, null, null);
  }

  /** Graph's error answer. */
  static GraphException answer(
      GraphErrorCategory category, int status, String code, String message, String requestId) {
    return new GraphException(category, status, code, message, requestId, null, null);
  }

  /**
   * No token for the call: the sign-in host was unreachable or throttled (retryable) or refused the
   * app.
   */
  static GraphException noToken(TokenAcquisitionException e) {
    GraphErrorCategory category =
        switch (e.diagnosis()) {
          case HOST_UNREACHABLE -> GraphErrorCategory.TRANSIENT;
          case THROTTLED -> GraphErrorCategory.THROTTLED;
          default -> GraphErrorCategory.AUTHENTICATION;
        };
    return new GraphException(
        category, e.httpStatus(), e.oauthError(), e.getMessage(), e.correlationId(), null, e);
  }

  private static GraphException outcome(GraphErrorCategory category, String message) {
    return new GraphException(category, 0, null, message, null, null, null);
  }

  public GraphErrorCategory category() {
    return category;
  }

  @Override
  public boolean isRetryable() {
    return category.isRetryable();
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

  /**
   * For PERMISSION_DENIED: the least-privileged application permission the call needs, if known.
   */
  public String requiredPermission() {
    return requiredPermission;
  }

  /** The same failure with a message that says more (e.g. which operation and input). */
  public GraphException withMessage(String message) {
    return new GraphException(category, status, code, message, requestId, requiredPermission, this);
  }

  public GraphException withRequiredPermission(String permission) {
    return new GraphException(
        category, status, code, getMessage(), requestId, permission, getCause());
  }

  /**
   * The same failure, found to be safe to retry (e.g. a lost create that was checked and not
   * applied).
   */
  public GraphException asTransient(String message) {
    return new GraphException(
        GraphErrorCategory.TRANSIENT, status, code, message, requestId, null, this);
  }
}
