package io.entraid.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MembershipTest {
  static EntraEmulator emu;
  static TestClient graph;
  static final Map<String, String> EVENTUAL = Map.of("ConsistencyLevel", "eventual");
  Group parent;
  Group child;
  User alice;
  User bob;

  @BeforeAll
  static void start() {
    emu = EntraEmulator.builder().users(30).seed(9L).start();
    graph = new TestClient(emu).withToken();
  }

  @AfterAll
  static void stop() {
    emu.close();
  }

  @BeforeEach
  void setUp() {
    Directory d = emu.directory();
    String n = Long.toString(System.nanoTime());
    parent = d.createGroup("Parent " + n);
    child = d.createGroup("Child " + n);
    alice = d.createUser("alice" + n + "@" + emu.tenantDomain(), "Alice " + n);
    bob = d.createUser("bob" + n + "@" + emu.tenantDomain(), "Bob " + n);
    d.addMember(parent.id(), child.id());
    d.addMember(child.id(), alice.id());
    d.addMember(parent.id(), bob.id());
  }

  static String ref(String id) {
    return "{\"@odata.id\":\"https://graph.microsoft.com/v1.0/directoryObjects/" + id + "\"}";
  }

  static List<String> ids(TestClient.Response r) {
    List<String> out = new ArrayList<>();
    r.json().path("value").forEach(v -> out.add(v.path("id").asText()));
    return out;
  }

  @Test
  void listsDirectAndTransitiveMembersWithODataType() {
    TestClient.Response direct = graph.get("/v1.0/groups/" + parent.id() + "/members");
    assertThat(direct.status()).isEqualTo(200);
    assertThat(direct.json().path("@odata.context").asText())
        .endsWith("$metadata#directoryObjects");
    assertThat(ids(direct)).containsExactlyInAnyOrder(child.id(), bob.id());
    for (JsonNode m : direct.json().path("value")) {
      String expected =
          m.path("id").asText().equals(child.id())
              ? "#microsoft.graph.group"
              : "#microsoft.graph.user";
      assertThat(m.path("@odata.type").asText()).isEqualTo(expected);
    }
    assertThat(ids(graph.get("/v1.0/groups/" + parent.id() + "/transitiveMembers")))
        .containsExactlyInAnyOrder(child.id(), bob.id(), alice.id());
  }

  @Test
  void castsToUsersOrGroups() {
    TestClient.Response users =
        graph.get("/v1.0/groups/" + parent.id() + "/transitiveMembers/microsoft.graph.user");
    assertThat(users.json().path("@odata.context").asText()).endsWith("$metadata#users");
    assertThat(ids(users)).containsExactlyInAnyOrder(bob.id(), alice.id());
    assertThat(ids(graph.get("/v1.0/groups/" + parent.id() + "/members/microsoft.graph.group")))
        .containsExactly(child.id());
  }

  @Test
  void filterOnMembersNeedsConsistencyLevelAndCount() {
    String url =
        "/v1.0/groups/"
            + parent.id()
            + "/transitiveMembers/microsoft.graph.user?$filter=startswith(displayName,'Alice')";
    TestClient.Response without = graph.get(url);
    assertThat(without.status()).isEqualTo(400);
    assertThat(without.errorCode()).isEqualTo("Request_UnsupportedQuery");
    TestClient.Response with = graph.get(url + "&$count=true", EVENTUAL);
    assertThat(with.status()).isEqualTo(200);
    assertThat(ids(with)).containsExactly(alice.id());
    assertThat(with.json().path("@odata.count").asInt()).isEqualTo(1);
    TestClient.Response count =
        graph.get("/v1.0/groups/" + parent.id() + "/transitiveMembers/$count", EVENTUAL);
    assertThat(count.status()).isEqualTo(200);
    assertThat(count.body()).isEqualTo("3");
  }

  @Test
  void memberOfAndTransitiveMemberOf() {
    assertThat(ids(graph.get("/v1.0/users/" + alice.id() + "/memberOf")))
        .containsExactly(child.id());
    assertThat(ids(graph.get("/v1.0/users/" + alice.id() + "/transitiveMemberOf")))
        .containsExactlyInAnyOrder(child.id(), parent.id());
    assertThat(
            ids(
                graph.get(
                    "/v1.0/users/" + alice.id() + "/transitiveMemberOf/microsoft.graph.group")))
        .hasSize(2);
  }

  @Test
  void addsMemberByRefAndRejectsDuplicatesAndUnknownObjects() {
    TestClient.Response add =
        graph.post("/v1.0/groups/" + child.id() + "/members/$ref", ref(bob.id()));
    assertThat(add.status()).isEqualTo(204);
    assertThat(emu.directory().memberIds(child.id())).contains(bob.id());
    TestClient.Response again =
        graph.post("/v1.0/groups/" + child.id() + "/members/$ref", ref(bob.id()));
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.errorCode()).isEqualTo("Request_BadRequest");
    assertThat(again.errorMessage())
        .isEqualTo(
            "One or more added object references already exist for the following modified properties: 'members'.");
    TestClient.Response unknown =
        graph.post(
            "/v1.0/groups/" + child.id() + "/members/$ref",
            ref("00000000-0000-4000-8000-00000000dead"));
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.errorCode()).isEqualTo("Request_ResourceNotFound");
  }

  @Test
  void removesMemberAnd404sWhenNotAMember() {
    TestClient.Response r =
        graph.delete("/v1.0/groups/" + parent.id() + "/members/" + bob.id() + "/$ref");
    assertThat(r.status()).isEqualTo(204);
    assertThat(emu.directory().memberIds(parent.id())).doesNotContain(bob.id());
    TestClient.Response again =
        graph.delete("/v1.0/groups/" + parent.id() + "/members/" + bob.id() + "/$ref");
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.errorCode()).isEqualTo("Request_ResourceNotFound");
  }

  @Test
  void bindAddsUpTo20AllOrNothing() {
    List<User> users = emu.directory().users().subList(0, 21);
    StringBuilder binds = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      binds
          .append(i == 0 ? "" : ",")
          .append("\"https://graph.microsoft.com/v1.0/directoryObjects/")
          .append(users.get(i).id())
          .append('"');
    }
    Group g = emu.directory().createGroup("Bind target " + System.nanoTime());
    assertThat(
            graph
                .patch("/v1.0/groups/" + g.id(), "{\"members@odata.bind\":[" + binds + "]}")
                .status())
        .isEqualTo(204);
    assertThat(emu.directory().memberIds(g.id())).hasSize(20);

    Group h = emu.directory().createGroup("Bind partial " + System.nanoTime());
    emu.directory().addMember(h.id(), users.get(5).id());
    TestClient.Response partial =
        graph.patch("/v1.0/groups/" + h.id(), "{\"members@odata.bind\":[" + binds + "]}");
    assertThat(partial.status()).isEqualTo(400);
    assertThat(partial.errorMessage())
        .isEqualTo(
            "One or more added object references already exist for the following modified properties: 'members'.");
    assertThat(emu.directory().memberIds(h.id())).hasSize(1);

    String tooMany =
        binds + ",\"https://graph.microsoft.com/v1.0/directoryObjects/" + users.get(20).id() + "\"";
    Group k = emu.directory().createGroup("Bind too many " + System.nanoTime());
    TestClient.Response over =
        graph.patch("/v1.0/groups/" + k.id(), "{\"members@odata.bind\":[" + tooMany + "]}");
    assertThat(over.status()).isEqualTo(400);
    assertThat(over.errorCode()).isEqualTo("Request_BadRequest");
    assertThat(emu.directory().memberIds(k.id())).isEmpty();

    String twice =
        "\"https://graph.microsoft.com/v1.0/directoryObjects/" + users.get(0).id() + "\"";
    TestClient.Response dup =
        graph.patch(
            "/v1.0/groups/" + k.id(), "{\"members@odata.bind\":[" + twice + "," + twice + "]}");
    assertThat(dup.status()).isEqualTo(400);
    assertThat(emu.directory().memberIds(k.id())).isEmpty();
  }

  @Test
  void checkMemberGroupsAndObjectsAreTransitive() {
    Group other = emu.directory().createGroup("Other " + System.nanoTime());
    TestClient.Response r =
        graph.post(
            "/v1.0/users/" + alice.id() + "/checkMemberGroups",
            "{\"groupIds\":[\"" + parent.id() + "\",\"" + other.id() + "\"]}");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().path("value")).extracting(JsonNode::asText).containsExactly(parent.id());
    TestClient.Response objects =
        graph.post(
            "/v1.0/users/" + alice.id() + "/checkMemberObjects",
            "{\"ids\":[\"" + child.id() + "\"]}");
    assertThat(objects.json().path("value"))
        .extracting(JsonNode::asText)
        .containsExactly(child.id());
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 21; i++) {
      many.append(i == 0 ? "" : ",").append("\"").append(Ids.randomGuid()).append("\"");
    }
    TestClient.Response tooMany =
        graph.post(
            "/v1.0/users/" + alice.id() + "/checkMemberGroups", "{\"groupIds\":[" + many + "]}");
    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.errorCode()).isEqualTo("Request_BadRequest");
  }

  @Test
  void softDeletedUserDisappearsFromMembersAndComesBackOnRestore() {
    emu.directory().deleteUser(bob.id());
    assertThat(ids(graph.get("/v1.0/groups/" + parent.id() + "/members"))).doesNotContain(bob.id());
    emu.directory().restore(bob.id());
    assertThat(ids(graph.get("/v1.0/groups/" + parent.id() + "/members"))).contains(bob.id());
  }
}
