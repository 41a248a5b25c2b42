package io.entraid.connector.core.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.entraid.connector.core.connection.ConnectionDefinition;
import io.entraid.connector.core.connection.ConnectionOptions;
import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.connection.EntraIdConnectionType;
import io.entraid.emulator.AppRegistration;
import io.entraid.emulator.EntraEmulator;
import io.entraid.emulator.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Graph client against the emulator over HTTPS: paging, retries, token refresh, batching,
 * errors.
 */
class GraphClientTest {
  static final int USERS = 10_000;
  static EntraEmulator emulator;
  final List<Duration> waits = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    emulator = EntraEmulator.builder().users(USERS).groups(20).seed(7L).start();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @BeforeEach
  void clean() {
    emulator.faults().reset();
    emulator.clearRequests();
  }

  @AfterEach
  void resetFaults() {
    emulator.faults().reset();
  }

  static EntraConnection connect(
      String clientId, String secret, GraphClientOptions options, Duration readTimeout) {
    ConnectionDefinition definition =
        new ConnectionDefinition(
            "graph-test",
            "EntraID",
            Map.of(
                "TenantID",
                emulator.tenantId(),
                "ClientID",
                clientId,
                "ClientSecret",
                secret,
                "AuthorityHost",
                emulator.authorityHost(),
                "GraphEndpoint",
                emulator.graphEndpoint()));
    ConnectionOptions base =
        ConnectionOptions.DEFAULTS.withSslContext(emulator.sslContext()).withGraph(options);
    return EntraConnection.create(
        EntraIdConnectionType.validate(definition),
        new ConnectionOptions(
            base.sslContext(),
            base.connectTimeout(),
            readTimeout,
            base.clock(),
            options,
            base.listener()));
  }

  /**
   * A client that records the waits instead of sleeping: tests assert what it would wait, not how
   * long it took.
   */
  GraphClient client(GraphClientOptions options) {
    return connect(emulator.clientId(), emulator.clientSecret(), options, Duration.ofSeconds(30))
        .graph()
        .withSleeper(waits::add);
  }

  GraphClient client() {
    return client(GraphClientOptions.DEFAULTS);
  }

  static List<RecordedRequest> graphRequests(String pathPrefix) {
    return emulator.requests().stream()
        .filter(r -> r.path().startsWith("/v1.0/" + pathPrefix))
        .toList();
  }

  static String anyUserId() {
    return emulator.directory().users().get(0).id();
  }

  @Test
  void listingTenThousandUsersWithPagesOf999SendsElevenRequestsAndStreams() {
    GraphRequest first =
        GraphRequest.get(GraphPath.of("users"))
            .withQuery("$select", "id,userPrincipalName")
            .withQuery("$top", "999");
    long count;
    try (Stream<JsonNode> users = client().stream(first, JsonNode.class)) {
      count = users.filter(u -> u.hasNonNull("id") && u.hasNonNull("userPrincipalName")).count();
    }
    assertThat(count).isEqualTo(USERS);
    assertThat(graphRequests("users"))
        .hasSize(11)
        .allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
  }

  /**
   * Each request carries its own client-request-id, a GUID as Graph asks for
   * (https://learn.microsoft.com/graph/best-practices-concept#reliability-and-support).
   */
  @Test
  void everyRequestCarriesItsOwnVersionFourClientRequestId() {
    GraphClient graph = client();
    for (int i = 0; i < 3; i++)
      graph.send(GraphRequest.get(GraphPath.of("users").key(anyUserId())));
    List<UUID> ids =
        graphRequests("users").stream()
            .map(r -> UUID.fromString(r.header("client-request-id")))
            .toList();
    assertThat(ids).hasSize(3).doesNotHaveDuplicates();
    assertThat(ids)
        .allSatisfy(
            id -> {
              assertThat(id.version()).isEqualTo(4);
              assertThat(id.variant()).isEqualTo(2);
            });
  }

