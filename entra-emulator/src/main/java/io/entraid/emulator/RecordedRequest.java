package io.entraid.emulator;

import java.time.Instant;
import java.util.Map;

/**
 * One request the emulator received (batch items are recorded too, with {@code batchItem} set).
 *
 * @param path the raw, undecoded path (for batch items: {@code /v1.0} + the item's url path)
 * @param rawQuery the raw query string or null
 * @param headers selected request headers: ConsistencyLevel, x-ms-throttle-priority,
 *     client-request-id, Prefer, Content-Type (never Authorization itself)
 * @param authorizationPresent whether an Authorization header was sent
 * @param body the request body as text, capped at 64 KB; secrets in token requests are masked
 */
public record RecordedRequest(
    Instant receivedAt,
    String method,
    String path,
    String rawQuery,
    int status,
    Map<String, String> headers,
    boolean authorizationPresent,
    String body,
    boolean batchItem) {

  public String header(String name) {
    return headers.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(name))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }
}
