package io.entraid.emulator.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One request as the handlers see it: from the HTTPS front or from a JSON batch item, so both go
 * through the same code (permissions, throttling and faults apply per batch item as in Graph).
 *
 * @param rawPath undecoded path, e.g. {@code /v1.0/users/a%40b.com}
 * @param rawQuery undecoded query or null
 * @param headers case-insensitive header names, first value only
 */
public record ApiRequest(
    String method,
    String rawPath,
    String rawQuery,
    Map<String, String> headers,
    byte[] body,
    boolean batchItem,
    String requestId) {

  public ApiRequest(
      String method,
      String rawPath,
      String rawQuery,
      Map<String, String> headers,
      byte[] body,
      boolean batchItem) {
    this(method, rawPath, rawQuery, headers, body, batchItem, UUID.randomUUID().toString());
  }

  public ApiRequest {
    TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    h.putAll(headers);
    headers = h;
    body = body == null ? new byte[0] : body;
  }

  public String header(String name) {
    return headers.get(name);
  }

  /** The caller's client-request-id, or (like Graph) the request-id when none was sent. */
  public String clientRequestId() {
    String c = headers.get("client-request-id");
    return c == null || c.isBlank() ? requestId : c;
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** Decoded query parameters; later duplicates win. Names keep their case ({@code $top}). */
  public Map<String, String> query() {
    return parseForm(rawQuery);
  }

  public static Map<String, String> parseForm(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(decode(k), decode(v));
    }
    return out;
  }

  static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }
}