  @Test
  void pagesAreFetchedOnlyAsTheyAreConsumed() {
    GraphRequest first = GraphRequest.get(GraphPath.of("users")).withQuery("$top", "100");
    try (Stream<JsonNode> users = client().stream(first, JsonNode.class)) {
      assertThat(users.limit(150).count()).isEqualTo(150);
    }
    assertThat(graphRequests("users")).hasSize(2);
  }

  @Test
  void consistencyLevelIsResentOnEveryPage() {
    GraphRequest first =
        GraphRequest.get(GraphPath.of("users"))
            .withQuery("$count", "true")
            .withQuery("$top", "999")
            .eventualConsistency();
    var pages = client().pages(first, JsonNode.class);
    Long count = pages.next().count();
    while (pages.hasNext()) pages.next();
    assertThat(count).isEqualTo((long) USERS);
    assertThat(graphRequests("users"))
        .hasSize(11)
        .allSatisfy(r -> assertThat(r.header("ConsistencyLevel")).isEqualTo("eventual"));
  }

  @Test
  void transientErrorsAreRetried() {
    emulator.faults().failNext(1, 503, "/v1.0/users").failNext(1, 504, "/v1.0/users");
    GraphResponse response =
        client().send(GraphRequest.get(GraphPath.of("users").key(anyUserId())));
    assertThat(response.text("id")).contains(anyUserId());
    assertThat(graphRequests("users"))
        .extracting(RecordedRequest::status)
        .containsExactly(503, 504, 200);
    assertThat(waits).hasSize(2);
  }

  /** Backoff of milliseconds: a wait of a whole second can only come from Graph's Retry-After. */
  static final GraphClientOptions FAST_BACKOFF =
      new GraphClientOptions(
          6, Duration.ofMinutes(1), Duration.ofMillis(10), Duration.ofMillis(20));

  @Test
  void throttlingHonoursRetryAfter() {
    emulator.faults().failNext(2, 429, "/v1.0/users");
    client(FAST_BACKOFF).send(GraphRequest.get(GraphPath.of("users").key(anyUserId())));
    assertThat(graphRequests("users"))
        .extracting(RecordedRequest::status)
        .containsExactly(429, 429, 200);
    assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
  }

  @Test
  void throttlingPastTheAttemptBudgetIsThrottled() {
    emulator.faults().failNext(10, 429, "/v1.0/users");
    GraphClient client =
        client(
            new GraphClientOptions(
                3, Duration.ofMinutes(1), Duration.ofMillis(10), Duration.ofSeconds(1)));
    assertThatThrownBy(() -> client.send(GraphRequest.get(GraphPath.of("users").key(anyUserId()))))
        .isInstanceOfSatisfying(
            GraphException.class,
            e -> {
              assertThat(e.category()).isEqualTo(GraphErrorCategory.THROTTLED);
              assertThat(e.status()).isEqualTo(429);
              assertThat(e.getMessage()).contains("Graph answered 429");
            });
    assertThat(graphRequests("users")).hasSize(3);
  }

  @Test
  void aWaitThatWouldPassTheDeadlineIsNotStarted() {
    emulator.faults().failNext(5, 429, "/v1.0/users");
    GraphClient client =
        client(
            new GraphClientOptions(
                10, Duration.ofMillis(500), Duration.ofMillis(10), Duration.ofSeconds(60)));
    assertThatThrownBy(() -> client.send(GraphRequest.get(GraphPath.of("users").key(anyUserId()))))
        .isInstanceOfSatisfying(
            GraphException.class,
            e -> assertThat(e.category()).isEqualTo(GraphErrorCategory.THROTTLED));
    assertThat(graphRequests("users")).hasSize(1);
    assertThat(waits).isEmpty();
  }

  @Test
  void a401RefreshesTheTokenOnceAndRetriesOnce() {
    AppRegistration app =
        emulator.registerApp("refresh-" + UUID.randomUUID(), Set.of("User.Read.All"));
    GraphClient client =
        connect(
                app.clientId(),
                app.secret().value(),
                GraphClientOptions.DEFAULTS,
                Duration.ofSeconds(30))
            .graph();
    client.send(GraphRequest.get(GraphPath.of("users").key(anyUserId())));
    emulator.faults().failNext(1, 401, "/v1.0/users");
    client.send(GraphRequest.get(GraphPath.of("users").key(anyUserId())));
    assertThat(emulator.tokenRequestCount(app.clientId())).isEqualTo(2);
    assertThat(graphRequests("users"))
        .extracting(RecordedRequest::status)
        .containsExactly(200, 401, 200);
  }

