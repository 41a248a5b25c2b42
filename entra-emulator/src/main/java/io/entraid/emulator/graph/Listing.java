package io.entraid.emulator.graph;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entraid.emulator.Directory;
import io.entraid.emulator.DirectoryObject;
import io.entraid.emulator.http.ApiRequest;
import io.entraid.emulator.http.ApiResponse;
import io.entraid.emulator.http.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * One page of a collection: filter, order, page by cursor, count, and the absolute
 * {@code @odata.nextLink} (paging.md). Memory per request is bounded by the page size; $orderby
 * scans and keeps only the next page in a bounded heap.
 */
final class Listing {
  private Listing() {}

  static ApiResponse page(
      ApiRequest req,
      String base,
      Directory dir,
      Directory.Source source,
      ODataQuery q,
      Predicate<DirectoryObject> typeFilter,
      String context,
      boolean withType) {
    return page(req, base, dir, source, q, typeFilter, context, withType, o -> List.of());
  }

  /**
   * @param related the objects {@code q.expand} names for an item (at most 20 are rendered)
   */
  static ApiResponse page(
      ApiRequest req,
      String base,
      Directory dir,
      Directory.Source source,
      ODataQuery q,
      Predicate<DirectoryObject> typeFilter,
      String context,
      boolean withType,
      Function<DirectoryObject, List<DirectoryObject>> related) {
    Predicate<DirectoryObject> match = q.matcher().and(typeFilter);
    List<DirectoryObject> items;
    if (q.orderBy == null) {
      items = dir.list(source, q.cursor == null ? null : q.cursor.lastId(), match, q.top + 1);
    } else {
      items = orderedPage(dir, source, q, match);
    }
    boolean more = items.size() > q.top;
    if (more) {
      items = items.subList(0, q.top);
    }
    List<String> select =
        q.select == null ? null : q.select.stream().map(p -> p.name()).collect(Collectors.toList());
    ObjectNode body = Json.object();
    body.put("@odata.context", base + "/v1.0/$metadata#" + context + JsonView.selectSuffix(select));
    if (q.count && q.cursor == null) {
      body.put("@odata.count", dir.count(source, match));
    }
    if (more) {
      DirectoryObject last = items.get(items.size() - 1);
      Cursor c = new Cursor(last.id(), q.orderBy == null ? null : q.sortKey(last));
      body.put("@odata.nextLink", nextLink(base, req, c.encode()));
    }
    ArrayNode value = body.putArray("value");
    for (DirectoryObject o : items) {
      ObjectNode item = JsonView.render(o, select, withType);
      if (q.expand != null) {
        JsonView.expand(item, q.expand, related.apply(o));
      }
      value.add(item);
    }
    return ApiResponse.odata(200, Json.bytes(body));
  }

  private static List<DirectoryObject> orderedPage(
      Directory dir, Directory.Source source, ODataQuery q, Predicate<DirectoryObject> match) {
    Comparator<DirectoryObject> cmp = q.comparator();
    Cursor after = q.cursor;
    int keep = q.top + 1;
    PriorityQueue<DirectoryObject> heap = new PriorityQueue<>(keep + 1, cmp.reversed());
    dir.scan(
        source,
        o -> {
          if (match.test(o) && (after == null || compareToCursor(q, o, after) > 0)) {
            heap.add(o);
            if (heap.size() > keep) {
              heap.poll();
            }
          }
          return true;
        });
    List<DirectoryObject> out = new ArrayList<>(heap);
    out.sort(cmp);
    return out;
  }

  private static int compareToCursor(ODataQuery q, DirectoryObject o, Cursor c) {
    String k = q.sortKey(o);
    int byKey;
    if (k == null || c.lastSortKey() == null) {
      byKey = k == null ? (c.lastSortKey() == null ? 0 : 1) : -1;
      if (q.descending) {
        byKey = -byKey;
      }
    } else {
      byKey = String.CASE_INSENSITIVE_ORDER.compare(k, c.lastSortKey());
      if (q.descending) {
        byKey = -byKey;
      }
    }
    return byKey != 0 ? byKey : o.id().compareTo(c.lastId());
  }

  /**
   * The request's own URL with its query kept (minus any old $skiptoken) plus the new $skiptoken.
   */
  static String nextLink(String base, ApiRequest req, String skiptoken) {
    StringBuilder sb = new StringBuilder(base).append(req.rawPath()).append('?');
    if (req.rawQuery() != null) {
      for (String part : req.rawQuery().split("&")) {
        String name = part.contains("=") ? part.substring(0, part.indexOf('=')) : part;
        String decoded = java.net.URLDecoder.decode(name, java.nio.charset.StandardCharsets.UTF_8);
        if (!part.isEmpty()
            && !decoded.equalsIgnoreCase("$skiptoken")
            && !decoded.equalsIgnoreCase("$deltatoken")) {
          sb.append(part).append('&');
        }
      }
    }
    return sb.append("$skiptoken=").append(skiptoken).toString();
  }
}
