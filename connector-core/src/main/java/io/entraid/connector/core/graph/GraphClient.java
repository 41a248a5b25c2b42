package io.entraid.connector.core.graph;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.entraid.connector.core.GraphListener;
import io.entraid.connector.core.HttpSettings;
import io.entraid.connector.core.token.AccessToken;
import io.entraid.connector.core.token.Diagnosis;
import io.entraid.connector.core.token.MsalTokenProvider;
import io.entraid.connector.core.token.TokenAcquisitionException;
import io.entraid.connector.core.token.TokenProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lean Microsoft Graph v1.0 client for one connection: one {@link HttpClient} (connection reuse,
 * HTTP/2 where offered), bearer tokens from the connection's {@link TokenProvider}, retries that
 * honour Retry-After, paging that streams, and $batch. Thread-safe.
 */
public final class GraphClient {
  private static final Logger LOG = LoggerFactory.getLogger(GraphClient.class);
  private static final int BATCH_LIMIT = 20;
  private static final String USER_AGENT = "entraid-camunda-connector";

  private final URI origin;
  private final URI versionRoot;
  private final TokenProvider tokens;
  private final HttpClient http;
  private final Duration readTimeout;
  private final GraphClientOptions options;
  private final GraphListener listener;
  private final ObjectMapper json;
  private final Clock clock;
  private final Sleeper sleeper;
  private final boolean background;
  private final ThrottleGauge gauge;

  /** Waits between attempts; replaceable so tests need not wait. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private GraphClient(
      URI origin,
      TokenProvider tokens,
      HttpClient http,
      Duration readTimeout,
      GraphClientOptions options,
      GraphListener listener,
      ObjectMapper json,
      Clock clock,
      Sleeper sleeper,
      boolean background,
      ThrottleGauge gauge) {
    this.origin = origin;
    this.versionRoot = URI.create(origin + "/v1.0/");
    this.tokens = tokens;
    this.http = http;
    this.readTimeout = readTimeout;
    this.options = options;
    this.listener = listener;
    this.json = json;
    this.clock = clock;
    this.sleeper = sleeper;
    this.background = background;
    this.gauge = gauge;
  }

  /**
   * @param graphEndpoint the connection's Graph origin, e.g. https://graph.microsoft.com
   */
  public static GraphClient create(
      URI graphEndpoint,
      TokenProvider tokens,
      HttpSettings connection,
      GraphClientOptions options,
      GraphListener listener) {
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_2)
            .connectTimeout(connection.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            // Callers block in send(): the client's own steps (TLS, parsing the answer) run on its
            // selector thread instead of being handed to a pool thread first, one thread hand-off
            // less per request (a round trip to the emulator: 7-8 thread wake-ups instead of 12).
            // Nothing that runs there blocks: bodies are read into a byte array or an InputStream
            // the calling thread reads. The price: one connection's concurrent answers are
            // decrypted one after the other, on that one thread.
            .executor(Runnable::run);
    if (connection.sslContext() != null) builder.sslContext(connection.sslContext());
    return new GraphClient(
        graphEndpoint,
        tokens,
        builder.build(),
        connection.readTimeout(),
        options,
        listener,
        new ObjectMapper(),
        connection.clock(),
        d -> Thread.sleep(d.toMillis()),
        false,
        new ThrottleGauge());
  }

  /**
   * The same client for background work (sync): requests carry {@code x-ms-throttle-priority: low},
   * so Graph throttles them before interactive traffic, and they slow down while Graph reports that
   * this app is close to its limit.
   */
  public GraphClient background() {
    return new GraphClient(
        origin, tokens, http, readTimeout, options, listener, json, clock, sleeper, true, gauge);
  }

  /** The same client with another sleeper, for tests. */
  public GraphClient withSleeper(Sleeper other) {
    return new GraphClient(
        origin,
        tokens,
        http,
        readTimeout,
        options,
        listener,
        json,
        clock,
        other,
        background,
        gauge);
  }

