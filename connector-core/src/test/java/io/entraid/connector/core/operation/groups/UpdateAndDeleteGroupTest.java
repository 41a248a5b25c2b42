package io.entraid.connector.core.operation.groups;

import static org.assertj.core.api.Assertions.assertThat;

import io.entraid.connector.core.graph.GraphErrorCategory;
import io.entraid.connector.core.graph.GraphException;
import io.entraid.connector.core.operation.EmulatorFixture;
import io.entraid.emulator.Directory;
import io.entraid.emulator.Group;
import io.entraid.emulator.RecordedRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UpdateAndDeleteGroupTest {
  static EmulatorFixture fixture;

  @BeforeAll
  static void start() {
    fixture = new EmulatorFixture(20, 5);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  static Directory directory() {
    return fixture.emulator().directory();
  }

  static Group newGroup(String displayName, boolean unified) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("displayName", displayName);
    p.put("mailNickname", "n" + UUID.randomUUID().toString().substring(0, 8));
    p.put("mailEnabled", unified);
    p.put("securityEnabled", !unified);
    p.put("groupTypes", unified ? List.of("Unified") : List.of());
    return directory().createGroup(p);
  }

  static String unique() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  static List<String> methodsAndPaths() {
    return fixture.httpRequests().stream().map(r -> r.method() + " " + r.path()).toList();
  }

  @Test
  void updateSendsOnePatchWithTheProperties() {
    Group g = newGroup("Update " + unique(), false);
    Object result =
        fixture
            .run(
                "updateGroup",
                Map.of("group", g.id(), "properties", "{\"description\": \"Phase 2\"}"))
            .result();
    assertThat(result).isEqualTo(Map.of("id", g.id(), "updated", List.of("description")));
    assertThat(directory().group(g.id()).orElseThrow().description()).isEqualTo("Phase 2");
    assertThat(methodsAndPaths()).containsExactly("PATCH /v1.0/groups/" + g.id());
    assertThat(fixture.httpRequests().get(0).body()).isEqualTo("{\"description\":\"Phase 2\"}");
  }

  @Test
  void aRenamedGroupIsNoLongerFoundByItsOldName() {
    String oldName = "Old " + unique();
    Group g = newGroup(oldName, false);
    fixture.run("getGroup", Map.of("group", oldName)); // caches the old name
    String newName = "New " + unique();
    fixture.run(
        "updateGroup", Map.of("group", g.id(), "properties", Map.of("displayName", newName)));
    assertThat(directory().group(g.id()).orElseThrow().displayName()).isEqualTo(newName);
    fixture.failure(GraphErrorCategory.NOT_FOUND, "getGroup", Map.of("group", oldName));
    assertThat(fixture.httpRequests())
        .extracting(RecordedRequest::path)
        .containsExactly("/v1.0/groups");
  }

  @Test
  void membershipAndIdAreRefusedNamingTheKey() {
    Group g = newGroup("Refuse " + unique(), false);
    for (String key : List.of("members", "owners", "id", "members@odata.bind")) {
      GraphException e =
          fixture.failure(
              GraphErrorCategory.INVALID_INPUT,
              "updateGroup",
              Map.of("group", g.id(), "properties", Map.of(key, List.of())));
      assertThat(e.getMessage()).contains("Input 'properties'").contains("'" + key + "'");
      assertThat(fixture.httpRequests()).isEmpty();
    }
  }

  @Test
  void propertiesMustBeANonEmptyJsonObject() {
    Group g = newGroup("Json " + unique(), false);
    for (String properties : List.of("[1]", "not json", "{}")) {
      GraphException e =
          fixture.failure(
              GraphErrorCategory.INVALID_INPUT,
              "updateGroup",
              Map.of("group", g.id(), "properties", properties));
      assertThat(e.getMessage()).contains("Input 'properties'");
    }
    assertThat(fixture.httpRequests()).isEmpty();
  }

  @Test
  void updatingAMissingGroupIsNotFound() {
    String id = UUID.randomUUID().toString();
    GraphException e =
        fixture.failure(
            GraphErrorCategory.NOT_FOUND,
            "updateGroup",
            Map.of("group", id, "properties", Map.of("description", "x")));
    assertThat(e.getMessage()).contains("Group '" + id + "' does not exist");
  }

  @Test
  void updateWithoutWritePermissionNamesIt() {
    Group g = newGroup("ReadOnly " + unique(), false);
    GraphException e =
        fixture.failure(
            fixture.connectionWith("GroupMember.Read.All"),
            GraphErrorCategory.PERMISSION_DENIED,
            "updateGroup",
            Map.of("group", g.id(), "properties", Map.of("description", "x")));
    assertThat(e.getMessage()).contains("Group.ReadWrite.All").contains("updateGroup");
  }

  @Test
  void deleteByNameResolvesThenDeletesAndForgetsTheName() {
    String name = "Delete " + unique();
    Group g = newGroup(name, true);
    assertThat(fixture.run("deleteGroup", Map.of("group", name)).result())
        .isEqualTo(Map.of("id", g.id()));
    assertThat(directory().group(g.id())).isEmpty();
    assertThat(directory().deletedItem(g.id()))
        .isPresent(); // Microsoft 365 groups are soft-deleted
    assertThat(methodsAndPaths())
        .containsExactly("GET /v1.0/groups", "DELETE /v1.0/groups/" + g.id());
    fixture.failure(GraphErrorCategory.NOT_FOUND, "getGroup", Map.of("group", name));
  }

  @Test
  void deletingByIdForgetsEveryCachedNameOfTheGroup() {
    String name = "Cached " + unique();
    Group g = newGroup(name, false);
    fixture.run("getGroup", Map.of("group", name));
    fixture.run("deleteGroup", Map.of("group", g.id()));
    assertThat(methodsAndPaths()).containsExactly("DELETE /v1.0/groups/" + g.id());
    GraphException e =
        fixture.failure(GraphErrorCategory.NOT_FOUND, "getGroup", Map.of("group", name));
    assertThat(e.getMessage())
        .contains("No group has the display name or mail nickname '" + name + "'");
  }

  @Test
  void deletingAMissingGroupIsNotFound() {
    String id = UUID.randomUUID().toString();
    GraphException e =
        fixture.failure(GraphErrorCategory.NOT_FOUND, "deleteGroup", Map.of("group", id));
    assertThat(e.getMessage()).contains("Group '" + id + "' does not exist");
  }

  @Test
  void deleteWithoutWritePermissionNamesIt() {
    Group g = newGroup("Keep " + unique(), false);
    GraphException e =
        fixture.failure(
            fixture.connectionWith("GroupMember.ReadWrite.All"),
            GraphErrorCategory.PERMISSION_DENIED,
            "deleteGroup",
            Map.of("group", g.id()));
    assertThat(e.getMessage()).contains("Group.ReadWrite.All").contains("deleteGroup");
    assertThat(directory().group(g.id())).isPresent();
  }
}
