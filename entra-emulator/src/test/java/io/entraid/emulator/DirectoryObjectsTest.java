package io.entraid.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Paths Microsoft's clients use besides /users and /groups, each after the page named in the test.
 */
class DirectoryObjectsTest {
  static EntraEmulator emu;
  static TestClient graph;
  static Directory d;

  @BeforeAll
  static void start() {
    emu = EntraEmulator.builder().users(30).groups(4).seed(17L).start();
    graph = new TestClient(emu).withToken();
    d = emu.directory();
  }

  @AfterAll
  static void stop() {
    emu.close();
  }

  static List<String> ids(JsonNode value) {
    List<String> out = new ArrayList<>();
    value.forEach(v -> out.add(v.isTextual() ? v.asText() : v.path("id").asText()));
    return out;
  }

  /** directoryobject-get.md: a user or group by id, with its @odata.type. */
  @Test
  void getsAnyDirectoryObjectById() {
    User u = d.users().get(0);
    Group g = d.groups().get(0);
    assertThat(graph.get("/v1.0/directoryObjects/" + u.id()).json().path("@odata.type").asText())
        .isEqualTo("#microsoft.graph.user");
    assertThat(graph.get("/v1.0/directoryObjects/" + g.id()).json().path("@odata.type").asText())
        .isEqualTo("#microsoft.graph.group");
    assertThat(graph.get("/v1.0/directoryObjects/00000000-0000-4000-8000-000000000000").status())
        .isEqualTo(404);
    assertThat(graph.get("/v1.0/directoryObjects/nope").status()).isEqualTo(400);
  }

  /** directoryobject-getbyids.md: many ids in one call, filtered by type, unknown ids left out. */
  @Test
  void getByIdsResolvesManyInOneCall() {
    String user = d.users().get(1).id();
    String group = d.groups().get(1).id();
    String body =
        "{\"ids\":[\"" + user + "\",\"" + group + "\",\"00000000-0000-4000-8000-000000000000\"]";
    assertThat(ids(graph.post("/v1.0/directoryObjects/getByIds", body + "}").json().path("value")))
        .containsExactlyInAnyOrder(user, group);
    assertThat(
            ids(
                graph
                    .post("/v1.0/directoryObjects/getByIds", body + ",\"types\":[\"user\"]}")
                    .json()
                    .path("value")))
        .containsExactly(user);
  }

  /**
   * directoryobject-checkmembergroups.md and directoryobject-getmembergroups.md, on users, groups
   * and directoryObjects.
   */
  @Test
  void checkAndGetMemberGroupsOnEveryPath() {
    Group outer = d.groups().get(2);
    Group inner = d.groups().get(3);
    User u = d.users().get(2);
    if (!d.memberIds(outer.id()).contains(inner.id())) {
      d.addMember(outer.id(), inner.id());
    }
    if (!d.memberIds(inner.id()).contains(u.id())) {
      d.addMember(inner.id(), u.id());
    }
    String check = "{\"groupIds\":[\"" + outer.id() + "\"]}";
    for (String path : List.of("/v1.0/users/" + u.id(), "/v1.0/directoryObjects/" + u.id())) {
      assertThat(ids(graph.post(path + "/checkMemberGroups", check).json().path("value")))
          .containsExactly(outer.id());
      assertThat(
              ids(
                  graph
                      .post(path + "/getMemberGroups", "{\"securityEnabledOnly\":false}")
                      .json()
                      .path("value")))
          .contains(outer.id(), inner.id());
    }
    assertThat(
            ids(
                graph
                    .post("/v1.0/groups/" + inner.id() + "/checkMemberGroups", check)
                    .json()
                    .path("value")))
        .containsExactly(outer.id());
    assertThat(graph.post("/v1.0/users/" + u.id() + "/getMemberGroups", "{}").status())
        .isEqualTo(400);
  }

  /**
   * group-list-owners.md, group-post-owners.md, group-delete-owners.md, owners@odata.bind in
   * group-post-groups.md.
   */
  @Test
  void ownersAreListedAddedRemovedAndBoundOnCreate() {
    User first = d.users().get(3);
    User second = d.users().get(4);
    TestClient.Response created =
        graph.post(
            "/v1.0/groups",
            "{\"displayName\":\"Owned\",\"mailNickname\":\"owned\","
                + "\"mailEnabled\":false,\"securityEnabled\":true,\"owners@odata.bind\":[\""
                + emu.graphEndpoint()
                + "/v1.0/users/"
                + first.id()
                + "\"]}");
    String group = created.json().path("id").asText();
    assertThat(ids(graph.get("/v1.0/groups/" + group + "/owners").json().path("value")))
        .containsExactly(first.id());
    String ref =
        "{\"@odata.id\":\"" + emu.graphEndpoint() + "/v1.0/directoryObjects/" + second.id() + "\"}";
    assertThat(graph.post("/v1.0/groups/" + group + "/owners/$ref", ref).status()).isEqualTo(204);
    assertThat(graph.post("/v1.0/groups/" + group + "/owners/$ref", ref).status()).isEqualTo(400);
    assertThat(graph.delete("/v1.0/groups/" + group + "/owners/" + first.id() + "/$ref").status())
        .isEqualTo(204);
    assertThat(ids(graph.get("/v1.0/groups/" + group + "/owners").json().path("value")))
        .containsExactly(second.id());
  }

