package io.entraid.connector.core.token;

import io.entraid.connector.core.EntraIdException;

/**
 * A connection could not get a token. The message states the cause and the fix; Microsoft's code
 * and correlation ID stay attached so support can find the request. Never carries the secret.
 */
public final class TokenAcquisitionException extends EntraIdException {
  private final String connectionName;
  private final Diagnosis diagnosis;
  private final String oauthError;
  private final int aadstsCode;
  private final String correlationId;
  private final int httpStatus;

  public TokenAcquisitionException(
      String connectionName,
      Diagnosis diagnosis,
      String detail,
      String oauthError,
      int aadstsCode,
      String correlationId,
      int httpStatus,
      Throwable cause) {
    super(message(connectionName, diagnosis, detail, aadstsCode, correlationId), cause);
    this.connectionName = connectionName;
    this.diagnosis = diagnosis;
    this.oauthError = oauthError;
    this.aadstsCode = aadstsCode;
    this.correlationId = correlationId;
    this.httpStatus = httpStatus;
  }

  private static String message(
      String name, Diagnosis d, String detail, int code, String correlationId) {
    StringBuilder sb =
        new StringBuilder("Connection '").append(name).append("': ").append(d.cause());
    if (detail != null && !detail.isBlank()) sb.append(' ').append(detail);
    if (code != 0 || correlationId != null) {
      sb.append(" (");
      if (code != 0) sb.append("AADSTS").append(code);
      if (code != 0 && correlationId != null) sb.append(", ");
      if (correlationId != null) sb.append("correlation ID ").append(correlationId);
      sb.append(')');
    }
    return sb.append(" Fix: ").append(d.fix()).toString();
  }

  public String connectionName() {
    return connectionName;
  }

  public Diagnosis diagnosis() {
    return diagnosis;
  }

  /**
   * The OAuth {@code error} value, e.g. invalid_client, or null for a failure before any answer.
   */
  public String oauthError() {
    return oauthError;
  }

  /** The AADSTS code from the answer, or 0. */
  public int aadstsCode() {
    return aadstsCode;
  }

  public String correlationId() {
    return correlationId;
  }

  /** The HTTP status of the token endpoint's answer, or 0 when there was none. */
  public int httpStatus() {
    return httpStatus;
  }
}