  /** The connection's clock (injectable in tests). */
  public Clock clock() {
    return clock;
  }

  public ObjectMapper json() {
    return json;
  }

  /**
   * Sends one request; a non-2xx answer that outlasts the retries becomes a {@link GraphException}.
   * A request that is not {@link GraphRequest#idempotent()} and fails in a way that may hide its
   * success (5xx, timeout, reset) is {@link GraphErrorCategory#OUTCOME_UNKNOWN}, and it is not
   * repeated.
   */
  public GraphResponse send(GraphRequest request) {
    Replication replication = new Replication(request);
    while (true) {
      HttpResponse<byte[]> response = exchange(request, BodyHandlers.ofByteArray());
      String requestId = response.headers().firstValue("request-id").orElse(null);
      if (response.statusCode() >= 500 && !request.idempotent()) {
        throw outcomeUnknown(
            request,
            response.statusCode(),
            "Graph answered "
                + response.statusCode()
                + (requestId == null ? "" : ", request-id " + requestId));
      }
      if (response.statusCode() < 300)
        return new GraphResponse(response.statusCode(), readTree(response.body()), requestId);
      GraphException error =
          GraphErrors.fromResponse(request, response.statusCode(), response.body(), requestId);
      if (!replication.awaitAfter(error)) throw error;
    }
  }

  /**
   * Sends the request, and sends it again after replication waits while {@code stale} finds that
   * the answer misses a write this connection made (read your own writes), until the replication
   * window is spent. The last answer is returned either way.
   */
  public GraphResponse sendUntilFresh(GraphRequest request, Predicate<GraphResponse> stale) {
    Replication replication = new Replication(request);
    while (true) {
      GraphResponse response = send(request);
      if (!stale.test(response)) return response;
      Duration wait = replication.next("answered without a change this connection just made");
      if (wait == null) return response;
      pause(wait);
    }
  }

  /** How long a request naming a possibly new object waits for Entra ID's replication. */
  public Duration replicationWindow() {
    return options.replicationWindow();
  }

  /**
   * The wait for Entra ID's replication of one request (or one $batch chunk): while Graph says an
   * object it names does not exist, wait 0.5 s, 1 s, 2 s, 4 s, 8 s... while the waits fit into the
   * connection's replication window.
   */
  private final class Replication {
    private final GraphRequest request;
    private Duration spent = Duration.ZERO;
    private int waits;

    Replication(GraphRequest request) {
      this.request = request;
    }

    /** True after waiting, when the request should be sent again; false when the error stands. */
    boolean awaitAfter(GraphException error) {
      if (!request.awaitsReplication() || !GraphErrors.mayBeReplicating(error)) return false;
      Duration wait = next("answered " + error.status() + " " + error.code());
      if (wait == null) return false;
      pause(wait);
      return true;
    }

    /**
     * The next wait, reported to the listener, or null when it would pass the window; {@code what}
     * is logged.
     */
    Duration next(String what) {
      Duration wait = Duration.ofMillis(500L << Math.min(waits, 4));
      if (spent.plus(wait).compareTo(options.replicationWindow()) > 0) return null;
      spent = spent.plus(wait);
      waits++;
      LOG.debug(
          "{} {}: Entra ID may not have replicated a recent write yet; retrying in {} ms",
          describe(request),
          what,
          wait.toMillis());
      listener.onReplicationWait(request.operation(), wait);
      return wait;
    }
  }

  /**
   * All items of a collection as a lazy stream: one page in memory at a time. Close it if not
   * consumed.
   */
  public <T> Stream<T> stream(GraphRequest first, Class<T> itemType) {
    return items(pages(first, itemType));
  }

