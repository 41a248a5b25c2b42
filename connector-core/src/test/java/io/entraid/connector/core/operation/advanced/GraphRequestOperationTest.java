package io.entraid.connector.core.operation.advanced;

import static org.assertj.core.api.Assertions.assertThat;

import io.entraid.connector.core.graph.GraphErrorCategory;
import io.entraid.connector.core.graph.GraphException;
import io.entraid.connector.core.operation.EmulatorFixture;
import io.entraid.emulator.Group;
import io.entraid.emulator.RecordedRequest;
import io.entraid.emulator.User;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GraphRequestOperationTest {
  static EmulatorFixture fixture;

  @BeforeAll
  static void start() {
    fixture = new EmulatorFixture(30, 5);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  static User anyUser() {
    return fixture.emulator().directory().users().get(3);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> call(Map<String, ?> inputs) {
    return (Map<String, Object>) fixture.run("graphRequest", inputs).result();
  }

  static final List<String> HOSTILE_PATHS =
      List.of(
          "../me",
          "..",
          "./users",
          "users/./x",
          "users/x/../../me",
          "users/..",
          "%2e%2e/x",
          "%2E%2E/me",
          ".%2e/x",
          "users/%2e%2e/%2e%2e/me",
          "users%2f..%2fme",
          "users/%2Fme",
          "users/%5c..%5cme",
          "users/%252e%252e/me",
          "https://evil.example/x",
          "http://evil.example/x",
          "https:evil.example/x",
          "//evil.example/x",
          "///evil.example",
          "\\\\evil.example\\x",
          "users\\..\\x",
          "/v1.0/users",
          "v1.0/users",
          "/beta/users",
          "BETA/users",
          "%76%31.%30/users",
          "users/\u0000",
          "users\r\nHost: evil.example",
          "users/\tx",
          "users/\u007f",
          "users/\u0085",
          "users?$select=id",
          "users#x",
          "users//me",
          "users/%zz",
          "users/%",
          "users/ x",
          "mailto:x@evil.example",
          "x".repeat(10_240));

  @Test
  void hostilePathsAreRefusedWithoutSendingAnything() {
    for (String path : HOSTILE_PATHS) {
      GraphException e =
          fixture.failure(GraphErrorCategory.INVALID_INPUT, "graphRequest", Map.of("path", path));
      assertThat(e.getMessage()).as(path).contains("Input 'path' of graphRequest");
      assertThat(fixture.graphRequests()).as(path).isEmpty();
    }
  }

  @Test
  void controlCharactersInTheQueryAreRefused() {
    for (String query : List.of("$select=id\r\nX-Evil: 1", "$top=1\u0000", "$top=1\u0085")) {
      GraphException e =
          fixture.failure(
              GraphErrorCategory.INVALID_INPUT,
              "graphRequest",
              Map.of("path", "users", "query", query));
      assertThat(e.getMessage()).contains("Input 'query'");
      assertThat(fixture.graphRequests()).isEmpty();
    }
  }

  @Test
  void aGetReturnsTheBodyWithoutODataAnnotations() {
    User u = anyUser();
    Map<String, Object> result =
        call(Map.of("path", "/users/" + u.userPrincipalName(), "query", "$select=id,displayName"));
    assertThat(result).isEqualTo(Map.of("id", u.id(), "displayName", u.displayName()));
    List<RecordedRequest> requests = fixture.graphRequests();
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0).method()).isEqualTo("GET");
    assertThat(requests.get(0).path()).isEqualTo("/v1.0/users/" + u.userPrincipalName());
    assertThat(requests.get(0).rawQuery()).isEqualTo("$select=id,displayName");
  }

  @Test
  void spacesAndQuotesInTheQueryAreEncodedNotRefused() {
    User u = anyUser();
    Map<String, Object> result =
        call(
            Map.of(
                "path",
                "users",
                "query",
                "$filter=displayName eq '" + u.displayName().replace("'", "''") + "'&$select=id"));
    assertThat(result.get("value"))
        .asInstanceOf(InstanceOfAssertFactories.LIST)
        .contains(Map.of("id", u.id()));
    assertThat(fixture.graphRequests().get(0).rawQuery()).doesNotContain(" ");
  }

  @Test
  void collectionsFollowNextLinksUpToMaxPages() {
    Map<String, Object> result =
        call(Map.of("path", "users", "query", "$select=id&$top=5", "maxPages", 3));
    assertThat(result.get("value"))
        .asInstanceOf(InstanceOfAssertFactories.LIST)
        .hasSize(15)
        .doesNotHaveDuplicates();
    assertThat((String) result.get("nextLink"))
        .startsWith(fixture.emulator().graphEndpoint() + "/v1.0/users?");
    assertThat(fixture.graphRequests())
        .hasSize(3)
        .allSatisfy(r -> assertThat(r.path()).isEqualTo("/v1.0/users"));
  }

  @Test
  void aPostCreatesAndADeleteRemoves() {
    String nickname = "raw" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> created =
        call(
            Map.of(
                "method",
                "POST",
                "path",
                "groups",
                "body",
                Map.of(
                    "displayName",
                    "Raw " + nickname,
                    "mailNickname",
                    nickname,
                    "mailEnabled",
                    false,
                    "securityEnabled",
                    true)));
    String id = (String) created.get("id");
    Group g = fixture.emulator().directory().group(id).orElseThrow();
    assertThat(g.mailNickname()).isEqualTo(nickname);
    RecordedRequest post = fixture.graphRequests().get(0);
    assertThat(post.method() + " " + post.path()).isEqualTo("POST /v1.0/groups");
    assertThat(post.header("Content-Type")).startsWith("application/json");

    assertThat(call(Map.of("method", "DELETE", "path", "groups/" + id))).isEmpty();
    assertThat(fixture.emulator().directory().group(id)).isEmpty();
    assertThat(fixture.graphRequests())
        .extracting(r -> r.method() + " " + r.path())
        .containsExactly("DELETE /v1.0/groups/" + id);
  }

  @Test
  void allowedHeadersAreSentAndAPlainNumberBecomesValue() {
    Map<String, Object> result =
        call(Map.of("path", "users/$count", "headers", Map.of("consistencylevel", "eventual")));
    assertThat(result).isEqualTo(Map.of("value", fixture.emulator().directory().userCount()));
    assertThat(fixture.graphRequests().get(0).header("ConsistencyLevel")).isEqualTo("eventual");
  }

  @Test
  void otherHeadersAreRefused() {
    for (Map<String, Object> headers :
        List.of(
            Map.<String, Object>of("Authorization", "Bearer x"),
            Map.<String, Object>of("Host", "evil.example"),
            Map.<String, Object>of("Prefer", "a\r\nb: c"))) {
      GraphException e =
          fixture.failure(
              GraphErrorCategory.INVALID_INPUT,
              "graphRequest",
              Map.of("path", "users", "headers", headers));
      assertThat(e.getMessage()).contains("Input 'headers'");
      assertThat(fixture.graphRequests()).isEmpty();
    }
  }

  @Test
  void aBodyOnGetAndMaxPagesOutOfRangeAreRefused() {
    assertThat(
            fixture
                .failure(
                    GraphErrorCategory.INVALID_INPUT,
                    "graphRequest",
                    Map.of("path", "users", "body", Map.of("a", 1)))
                .getMessage())
        .contains("Input 'body'");
    Map<String, Object> inputs = new HashMap<>(Map.of("path", "users", "maxPages", 101));
    assertThat(
            fixture.failure(GraphErrorCategory.INVALID_INPUT, "graphRequest", inputs).getMessage())
        .contains("Input 'maxPages'");
    assertThat(
            fixture
                .failure(
                    GraphErrorCategory.INVALID_INPUT,
                    "graphRequest",
                    Map.of("method", "TRACE", "path", "users"))
                .getMessage())
        .contains("Input 'method'");
    assertThat(fixture.graphRequests()).isEmpty();
  }

  @Test
  void graphErrorsKeepTheirCategory() {
    GraphException e =
        fixture.failure(
            GraphErrorCategory.NOT_FOUND,
            "graphRequest",
            Map.of("path", "users/" + UUID.randomUUID()));
    assertThat(e.status()).isEqualTo(404);
  }

  @Test
  void aRefusedCallSaysThePermissionDependsOnTheCall() {
    GraphException e =
        fixture.failure(
            fixture.connectionWith("GroupMember.Read.All"),
            GraphErrorCategory.PERMISSION_DENIED,
            "graphRequest",
            Map.of("path", "users/" + anyUser().id()));
    assertThat(e.getMessage())
        .contains("graphRequest")
        .contains("Graph API reference")
        .contains("403");
  }
}
