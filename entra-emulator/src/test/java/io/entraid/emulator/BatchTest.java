package io.entraid.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BatchTest {
  static EntraEmulator emu;
  static TestClient graph;

  @BeforeAll
  static void start() {
    emu = EntraEmulator.builder().users(30).groups(5).seed(4L).start();
    graph = new TestClient(emu).withToken();
  }

  @AfterAll
  static void stop() {
    emu.close();
  }

  @AfterEach
  void reset() {
    emu.faults().reset();
  }

  static Map<String, JsonNode> byId(TestClient.Response r) {
    Map<String, JsonNode> m = new HashMap<>();
    r.json().path("responses").forEach(x -> m.put(x.path("id").asText(), x));
    return m;
  }

  @Test
  void runsItemsThroughTheSameHandlers() {
    User u = emu.directory().users().get(0);
    Group g = emu.directory().createGroup("Batch target");
    emu.clearRequests();
    String body =
        "{\"requests\":["
            + "{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/users/"
            + u.id()
            + "?$select=id,displayName\"},"
            + "{\"id\":\"2\",\"method\":\"POST\",\"url\":\"/groups/"
            + g.id()
            + "/members/$ref\",\"headers\":{\"Content-Type\":\"application/json\"},"
            + "\"body\":{\"@odata.id\":\"https://graph.microsoft.com/v1.0/directoryObjects/"
            + u.id()
            + "\"}},"
            + "{\"id\":\"3\",\"method\":\"GET\",\"url\":\"users/00000000-0000-4000-8000-000000000009\"},"
            + "{\"id\":\"4\",\"method\":\"GET\",\"url\":\"/users/$count\",\"headers\":{\"ConsistencyLevel\":\"eventual\"}}]}";
    TestClient.Response r = graph.post("/v1.0/$batch", body);
    assertThat(r.status()).isEqualTo(200);
    Map<String, JsonNode> items = byId(r);
    assertThat(items.get("1").path("status").asInt()).isEqualTo(200);
    assertThat(items.get("1").path("body").path("displayName").asText()).isEqualTo(u.displayName());
    assertThat(items.get("1").path("headers").path("Content-Type").asText())
        .startsWith("application/json");
    assertThat(items.get("2").path("status").asInt()).isEqualTo(204);
    assertThat(items.get("2").has("body")).isFalse();
    assertThat(items.get("3").path("status").asInt()).isEqualTo(404);
    assertThat(items.get("3").path("body").path("error").path("code").asText())
        .isEqualTo("Request_ResourceNotFound");
    assertThat(items.get("4").path("body").asText())
        .isEqualTo(Integer.toString(emu.directory().userCount()));
    assertThat(emu.directory().memberIds(g.id())).containsExactly(u.id());
    List<RecordedRequest> recorded = emu.requests();
    assertThat(recorded.stream().filter(RecordedRequest::batchItem).count()).isEqualTo(4);
    assertThat(
            recorded.stream()
                .filter(x -> x.path().equals("/v1.0/$batch") && !x.batchItem())
                .count())
        .isEqualTo(1);
    assertThat(recorded.stream().filter(RecordedRequest::batchItem).map(RecordedRequest::path))
        .contains("/v1.0/users/" + u.id(), "/v1.0/groups/" + g.id() + "/members/$ref");
  }

  @Test
  void failedDependencyIs424() {
    String body =
        "{\"requests\":["
            + "{\"id\":\"a\",\"method\":\"GET\",\"url\":\"/users/nobody@"
            + emu.tenantDomain()
            + "\"},"
            + "{\"id\":\"b\",\"method\":\"GET\",\"url\":\"/users\",\"dependsOn\":[\"a\"]}]}";
    Map<String, JsonNode> items = byId(graph.post("/v1.0/$batch", body));
    assertThat(items.get("a").path("status").asInt()).isEqualTo(404);
    assertThat(items.get("b").path("status").asInt()).isEqualTo(424);
  }

  @Test
  void malformedBatchesAre400() {
    StringBuilder many = new StringBuilder("{\"requests\":[");
    for (int i = 0; i < 21; i++) {
      many.append(i == 0 ? "" : ",")
          .append("{\"id\":\"")
          .append(i)
          .append("\",\"method\":\"GET\",\"url\":\"/users\"}");
    }
    TestClient.Response tooMany = graph.post("/v1.0/$batch", many.append("]}").toString());
    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.errorCode()).isEqualTo("BadRequest");
    TestClient.Response dupIds =
        graph.post(
            "/v1.0/$batch",
            "{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/users\"},"
                + "{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/groups\"}]}");
    assertThat(dupIds.status()).isEqualTo(400);
    assertThat(graph.post("/v1.0/$batch", "{\"nope\":1}").status()).isEqualTo(400);
    TestClient.Response absolute =
        graph.post(
            "/v1.0/$batch",
            "{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":\""
                + emu.graphEndpoint()
                + "/v1.0/users\"}]}");
    assertThat(byId(absolute).get("1").path("status").asInt()).isEqualTo(400);
  }

  @Test
  void itemsAreThrottledIndividually() {
    emu.faults().failNext(1, 429, "/v1.0/users/");
    String body =
        "{\"requests\":["
            + "{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/users/"
            + emu.directory().users().get(0).id()
            + "\"},"
            + "{\"id\":\"2\",\"method\":\"GET\",\"url\":\"/users/"
            + emu.directory().users().get(1).id()
            + "\"}]}";
    Map<String, JsonNode> items = byId(graph.post("/v1.0/$batch", body));
    assertThat(items.get("1").path("status").asInt()).isEqualTo(429);
    assertThat(items.get("1").path("headers").path("Retry-After").asText()).isEqualTo("1");
    assertThat(items.get("1").path("body").path("error").path("code").asText())
        .isEqualTo("TooManyRequests");
    assertThat(items.get("2").path("status").asInt()).isEqualTo(200);
  }

  @Test
  void itemsNeedContentTypeWithBody() {
    Group g = emu.directory().createGroup("CT check");
    String body =
        "{\"requests\":[{\"id\":\"1\",\"method\":\"PATCH\",\"url\":\"/groups/"
            + g.id()
            + "\",\"body\":{\"description\":\"x\"}}]}";
    assertThat(byId(graph.post("/v1.0/$batch", body)).get("1").path("status").asInt())
        .isEqualTo(400);
  }
}