  @Test
  void aSecond401IsAnAuthenticationFailure() {
    AppRegistration app =
        emulator.registerApp("twice-" + UUID.randomUUID(), Set.of("User.Read.All"));
    GraphClient client =
        connect(
                app.clientId(),
                app.secret().value(),
                GraphClientOptions.DEFAULTS,
                Duration.ofSeconds(30))
            .graph();
    emulator.faults().failNext(2, 401, "/v1.0/users");
    assertThatThrownBy(() -> client.send(GraphRequest.get(GraphPath.of("users").key(anyUserId()))))
        .isInstanceOfSatisfying(
            GraphException.class,
            e -> assertThat(e.category()).isEqualTo(GraphErrorCategory.AUTHENTICATION));
    assertThat(emulator.tokenRequestCount(app.clientId())).isEqualTo(2);
    assertThat(graphRequests("users")).hasSize(2);
  }

  @Test
  void aHangingRequestTimesOutAndAGetIsRetried() {
    emulator.faults().hangNext(1, "/v1.0/users");
    GraphClient client =
        connect(
                emulator.clientId(),
                emulator.clientSecret(),
                GraphClientOptions.DEFAULTS,
                Duration.ofMillis(500))
            .graph()
            .withSleeper(waits::add);
    assertThat(client.send(GraphRequest.get(GraphPath.of("users").key(anyUserId()))).status())
        .isEqualTo(200);
    assertThat(waits).hasSize(1);
  }

  @Test
  void aHangingPostIsNotRepeatedAndItsOutcomeIsUnknown() {
    emulator.faults().hangNext(1, "/v1.0/users");
    GraphClient client =
        connect(
                emulator.clientId(),
                emulator.clientSecret(),
                GraphClientOptions.DEFAULTS,
                Duration.ofMillis(500))
            .graph()
            .withSleeper(waits::add);
    GraphRequest post =
        GraphRequest.post(
            GraphPath.of("users").key(anyUserId()).segments("checkMemberGroups"),
            Map.of("groupIds", List.of()));
    assertThatThrownBy(() -> client.send(post))
        .isInstanceOfSatisfying(
            GraphException.class,
            e -> assertThat(e.category()).isEqualTo(GraphErrorCategory.OUTCOME_UNKNOWN));
    assertThat(waits).isEmpty();
  }

  @Test
  void notFoundCarriesGraphsCodeAndRequestId() {
    String missing = UUID.randomUUID().toString();
    assertThatThrownBy(() -> client().send(GraphRequest.get(GraphPath.of("users").key(missing))))
        .isInstanceOfSatisfying(
            GraphException.class,
            e -> {
              assertThat(e.category()).isEqualTo(GraphErrorCategory.NOT_FOUND);
              assertThat(e.status()).isEqualTo(404);
              assertThat(e.code()).isEqualTo("Request_ResourceNotFound");
              assertThat(e.requestId()).isNotBlank();
              assertThat(e.getMessage())
                  .contains("GET /users/" + missing, "request-id " + e.requestId());
            });
  }

  @Test
  void missingPermissionIsPermissionDenied() {
    AppRegistration app =
        emulator.registerApp("weak-" + UUID.randomUUID(), Set.of("GroupMember.Read.All"));
    GraphClient client =
        connect(
                app.clientId(),
                app.secret().value(),
                GraphClientOptions.DEFAULTS,
                Duration.ofSeconds(30))
            .graph();
    assertThatThrownBy(() -> client.send(GraphRequest.get(GraphPath.of("users").key(anyUserId()))))
        .isInstanceOfSatisfying(
            GraphException.class,
            e -> {
              assertThat(e.category()).isEqualTo(GraphErrorCategory.PERMISSION_DENIED);
              assertThat(e.code()).isEqualTo("Authorization_RequestDenied");
            });
  }