  /** The items of pages as a lazy stream. */
  public static <T> Stream<T> items(Iterator<Page<T>> pages) {
    Iterator<T> items =
        new Iterator<>() {
          Iterator<T> current = List.<T>of().iterator();

          @Override
          public boolean hasNext() {
            while (!current.hasNext() && pages.hasNext()) current = pages.next().items().iterator();
            return current.hasNext();
          }

          @Override
          public T next() {
            if (!hasNext()) throw new NoSuchElementException();
            return current.next();
          }
        };
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(items, Spliterator.ORDERED), false);
  }

  /**
   * The pages of a listing whose $filter an administrator wrote: when Graph refuses the first page
   * because the filter needs an advanced query (Request_UnsupportedQuery), it is sent once more as
   * one (ConsistencyLevel: eventual, $count=true; results are then eventually consistent), and that
   * is logged.
   */
  public <T> Iterator<Page<T>> pagesAdvancedIfNeeded(GraphRequest first, Class<T> itemType) {
    Iterator<Page<T>> pages = pages(first, itemType);
    Page<T> head;
    try {
      head = pages.next();
    } catch (GraphException e) {
      if (first.isAdvancedQuery() || !GraphErrors.needsAdvancedQuery(e)) throw e;
      LOG.info(
          "{}: Graph answers this $filter only as an advanced query; sent again with ConsistencyLevel: eventual"
              + " and $count=true (eventually consistent results)",
          describe(first));
      pages = pages(first.advancedQuery(), itemType);
      head = pages.next();
    }
    Iterator<Page<T>> rest = pages;
    Page<T> firstPage = head;
    return new Iterator<>() {
      Page<T> pending = firstPage;

      @Override
      public boolean hasNext() {
        return pending != null || rest.hasNext();
      }

      @Override
      public Page<T> next() {
        if (pending == null) return rest.next();
        Page<T> page = pending;
        pending = null;
        return page;
      }
    };
  }

  /**
   * The pages of a collection or delta query, fetched as they are consumed. Each page follows the
   * previous one's {@code @odata.nextLink} verbatim and resends the first request's headers
   * (ConsistencyLevel, as Graph requires).
   */
  public <T> Iterator<Page<T>> pages(GraphRequest first, Class<T> itemType) {
    JavaType type = json.constructType(itemType);
    return new Iterator<>() {
      GraphRequest next = first;

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public Page<T> next() {
        if (next == null) throw new NoSuchElementException();
        Page<T> page = fetchPage(next, type);
        next = page.nextLink() == null ? null : followLink(first, page.nextLink());
        return page;
      }
    };
  }

  /**
   * A request for an absolute link Graph returned (nextLink, deltaLink), only if it points at this
   * connection's Graph.
   */
  public GraphRequest followLink(GraphRequest template, String link) {
    String prefix = versionRoot.toString();
    if (!link.startsWith(prefix)) {
      throw GraphException.transientFailure(
          "Graph returned a link outside "
              + prefix
              + "; the connector does not send its token anywhere else.",
          null);
    }
    GraphRequest request =
        GraphRequest.raw(GraphRequest.Method.GET, link.substring(prefix.length()), null)
            .forOperation(template.operation());
    for (Map.Entry<String, String> h : template.headers().entrySet()) {
      request = request.withHeader(h.getKey(), h.getValue());
    }
    return request;
  }

  private <T> Page<T> fetchPage(GraphRequest request, JavaType itemType) {
    HttpResponse<InputStream> response = exchange(request, BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      if (response.statusCode() >= 300) {
        throw GraphErrors.fromResponse(
            request,
            response.statusCode(),
            body.readAllBytes(),
            response.headers().firstValue("request-id").orElse(null));
      }
      return parsePage(body, itemType);
    } catch (IOException e) {
      throw transientFailure(request, e);
    }
  }

  /** Reads a page item by item, so a 999-item page never becomes one big tree. */
  private <T> Page<T> parsePage(InputStream body, JavaType itemType) throws IOException {
    List<T> items = new ArrayList<>();
    String nextLink = null;
    String deltaLink = null;
    Long count = null;
    try (JsonParser parser = json.getFactory().createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT)
        throw new IOException("Graph page is not a JSON object");
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (field) {
          case "value" -> {
            if (value != JsonToken.START_ARRAY)
              throw new IOException("Graph page's value is not an array");
            while (parser.nextToken() != JsonToken.END_ARRAY)
              items.add(json.readValue(parser, itemType));
          }
          case "@odata.nextLink" -> nextLink = parser.getText();
          case "@odata.deltaLink" -> deltaLink = parser.getText();
          case "@odata.count" -> count = parser.getLongValue();
          default -> parser.skipChildren();
        }
      }
    }
    return new Page<>(items, nextLink, deltaLink, count);
  }

  /**
   * Sends requests in $batch calls of 20. Results come back in the order of {@code requests}; items
   * Graph throttled individually are retried on their own after their Retry-After.
   */
  public List<BatchResult> batch(List<GraphRequest> requests) {
    BatchResult[] results = new BatchResult[requests.size()];
    for (int start = 0; start < requests.size(); start += BATCH_LIMIT) {
      int end = Math.min(start + BATCH_LIMIT, requests.size());
      batchChunk(requests, start, end, results);
    }
    return List.of(results);
  }

  private void batchChunk(List<GraphRequest> requests, int start, int end, BatchResult[] results) {
    Instant deadline = clock.instant().plus(options.deadline());
    List<Integer> pending = new ArrayList<>();
    for (int i = start; i < end; i++) pending.add(i);
    Replication replication = new Replication(requests.get(start));
    for (int attempt = 1; !pending.isEmpty(); attempt++) {
      Map<String, Object> body =
          Map.of("requests", pending.stream().map(i -> batchItem(i, requests.get(i))).toList());
      String operation = requests.get(pending.get(0)).operation();
      GraphRequest call = GraphRequest.post(GraphPath.of("$batch"), body).forOperation(operation);
      if (pending.stream().allMatch(i -> requests.get(i).idempotent())) call = call.repeatable();
      JsonNode answer = send(call).body();
      List<Integer> throttled = new ArrayList<>();
      List<Integer> replicating = new ArrayList<>();
      Duration wait = Duration.ZERO;
      for (JsonNode item : answer.path("responses")) {
        int index = Integer.parseInt(item.path("id").asText());
        BatchResult result = BatchResult.of(requests.get(index), item);
        results[index] = result;
        listener.onResponse(
            requests.get(index).operation(), requests.get(index).method().name(), result.status());
        if (result.status() == 429) {
          throttled.add(index);
          Duration itemWait =
              retryAfter(item.path("headers").path("Retry-After").asText(null), clock.instant())
                  .orElse(backoff(attempt));
          if (itemWait.compareTo(wait) > 0) wait = itemWait;
        } else if (!result.ok()
            && requests.get(index).awaitsReplication()
            && GraphErrors.mayBeReplicating(result.error())) {
          replicating.add(index);
        }
      }
      if (throttled.isEmpty()) {
        Duration replicationWait =
            replicating.isEmpty()
                ? null
                : replication.next(
                    "$batch: "
                        + replicating.size()
                        + " item(s) answered "
                        + results[replicating.get(0)].status());
        if (replicationWait == null) return;
        pause(replicationWait);
        pending = replicating;
        continue;
      }
      if (attempt >= options.maxAttempts() || clock.instant().plus(wait).isAfter(deadline)) return;
      LOG.debug(
          "$batch: {} of {} items throttled, retrying them in {} ms",
          throttled.size(),
          pending.size(),
          wait.toMillis());
      listener.onRetry(operation, 429, wait);
      pause(wait);
      throttled.addAll(replicating);
      throttled.sort(null);
      pending = throttled;
    }
  }

  private Map<String, Object> batchItem(int index, GraphRequest request) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("id", String.valueOf(index));
    item.put("method", request.method().name());
    item.put("url", "/" + request.pathAndQuery());
    Map<String, String> headers = new LinkedHashMap<>(request.headers());
    if (request.body() != null) {
      headers.put("Content-Type", "application/json");
      item.put("body", request.body());
    }
    if (!headers.isEmpty()) item.put("headers", headers);
    return item;
  }

  /** The retry loop every request goes through. Returns the last answer, successful or not. */
  private <B> HttpResponse<B> exchange(GraphRequest request, BodyHandler<B> handler) {
    Instant deadline = clock.instant().plus(options.deadline());
    AccessToken token = token(request);
    boolean refreshed = false;
    for (int attempt = 1; ; attempt++) {
      if (background) pause(gauge.slowdown(options.initialBackoff()));
      HttpResponse<B> response;
      try {
        response = http.send(build(request, token), handler);
      } catch (IOException e) {
        if (e instanceof SSLException && MsalTokenProvider.isCertificateProblem(e))
          throw tlsFailure(e);
        Duration wait = backoff(attempt);
        boolean notSent = e instanceof ConnectException || e instanceof HttpConnectTimeoutException;
        if (!request.idempotent() && !notSent) throw outcomeUnknown(request, 0, e.toString());
        if (attempt >= options.maxAttempts() || clock.instant().plus(wait).isAfter(deadline)) {
          throw transientFailure(request, e);
        }
        LOG.debug(
            "{} failed ({}), attempt {} of {}, retrying in {} ms",
            describe(request),
            e.toString(),
            attempt,
            options.maxAttempts(),
            wait.toMillis());
        listener.onRetry(request.operation(), 0, wait);
        pause(wait);
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw transientFailure(request, new IOException("interrupted", e));
      }
      int status = response.statusCode();
      listener.onResponse(request.operation(), request.method().name(), status);
      gauge.observe(response.headers().firstValue("x-ms-throttle-limit-percentage"));
      if (status == 401 && !refreshed) {
        discard(response);
        token = refresh(request, token);
        refreshed = true;
        attempt--; // a refreshed token is not a retry of a failure
        continue;
      }
      if (status != 429 && status != 503 && status != 504) return response;
      // Only a 429 proves Graph did not apply the request; a 503 or 504 may hide a write that
      // succeeded.
      if (status != 429 && !request.idempotent()) return response;
      Duration wait =
          retryAfter(response.headers().firstValue("Retry-After").orElse(null), clock.instant())
              .orElse(backoff(attempt));
      if (attempt >= options.maxAttempts() || clock.instant().plus(wait).isAfter(deadline)) {
        LOG.debug(
            "{} answered {} after {} attempts; giving up (request-id {})",
            describe(request),
            status,
            attempt,
            response.headers().firstValue("request-id").orElse("-"));
        return response;
      }
      LOG.debug(
          "{} answered {} (request-id {}), attempt {} of {}, retrying in {} ms",
          describe(request),
          status,
          response.headers().firstValue("request-id").orElse("-"),
          attempt,
          options.maxAttempts(),
          wait.toMillis());
      discard(response);
      listener.onRetry(request.operation(), status, wait);
      pause(wait);
    }
  }

  private HttpRequest build(GraphRequest request, AccessToken token) {
    URI uri = versionRoot.resolve(request.pathAndQuery());
    if (!uri.toString().startsWith(versionRoot.toString())) {
      // Last line of defence for raw paths: the token goes to this connection's Graph API version
      // only.
      throw GraphException.invalidInput(
          "The request path "
              + describe(request)
              + " resolves outside "
              + versionRoot
              + "; it was not sent.");
    }
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri)
            .timeout(readTimeout)
            .header("Authorization", "Bearer " + token.value())
            .header("Accept", "application/json")
            .header("User-Agent", USER_AGENT)
            .header("client-request-id", requestId().toString());
    if (background) builder.header("x-ms-throttle-priority", "low");
    request.headers().forEach(builder::header);
    if (request.body() == null) {
      builder.method(request.method().name(), HttpRequest.BodyPublishers.noBody());
    } else {
      builder
          .header("Content-Type", "application/json")
          .method(
              request.method().name(),
              HttpRequest.BodyPublishers.ofByteArray(write(request.body())));
    }
    return builder.build();
  }

  /**
   * A random (version 4) UUID for client-request-id, which only needs to be unique: drawn from
   * ThreadLocalRandom rather than the shared SecureRandom that {@link UUID#randomUUID()} locks.
   */
  private static UUID requestId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
    return new UUID(high, low);
  }

  private AccessToken token(GraphRequest request) {
    try {
      return tokens.token();
    } catch (TokenAcquisitionException e) {
      throw GraphException.noToken(e);
    }
  }

  private AccessToken refresh(GraphRequest request, AccessToken rejected) {
    try {
      LOG.debug("{} answered 401; refreshing the token once", describe(request));
      return tokens.refresh(rejected);
    } catch (TokenAcquisitionException e) {
      throw GraphException.noToken(e);
    }
  }

  private GraphException tlsFailure(IOException e) {
    return GraphException.authentication(
        "TLS connection to "
            + origin.getAuthority()
            + " failed: "
            + e.getMessage()
            + ". Fix: "
            + Diagnosis.TLS_UNTRUSTED.fix(),
        e);
  }

  private GraphException transientFailure(GraphRequest request, IOException e) {
    return GraphException.transientFailure(
        describe(request) + " to " + origin.getAuthority() + " failed: " + e, e);
  }

  private GraphException outcomeUnknown(GraphRequest request, int status, String what) {
    return GraphException.outcomeUnknown(
        status,
        describe(request)
            + " to "
            + origin.getAuthority()
            + " failed ("
            + what
            + ") after it may have reached Graph, so Graph may have applied"
            + " it; it was not repeated.");
  }

  private static String describe(GraphRequest request) {
    String pq = request.pathAndQuery();
    int q = pq.indexOf('?');
    return request.method() + " /" + (q < 0 ? pq : pq.substring(0, q));
  }

  /**
   * Retry-After as Graph sends it: seconds (decimals allowed) or an HTTP date, which is read
   * against {@code now}.
   */
  static Optional<Duration> retryAfter(String header, Instant now) {
    if (header == null || header.isBlank()) return Optional.empty();
    try {
      double seconds = Double.parseDouble(header.trim());
      return seconds < 0
          ? Optional.empty()
          : Optional.of(Duration.ofMillis((long) Math.ceil(seconds * 1000)));
    } catch (NumberFormatException notANumber) {
      try {
        Duration until =
            Duration.between(
                now, ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
        return Optional.of(until.isNegative() ? Duration.ZERO : until);
      } catch (DateTimeParseException notADate) {
        return Optional.empty();
      }
    }
  }

  /** Exponential backoff with full jitter in the upper half: initial * 2^(attempt-1), capped. */
  private Duration backoff(int attempt) {
    long base = options.initialBackoff().toMillis() << Math.min(attempt - 1, 16);
    long capped = Math.min(base, options.maxBackoff().toMillis());
    return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
  }

  private void pause(Duration wait) {
    if (wait.isZero() || wait.isNegative()) return;
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw GraphException.transientFailure("Interrupted while waiting to retry", e);
    }
  }

  private static <B> void discard(HttpResponse<B> response) {
    if (response.body() instanceof InputStream in) {
      try {
        in.close();
      } catch (IOException ignored) {
        // the connection is dropped either way
      }
    }
  }

  private byte[] write(Object body) {
    try {
      return json.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonNode readTree(byte[] body) {
    try {
      return body.length == 0 ? json.missingNode() : json.readTree(body);
    } catch (IOException e) {
      throw GraphException.transientFailure(
          "Graph answered with invalid JSON: " + e.getMessage(), e);
    }
  }
}
