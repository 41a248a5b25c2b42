package io.entraid.connector.core.connection;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * When a connection's credential expires, as far as the connector can tell: what the connection
 * test, the health indicator, the gauge and the connection page show.
 *
 * @param status where the credential stands now
 * @param notAfter the end of its validity, or null when unknown
 * @param daysLeft whole days until {@code notAfter}, rounded up (0 or less: expired), or null when
 *     unknown
 * @param source where {@code notAfter} comes from
 * @param ambiguous the app has several client secrets and the one in use could not be told apart:
 *     {@code notAfter} is the soonest of them
 * @param message a sentence for people: the date and source, or why it is unknown and how to find
 *     out; with the fix when the credential expires soon
 */
public record CredentialExpiry(
    Status status,
    Instant notAfter,
    Long daysLeft,
    Source source,
    boolean ambiguous,
    String message) {

  public enum Status {
    /** Valid for longer than the warning period. */
    OK,
    /** Expires within the warning period. */
    EXPIRING,
    /** Past its end date. */
    EXPIRED,
    /** The connector cannot tell; {@code message} says why. */
    UNKNOWN
  }

  public enum Source {
    /** The credential itself (a certificate's notAfter). */
    CREDENTIAL,
    /** The app registration's passwordCredentials in Microsoft Graph. */
    GRAPH,
    /** No date. */
    NONE
  }

  public boolean known() {
    return notAfter != null;
  }

  /**
   * Plain values for a process variable or a health detail: status, notAfter (ISO-8601), daysLeft,
   * source, ambiguous, message.
   */
  public Map<String, Object> asMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("status", status.name());
    map.put("notAfter", notAfter == null ? null : notAfter.toString());
    map.put("daysLeft", daysLeft);
    map.put("source", source.name());
    map.put("ambiguous", ambiguous);
    map.put("message", message);
    return map;
  }
}