  @Test
  void batchesTwentyPerCallInOrderAndRetriesOnlyThrottledItems() {
    List<String> ids = emulator.directory().users().stream().limit(45).map(u -> u.id()).toList();
    List<GraphRequest> requests = new ArrayList<>();
    ids.forEach(
        id ->
            requests.add(
                GraphRequest.get(GraphPath.of("users").key(id)).withQuery("$select", "id")));
    emulator.faults().throttlePercent(30);
    List<BatchResult> results = client().batch(requests);
    assertThat(results).hasSize(45).allSatisfy(r -> assertThat(r.ok()).isTrue());
    assertThat(results)
        .extracting(r -> r.body().path("id").asText())
        .containsExactlyElementsOf(ids);
    List<RecordedRequest> batches = graphRequests("$batch");
    long throttledItems = emulator.requests().stream().filter(r -> r.status() == 429).count();
    assertThat(batches.size()).isGreaterThanOrEqualTo(3);
    assertThat(throttledItems).isPositive();
    assertThat(waits).hasSize(batches.size() - 3);
  }

  @Test
  void batchItemFailuresAreReportedPerItem() {
    String missing = UUID.randomUUID().toString();
    List<BatchResult> results =
        client()
            .batch(
                List.of(
                    GraphRequest.get(GraphPath.of("users").key(anyUserId())),
                    GraphRequest.get(GraphPath.of("users").key(missing))));
    assertThat(results.get(0).ok()).isTrue();
    assertThat(results.get(1).ok()).isFalse();
    assertThat(results.get(1).status()).isEqualTo(404);
    assertThat(results.get(1).error().category()).isEqualTo(GraphErrorCategory.NOT_FOUND);
  }

  @Test
  void backgroundRequestsAskForLowPriority() {
    client().background().send(GraphRequest.get(GraphPath.of("users").key(anyUserId())));
    client().send(GraphRequest.get(GraphPath.of("users").key(anyUserId())));
    assertThat(graphRequests("users"))
        .extracting(r -> r.header("x-ms-throttle-priority"))
        .containsExactly("low", null);
  }

  @Test
  void linksToAnotherHostAreNeverFollowed() {
    GraphRequest template = GraphRequest.get(GraphPath.of("users"));
    assertThatThrownBy(
            () -> client().followLink(template, "https://evil.example/v1.0/users?$skiptoken=x"))
        .isInstanceOf(GraphException.class)
        .hasMessageContaining("does not send its token anywhere else");
    assertThat(
            client()
                .followLink(template, emulator.graphEndpoint() + "/v1.0/users?$skiptoken=abc")
                .pathAndQuery())
        .isEqualTo("users?$skiptoken=abc");
  }

  @Test
  void concurrentCallsShareOneToken() {
    AppRegistration app =
        emulator.registerApp("parallel-" + UUID.randomUUID(), Set.of("User.Read.All"));
    GraphClient client =
        connect(
                app.clientId(),
                app.secret().value(),
                GraphClientOptions.DEFAULTS,
                Duration.ofSeconds(30))
            .graph();
    IntStream.range(0, 40)
        .parallel()
        .forEach(i -> client.send(GraphRequest.get(GraphPath.of("users").key(anyUserId()))));
    assertThat(emulator.tokenRequestCount(app.clientId())).isEqualTo(1);
  }

