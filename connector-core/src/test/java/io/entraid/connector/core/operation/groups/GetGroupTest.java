package io.entraid.connector.core.operation.groups;

import static org.assertj.core.api.Assertions.assertThat;

import io.entraid.connector.core.graph.GraphErrorCategory;
import io.entraid.connector.core.graph.GraphException;
import io.entraid.connector.core.operation.EmulatorFixture;
import io.entraid.emulator.Group;
import io.entraid.emulator.RecordedRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GetGroupTest {
  static EmulatorFixture fixture;

  @BeforeAll
  static void start() {
    fixture = new EmulatorFixture(20, 5);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  static Group newGroup(String displayName, String nickname) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("displayName", displayName);
    p.put("mailNickname", nickname);
    p.put("mailEnabled", false);
    p.put("securityEnabled", true);
    p.put("description", "for tests");
    return fixture.emulator().directory().createGroup(p);
  }

  static String unique() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> result(String operation, Map<String, ?> inputs) {
    return (Map<String, Object>) fixture.run(operation, inputs).result();
  }

  @Test
  void byObjectIdSendsOneRequestWithTheDefaultSelect() {
    Group g = newGroup("Finance " + unique(), "fin" + unique());
    Map<String, Object> group = result("getGroup", Map.of("group", g.id()));
    assertThat(group)
        .containsEntry("id", g.id())
        .containsEntry("displayName", g.displayName())
        .containsEntry("description", "for tests")
        .containsEntry("securityEnabled", true)
        .doesNotContainKey("@odata.context");
    List<RecordedRequest> requests = fixture.httpRequests();
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0).method()).isEqualTo("GET");
    assertThat(requests.get(0).path()).isEqualTo("/v1.0/groups/" + g.id());
    assertThat(requests.get(0).rawQuery()).contains("$select=id,displayName,mailNickname");
  }

  @Test
  void byDisplayNameOrMailNicknameResolvesOnceThenReads() {
    String suffix = unique();
    Group g = newGroup("Legal " + suffix, "legal" + suffix);
    assertThat(
            result("getGroup", Map.of("group", "legal " + suffix, "properties", "id,displayName")))
        .isEqualTo(Map.of("id", g.id(), "displayName", g.displayName()));
    assertThat(fixture.httpRequests())
        .extracting(RecordedRequest::path)
        .containsExactly("/v1.0/groups", "/v1.0/groups/" + g.id());
    assertThat(result("getGroup", Map.of("group", "legal" + suffix))).containsEntry("id", g.id());
  }

  @Test
  void aSecondReadByNameUsesTheCachedId() {
    Group g = newGroup("Cached " + unique(), "cached" + unique());
    fixture.run("getGroup", Map.of("group", g.displayName()));
    fixture.run("getGroup", Map.of("group", g.displayName()));
    assertThat(fixture.httpRequests())
        .extracting(RecordedRequest::path)
        .containsExactly("/v1.0/groups/" + g.id());
  }

  @Test
  void anUnknownIdIsNotFoundNamingTheGroup() {
    String id = UUID.randomUUID().toString();
    GraphException e =
        fixture.failure(GraphErrorCategory.NOT_FOUND, "getGroup", Map.of("group", id));
    assertThat(e.getMessage()).contains("Group '" + id + "' does not exist");
  }

  @Test
  void anUnknownNameIsNotFoundWithAFix() {
    GraphException e =
        fixture.failure(GraphErrorCategory.NOT_FOUND, "getGroup", Map.of("group", "No Such Group"));
    assertThat(e.getMessage()).contains("'No Such Group'").contains("Fix:");
    assertThat(fixture.httpRequests()).hasSize(1);
  }

  @Test
  void aSharedNameIsAmbiguousListingTheCandidates() {
    String name = "Twins " + unique();
    Group first = newGroup(name, "twin1" + unique());
    Group second = newGroup(name, "twin2" + unique());
    GraphException e =
        fixture.failure(GraphErrorCategory.AMBIGUOUS, "getGroup", Map.of("group", name));
    assertThat(e.getMessage()).contains(first.id()).contains(second.id()).contains("object id");
  }

  @Test
  void withoutGroupReadPermissionTheMessageNamesIt() {
    Group g = newGroup("Perm " + unique(), "perm" + unique());
    GraphException e =
        fixture.failure(
            fixture.connectionWith("User.Read.All"),
            GraphErrorCategory.PERMISSION_DENIED,
            "getGroup",
            Map.of("group", g.id()));
    assertThat(e.getMessage()).contains("GroupMember.Read.All").contains("getGroup");
    assertThat(e.requiredPermission()).isEqualTo("GroupMember.Read.All");
  }

  @Test
  void anInvalidPropertyNameIsRefusedBeforeAnyRequest() {
    GraphException e =
        fixture.failure(
            GraphErrorCategory.INVALID_INPUT,
            "getGroup",
            Map.of("group", UUID.randomUUID().toString(), "properties", "id,display name"));
    assertThat(e.getMessage()).contains("Input 'properties'");
    assertThat(fixture.httpRequests()).isEmpty();
  }
}
