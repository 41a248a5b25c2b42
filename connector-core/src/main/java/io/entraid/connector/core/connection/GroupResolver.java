package io.entraid.connector.core.connection;

import com.fasterxml.jackson.databind.JsonNode;
import io.entraid.connector.core.UserText;
import io.entraid.connector.core.graph.BatchResult;
import io.entraid.connector.core.graph.GraphClient;
import io.entraid.connector.core.graph.GraphException;
import io.entraid.connector.core.graph.GraphPath;
import io.entraid.connector.core.graph.GraphRequest;
import io.entraid.connector.core.graph.OData;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;

/**
 * Resolves group references (object id, display name or mail nickname) to object ids. Names are
 * looked up once and cached per connection for a bounded time, so a membership check against named
 * groups costs one Graph request, not one per name, and tasks missing the same names at once share
 * one lookup. A name that matches several groups is ambiguous, never guessed.
 */
public final class GroupResolver {
  static final Duration TTL = Duration.ofMinutes(5);
  static final int MAX_ENTRIES = 10_000;

  private record Entry(String id, Instant expiresAt) {}

  private final GraphClient graph;
  private final Clock clock;
  private final Map<String, Entry> byName = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<String>> inFlight = new ConcurrentHashMap<>();

  GroupResolver(GraphClient graph, Clock clock) {
    this.graph = graph;
    this.clock = clock;
  }

  /**
   * @return reference to object id, in the order given
   * @throws GraphException NOT_FOUND or AMBIGUOUS naming the reference
   */
  public Map<String, String> resolve(List<String> references, String operation) {
    Map<String, String> ids = new LinkedHashMap<>();
    Map<String, CompletableFuture<String>> claimed =
        new LinkedHashMap<>(); // looked up by this task
    Map<String, CompletableFuture<String>> shared =
        new LinkedHashMap<>(); // being looked up by another task
    Instant now = clock.instant();
    try {
      for (String ref : references) {
        if (GraphPath.isObjectId(ref)) {
          ids.put(ref, ref);
          continue;
        }
        Entry cached = byName.get(key(ref));
        if (cached != null && cached.expiresAt().isAfter(now)) {
          ids.put(ref, cached.id());
          continue;
        }
        ids.put(ref, null);
        // single flight: tasks that miss the cache for the same name at once share one lookup
        CompletableFuture<String> mine = new CompletableFuture<>();
        CompletableFuture<String> running = inFlight.putIfAbsent(key(ref), mine);
        if (running == null) claimed.put(ref, mine);
        else shared.put(ref, running);
      }
      if (!claimed.isEmpty()) {
        lookUp(
            List.copyOf(claimed.keySet()),
            operation,
            (ref, id) -> {
              ids.put(ref, id);
              claimed.get(ref).complete(id);
            });
      }
    } finally {
      // whatever failed completes with null: the tasks waiting for it look the name up themselves
      claimed.forEach(
          (ref, future) -> {
            future.complete(null);
            inFlight.remove(key(ref), future);
          });
    }
    List<String> again = new ArrayList<>();
    shared.forEach(
        (ref, future) -> {
          String id = await(future);
          if (id != null) ids.put(ref, id);
          else again.add(ref);
        });
    if (!again.isEmpty()) lookUp(again, operation, ids::put);
    return ids;
  }

  /** Looks the names up, passing each one found on; then throws the first failure, if any. */
  private void lookUp(List<String> names, String operation, BiConsumer<String, String> found) {
    List<GraphRequest> requests =
        names.stream().map(name -> byNameRequest(name, operation)).toList();
    List<BatchResult> results =
        requests.size() == 1
            ? List.of(
                new BatchResult(requests.get(0), 200, graph.send(requests.get(0)).body(), null))
            : graph.batch(requests);
    RuntimeException failure = null;
    for (int i = 0; i < names.size(); i++) {
      try {
        found.accept(names.get(i), idFrom(names.get(i), results.get(i)));
      } catch (RuntimeException e) {
        if (failure == null) failure = e;
      }
    }
    if (failure != null) throw failure;
  }

  /** Another task's lookup: its id, or null if it failed. */
  private static String await(CompletableFuture<String> lookup) {
    try {
      return lookup.get();
    } catch (ExecutionException e) {
      return null; // not expected: lookups complete normally, with null on failure
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw GraphException.transientFailure("Interrupted while waiting for a group lookup", e);
    }
  }

  public String resolve(String reference, String operation) {
    return resolve(List.of(reference), operation).get(reference);
  }

  /** Forgets a name, e.g. after the group was renamed or deleted by this connector. */
  public void forget(String name) {
    byName.remove(key(name));
    inFlight.remove(key(name)); // a lookup that started before no longer answers later tasks
  }

  /**
   * Forgets every name that resolved to this group, e.g. after it was renamed or deleted through
   * its object id, when the caller does not know the names it had.
   */
  public void forgetId(String id) {
    byName.values().removeIf(e -> e.id().equalsIgnoreCase(id));
  }

  private static GraphRequest byNameRequest(String name, String operation) {
    String literal = OData.literal(name);
    return GraphRequest.get(GraphPath.of("groups"))
        .withQuery("$filter", "displayName eq " + literal + " or mailNickname eq " + literal)
        .withQuery("$select", "id,displayName,mailNickname")
        .withQuery("$top", "10")
        .forOperation(operation);
  }

  private String idFrom(String name, BatchResult result) {
    if (!result.ok()) throw result.error();
    JsonNode matches = result.body().path("value");
    if (matches.isEmpty()) {
      throw GraphException.notFound(
          "No group has the display name or mail nickname "
              + UserText.quote(name)
              + "."
              + " Fix: check the spelling, or use the group's object id.");
    }
    if (matches.size() > 1) {
      List<String> candidates = new ArrayList<>();
      matches.forEach(
          m -> candidates.add(m.path("displayName").asText() + " (" + m.path("id").asText() + ")"));
      throw GraphException.ambiguous(
          UserText.quote(name)
              + " matches "
              + matches.size()
              + (matches.size() == 10 ? " or more" : "")
              + " groups: "
              + String.join(", ", candidates)
              + ". Fix: use the object id of the one you mean.");
    }
    String id = matches.get(0).path("id").asText();
    if (byName.size() >= MAX_ENTRIES)
      byName.entrySet().removeIf(e -> e.getValue().expiresAt().isBefore(clock.instant()));
    if (byName.size() < MAX_ENTRIES)
      byName.put(key(name), new Entry(id, clock.instant().plus(TTL)));
    return id;
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
