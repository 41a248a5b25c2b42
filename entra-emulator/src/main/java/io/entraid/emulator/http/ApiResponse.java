package io.entraid.emulator.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A response before it is written to the wire (or into a batch response item). */
public final class ApiResponse {
  private final int status;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private final byte[] body;

  /** When set, the front waits for it before answering (the "hang" fault). */
  private CompletableFuture<Void> holdUntil;

  public ApiResponse(int status, String contentType, byte[] body) {
    this.status = status;
    this.body = body == null ? new byte[0] : body;
    if (contentType != null) {
      headers.put("Content-Type", contentType);
    }
  }

  public static ApiResponse json(int status, byte[] json) {
    return new ApiResponse(status, "application/json", json);
  }

  /**
   * Graph's content type and headers for OData bodies (OData-Version 4.0; answers are not to be
   * cached).
   */
  public static ApiResponse odata(int status, byte[] json) {
    return new ApiResponse(
            status,
            "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8",
            json)
        .header("OData-Version", "4.0")
        .header("Cache-Control", "no-cache");
  }

  public static ApiResponse text(int status, String text) {
    return new ApiResponse(status, "text/plain", text.getBytes(StandardCharsets.UTF_8));
  }

  public static ApiResponse empty(int status) {
    return new ApiResponse(status, null, null);
  }

  public ApiResponse header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  /** The same response with another status (e.g. 201 for a created entity). */
  public ApiResponse withStatus(int newStatus) {
    ApiResponse r = new ApiResponse(newStatus, null, body);
    r.headers.putAll(headers);
    r.holdUntil = holdUntil;
    return r;
  }

  public int status() {
    return status;
  }

  public Map<String, String> headers() {
    return headers;
  }

  public String header(String name) {
    for (Map.Entry<String, String> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  public byte[] body() {
    return body;
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  public CompletableFuture<Void> holdUntil() {
    return holdUntil;
  }

  public ApiResponse holdUntil(CompletableFuture<Void> release) {
    this.holdUntil = release;
    return this;
  }
}
