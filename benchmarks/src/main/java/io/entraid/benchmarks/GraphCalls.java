package io.entraid.benchmarks;

import io.entraid.emulator.RecordedRequest;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Graph requests the emulator recorded, counted as Graph bills them: one per HTTP request
 * ($batch items are counted apart), retried (throttled) requests included.
 */
record GraphCalls(int total, int throttled, int batchItems, Map<String, Integer> byKind) {

  static GraphCalls of(List<RecordedRequest> recorded) {
    int total = 0;
    int throttled = 0;
    int items = 0;
    Map<String, Integer> byKind = new TreeMap<>();
    for (RecordedRequest r : recorded) {
      if (!r.path().startsWith("/v1.0/"))
        continue; // token requests are counted by the token endpoint
      if (r.batchItem()) {
        items++;
        continue;
      }
      total++;
      if (r.status() == 429) throttled++;
      byKind.merge(r.method() + " " + kind(r.path()), 1, Integer::sum);
    }
    return new GraphCalls(total, throttled, items, byKind);
  }

  int count(String kind) {
    return byKind.getOrDefault(kind, 0);
  }

  /**
   * The path with object ids replaced, so requests group by what they do:
   * /v1.0/groups/{id}/members.
   */
  static String kind(String path) {
    return path.replaceAll(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", "{id}")
        .replaceAll("/users/[^/]+@[^/]+", "/users/{upn}");
  }
}
