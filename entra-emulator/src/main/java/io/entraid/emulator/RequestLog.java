package io.entraid.emulator;

import io.entraid.emulator.http.ApiRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The record of received requests; bounded so a long-running emulator does not grow without limit.
 */
final class RequestLog {
  private static final int MAX_ENTRIES = 100_000;
  private static final int MAX_BODY = 64 * 1024;
  private static final List<String> HEADERS =
      List.of(
          "ConsistencyLevel",
          "x-ms-throttle-priority",
          "client-request-id",
          "Prefer",
          "Content-Type");
  private static final Pattern SECRET = Pattern.compile("(client_secret=)[^&]*");

  private final Deque<RecordedRequest> entries = new ArrayDeque<>();

  void record(ApiRequest req, int status) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String h : HEADERS) {
      String v = req.header(h);
      if (v != null) {
        headers.put(h, v);
      }
    }
    int len = Math.min(req.body().length, MAX_BODY);
    String body = new String(req.body(), 0, len, StandardCharsets.UTF_8);
    body = SECRET.matcher(body).replaceAll("$1***"); // never keep secrets
    RecordedRequest r =
        new RecordedRequest(
            Instant.now(),
            req.method(),
            req.rawPath(),
            req.rawQuery(),
            status,
            Map.copyOf(headers),
            req.header("Authorization") != null,
            body,
            req.batchItem());
    synchronized (entries) {
      if (entries.size() >= MAX_ENTRIES) {
        entries.removeFirst();
      }
      entries.addLast(r);
    }
  }

  List<RecordedRequest> snapshot() {
    synchronized (entries) {
      return List.copyOf(entries);
    }
  }

  void clear() {
    synchronized (entries) {
      entries.clear();
    }
  }
}
