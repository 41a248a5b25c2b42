package io.entraid.connector.core.operation.groups;

import static org.assertj.core.api.Assertions.assertThat;

import io.entraid.connector.core.graph.GraphErrorCategory;
import io.entraid.connector.core.graph.GraphException;
import io.entraid.connector.core.operation.EmulatorFixture;
import io.entraid.emulator.Group;
import io.entraid.emulator.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FindGroupsTest {
  static EmulatorFixture fixture;

  @BeforeAll
  static void start() {
    fixture = new EmulatorFixture(20, 5);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  static Group newGroup(String displayName, boolean unified) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("displayName", displayName);
    p.put("mailNickname", "n" + UUID.randomUUID().toString().substring(0, 8));
    p.put("mailEnabled", unified);
    p.put("securityEnabled", !unified);
    p.put("groupTypes", unified ? List.of("Unified") : List.of());
    return fixture.emulator().directory().createGroup(p);
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> find(Map<String, ?> inputs) {
    return (List<Map<String, Object>>) fixture.run("findGroups", inputs).result();
  }

  static String prefix() {
    return "P" + UUID.randomUUID().toString().substring(0, 8);
  }

  static String query(RecordedRequest r) {
    return URLDecoder.decode(r.rawQuery(), StandardCharsets.UTF_8);
  }

  @Test
  void byPrefixSendsOneBasicQuery() {
    String prefix = prefix();
    Group a = newGroup(prefix + " Alpha", false);
    Group b = newGroup(prefix + " Beta", true);
    newGroup("Other " + prefix, false);
    assertThat(find(Map.of("displayName", prefix)))
        .extracting(g -> g.get("id"))
        .containsExactlyInAnyOrder(a.id(), b.id());
    List<RecordedRequest> requests = fixture.httpRequests();
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0).path()).isEqualTo("/v1.0/groups");
    assertThat(query(requests.get(0)))
        .contains("$filter=startswith(displayName,'" + prefix + "')")
        .contains("$top=100");
    assertThat(requests.get(0).header("ConsistencyLevel")).isNull();
  }

  @Test
  void byTypeReturnsOnlyThatType() {
    String prefix = prefix();
    Group security = newGroup(prefix + " Sec", false);
    Group unified = newGroup(prefix + " M365", true);
    assertThat(find(Map.of("displayName", prefix, "type", "security")))
        .extracting(g -> g.get("id"))
        .containsExactly(security.id());
    assertThat(find(Map.of("displayName", prefix, "type", "Microsoft365")))
        .extracting(g -> g.get("id"))
        .containsExactly(unified.id());
    assertThat(query(fixture.httpRequests().get(0))).contains("groupTypes/any(c:c eq 'Unified')");
  }

  @Test
  void aQuoteInThePrefixStaysInsideTheLiteral() {
    String prefix = prefix() + " O'Brien";
    Group g = newGroup(prefix + " team", false);
    newGroup(prefix() + " other", false);
    assertThat(find(Map.of("displayName", prefix)))
        .extracting(m -> m.get("id"))
        .containsExactly(g.id());
    assertThat(query(fixture.httpRequests().get(0)))
        .contains("'" + prefix.replace("'", "''") + "'");
  }

  @Test
  void theLimitCapsTheResultAndThePageSize() {
    String prefix = prefix();
    for (int i = 0; i < 5; i++) newGroup(prefix + " " + i, false);
    assertThat(find(Map.of("displayName", prefix, "limit", 2, "properties", "id")))
        .hasSize(2)
        .allSatisfy(g -> assertThat(g).containsOnlyKeys("id"));
    assertThat(fixture.httpRequests()).hasSize(1);
    assertThat(query(fixture.httpRequests().get(0))).contains("$top=2");
  }

  @Test
  void aLimitOutOfRangeIsRefusedBeforeAnyRequest() {
    for (Object limit : List.of(0, 1001, "many")) {
      GraphException e =
          fixture.failure(GraphErrorCategory.INVALID_INPUT, "findGroups", Map.of("limit", limit));
      assertThat(e.getMessage()).contains("Input 'limit'");
      assertThat(fixture.httpRequests()).isEmpty();
    }
  }

  @Test
  void anUnknownTypeIsRefusedNamingTheChoices() {
    GraphException e =
        fixture.failure(
            GraphErrorCategory.INVALID_INPUT, "findGroups", Map.of("type", "distribution"));
    assertThat(e.getMessage())
        .contains("Input 'type'")
        .contains("security")
        .contains("microsoft365");
  }

  @Test
  void withoutGroupReadPermissionTheMessageNamesIt() {
    GraphException e =
        fixture.failure(
            fixture.connectionWith("User.Read.All"),
            GraphErrorCategory.PERMISSION_DENIED,
            "findGroups",
            Map.of("displayName", "x"));
    assertThat(e.getMessage()).contains("GroupMember.Read.All").contains("findGroups");
  }
}