  /**
   * user-list-directreports.md and user-list-manager.md (GET manager/$ref answers the reference).
   */
  @Test
  void directReportsAndTheManagerReference() {
    User boss = d.users().get(5);
    User report = d.users().get(6);
    d.setManager(report.id(), boss.id());
    assertThat(ids(graph.get("/v1.0/users/" + boss.id() + "/directReports").json().path("value")))
        .contains(report.id());
    JsonNode ref = graph.get("/v1.0/users/" + report.id() + "/manager/$ref").json();
    assertThat(ref.path("@odata.id").asText()).contains("/directoryObjects/" + boss.id());
    assertThat(ref.has("displayName")).isFalse();
  }

  /**
   * query-parameters.md "expand": manager on a user, members on a group (at most 20); anything else
   * is refused.
   */
  @Test
  void expandManagerAndMembersWithGraphsLimit() {
    User boss = d.users().get(7);
    User report = d.users().get(8);
    d.setManager(report.id(), boss.id());
    assertThat(
            graph
                .get("/v1.0/users/" + report.id() + "?$expand=manager")
                .json()
                .path("manager")
                .path("id")
                .asText())
        .isEqualTo(boss.id());
    Group big = d.createGroup("Expanded");
    d.users().subList(0, 25).forEach(u -> d.addMember(big.id(), u.id()));
    assertThat(
            graph
                .get("/v1.0/groups/" + big.id() + "?$expand=members")
                .json()
                .path("members")
                .size())
        .isEqualTo(20);
    assertThat(graph.get("/v1.0/groups/" + big.id() + "?$expand=owners").status()).isEqualTo(400);
  }

  /**
   * query-parameters.md and known-issues.md ("$expand on directory objects"): on a list, each item
   * carries its expansion (at most 20 related objects), a page holds at most 100 objects whatever
   * $top asks, and aad-advanced-queries.md: $expand does not combine with advanced queries.
   */
  @Test
  void expandOnListsWithGraphsLimits() {
    User boss = d.createUser("boss.listed@" + emu.tenantDomain(), "Boss Listed");
    User report = d.createUser("report.listed@" + emu.tenantDomain(), "Report Listed");
    d.setManager(report.id(), boss.id());
    for (int i = d.users().size(); i <= 120; i++) {
      d.createUser("listed" + i + "@" + emu.tenantDomain(), "Listed " + i);
    }
    JsonNode page = graph.get("/v1.0/users?$expand=manager&$top=999").json();
    assertThat(page.path("value").size()).isEqualTo(100);
    assertThat(page.path("@odata.nextLink").asText()).isNotEmpty();
    JsonNode listedReport =
        graph.get("/v1.0/users?$expand=manager&$filter=id%20eq%20'" + report.id() + "'").json();
    assertThat(listedReport.path("value").get(0).path("manager").path("id").asText())
        .isEqualTo(boss.id());
    JsonNode listedBoss =
        graph.get("/v1.0/users?$expand=manager&$filter=id%20eq%20'" + boss.id() + "'").json();
    assertThat(listedBoss.path("value").get(0).has("manager"))
        .as("no manager: no property")
        .isFalse();

    Group big = d.createGroup("Expanded list");
    d.users().subList(0, 25).forEach(u -> d.addMember(big.id(), u.id()));
    JsonNode groups =
        graph
            .get("/v1.0/groups?$expand=members&$filter=displayName%20eq%20'Expanded%20list'")
            .json();
    assertThat(groups.path("value").get(0).path("members").size()).isEqualTo(20);

    assertThat(graph.get("/v1.0/groups?$expand=owners").status()).isEqualTo(400);
    assertThat(graph.get("/v1.0/users?$expand=memberOf").status()).isEqualTo(400);
    assertThat(
            graph
                .get(
                    "/v1.0/users?$expand=manager&$count=true",
                    Map.of("ConsistencyLevel", "eventual"))
                .status())
        .isEqualTo(400);
  }
}