  /**
   * Only a 429 proves a POST was not applied; a 504 may hide a create that succeeded, so it is not
   * repeated.
   */
  @Test
  void a504ToAPostIsNotRepeatedAndItsOutcomeIsUnknown() {
    emulator.faults().failNext(1, 504, "/v1.0/groups");
    GraphRequest post =
        GraphRequest.post(
            GraphPath.of("groups"),
            Map.of(
                "displayName",
                "x",
                "mailEnabled",
                false,
                "mailNickname",
                "x",
                "securityEnabled",
                true));
    assertThatThrownBy(() -> client().send(post))
        .isInstanceOfSatisfying(
            GraphException.class,
            e -> {
              assertThat(e.category()).isEqualTo(GraphErrorCategory.OUTCOME_UNKNOWN);
              assertThat(e.status()).isEqualTo(504);
              assertThat(e.getMessage()).contains("may have applied it; it was not repeated");
            });
    assertThat(graphRequests("groups")).extracting(RecordedRequest::status).containsExactly(504);
    assertThat(waits).isEmpty();
  }

  @Test
  void a429ToAPostIsRetriedBecauseGraphDidNotApplyIt() {
    emulator.faults().failNext(1, 429, "/v1.0/users");
    GraphRequest post =
        GraphRequest.post(
            GraphPath.of("users").key(anyUserId()).segments("checkMemberGroups"),
            Map.of("groupIds", List.of()));
    assertThat(client(FAST_BACKOFF).send(post).status()).isEqualTo(200);
    assertThat(graphRequests("users"))
        .extracting(RecordedRequest::status)
        .containsExactly(429, 200);
  }

  @Test
  void aPostMarkedRepeatableIsRetriedAfterA503() {
    emulator.faults().failNext(1, 503, "/v1.0/users");
    GraphRequest post =
        GraphRequest.post(
                GraphPath.of("users").key(anyUserId()).segments("checkMemberGroups"),
                Map.of("groupIds", List.of()))
            .repeatable();
    assertThat(client(FAST_BACKOFF).send(post).status()).isEqualTo(200);
    assertThat(graphRequests("users"))
        .extracting(RecordedRequest::status)
        .containsExactly(503, 200);
  }

  /** concepts/throttling.md shows "Retry-After: 2.128": the wait is 2,128 ms, not 2 or 3 s. */
  @Test
  void aFractionalRetryAfterIsHonoured() {
    emulator.faults().failNext(1, 429, "/v1.0/users").retryAfterSeconds(2.128);
    client(FAST_BACKOFF).send(GraphRequest.get(GraphPath.of("users").key(anyUserId())));
    assertThat(waits).containsExactly(Duration.ofMillis(2128));
  }

  /**
   * A request that names a possibly new object retries "does not exist" for the replication window,
   * then gives up.
   */
  @Test
  void aNotFoundIsRetriedForTheReplicationWindowOnlyWhenTheRequestAwaitsReplication() {
    String missing = UUID.randomUUID().toString();
    GraphClient client =
        client(GraphClientOptions.DEFAULTS.withReplicationWindow(Duration.ofSeconds(4)));
    assertThatThrownBy(() -> client.send(GraphRequest.get(GraphPath.of("users").key(missing))))
        .isInstanceOfSatisfying(
            GraphException.class,
            e -> assertThat(e.category()).isEqualTo(GraphErrorCategory.NOT_FOUND));
    assertThat(waits).isEmpty();
    assertThatThrownBy(
            () ->
                client.send(
                    GraphRequest.get(GraphPath.of("users").key(missing)).awaitingReplication()))
        .isInstanceOfSatisfying(
            GraphException.class,
            e -> assertThat(e.category()).isEqualTo(GraphErrorCategory.NOT_FOUND));
    assertThat(waits)
        .as("0.5 + 1 + 2 s fit into 4 s, 4 s more would not")
        .containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(graphRequests("users")).hasSize(1 + 4);
  }

  /**
   * A non-GUID group id answers 400 "Invalid object identifier", not 404: the client reads it as
   * invalid input, never as "already gone".
   */
  @Test
  void aNonGuidIdIsInvalidInputNotNotFound() {
    assertThatThrownBy(
            () -> client().send(GraphRequest.delete(GraphPath.of("groups").key("not-a-guid"))))
        .isInstanceOfSatisfying(
            GraphException.class,
            e -> {
              assertThat(e.category()).isEqualTo(GraphErrorCategory.INVALID_INPUT);
              assertThat(e.getMessage()).contains("Invalid object identifier");
            });
  }
}
