package io.entraid.connector.core.operation.groups;

import static org.assertj.core.api.Assertions.assertThat;

import io.entraid.connector.core.graph.GraphErrorCategory;
import io.entraid.connector.core.graph.GraphException;
import io.entraid.connector.core.operation.EmulatorFixture;
import io.entraid.emulator.Directory;
import io.entraid.emulator.Group;
import io.entraid.emulator.RecordedRequest;
import io.entraid.emulator.User;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * listGroupMembers, addGroupMembers and removeGroupMembers against a directory large enough for
 * paging.
 */
class GroupMembersTest {
  static EmulatorFixture fixture;

  @BeforeAll
  static void start() {
    fixture = new EmulatorFixture(2600, 5);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  static Directory directory() {
    return fixture.emulator().directory();
  }

  static Group emptyGroup() {
    return directory().createGroup("Members " + UUID.randomUUID().toString().substring(0, 8));
  }

  static List<String> userIds(int from, int count) {
    return directory().users().subList(from, from + count).stream().map(User::id).toList();
  }

  static List<RecordedRequest> requests(String method) {
    return fixture.httpRequests().stream().filter(r -> r.method().equals(method)).toList();
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> list(Map<String, ?> inputs) {
    return (List<Map<String, Object>>) fixture.run("listGroupMembers", inputs).result();
  }

  @SuppressWarnings("unchecked")
  static Map<String, List<String>> outcome(String operation, Map<String, ?> inputs) {
    return (Map<String, List<String>>) fixture.run(operation, inputs).result();
  }

  // ------------------------------------------------------------------ listGroupMembers

  @Test
  void aLargeGroupIsReadInPagesOf999UpToTheLimit() {
    Group g = emptyGroup();
    directory().addMembers(g.id(), userIds(0, 2500));

    List<Map<String, Object>> firstThousand = list(Map.of("group", g.id(), "transitive", false));
    assertThat(firstThousand).hasSize(1000);
    assertThat(firstThousand.get(0))
        .containsOnlyKeys("id", "displayName", "userPrincipalName", "mail");
    assertThat(fixture.httpRequests())
        .hasSize(2)
        .allSatisfy(
            r -> {
              assertThat(r.path())
                  .isEqualTo("/v1.0/groups/" + g.id() + "/members/microsoft.graph.user");
              assertThat(r.rawQuery()).contains("$top=999");
            });

    List<Map<String, Object>> all =
        list(Map.of("group", g.id(), "transitive", false, "limit", 100_000));
    assertThat(all)
        .hasSize(2500)
        .extracting(m -> m.get("id"))
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(directory().memberIds(g.id()));
    assertThat(fixture.httpRequests()).hasSize(3);
  }

  @Test
  void transitiveMembersAreFilteredToUsersWithoutAnAdvancedQuery() {
    Group outer = emptyGroup();
    Group inner = emptyGroup();
    directory()
        .addMembers(outer.id(), List.of(userIds(0, 1).get(0), userIds(1, 1).get(0), inner.id()));
    directory().addMembers(inner.id(), userIds(2, 1));

    assertThat(list(Map.of("group", outer.id())))
        .extracting(m -> m.get("id"))
        .containsExactlyInAnyOrderElementsOf(userIds(0, 3));
    RecordedRequest request = fixture.httpRequests().get(0);
    assertThat(request.path()).isEqualTo("/v1.0/groups/" + outer.id() + "/transitiveMembers");
    assertThat(request.header("ConsistencyLevel")).isNull();

    List<Map<String, Object>> direct =
        list(
            Map.of(
                "group",
                outer.id(),
                "transitive",
                false,
                "usersOnly",
                false,
                "properties",
                "id,displayName"));
    assertThat(direct)
        .hasSize(3)
        .anySatisfy(
            m -> assertThat(m).containsEntry("id", inner.id()).containsEntry("type", "group"));
    assertThat(direct).filteredOn(m -> "user".equals(m.get("type"))).hasSize(2);
    assertThat(fixture.httpRequests().get(0).path())
        .isEqualTo("/v1.0/groups/" + outer.id() + "/members");
  }

  @Test
  void listingAMissingGroupIsNotFound() {
    String id = UUID.randomUUID().toString();
    GraphException e =
        fixture.failure(GraphErrorCategory.NOT_FOUND, "listGroupMembers", Map.of("group", id));
    assertThat(e.getMessage()).contains("Group '" + id + "' does not exist");
  }

  @Test
  void aLimitOutOfRangeIsRefused() {
    GraphException e =
        fixture.failure(
            GraphErrorCategory.INVALID_INPUT,
            "listGroupMembers",
            Map.of("group", emptyGroup().id(), "limit", 100_001));
    assertThat(e.getMessage()).contains("Input 'limit'");
    assertThat(fixture.httpRequests()).isEmpty();
  }

  @Test
  void listingWithoutMemberReadPermissionNamesIt() {
    GraphException e =
        fixture.failure(
            fixture.connectionWith("User.Read.All"),
            GraphErrorCategory.PERMISSION_DENIED,
            "listGroupMembers",
            Map.of("group", emptyGroup().id()));
    assertThat(e.getMessage()).contains("GroupMember.Read.All").contains("listGroupMembers");
  }

  // ------------------------------------------------------------------ addGroupMembers

  @Test
  void aThousandMembersByIdTakeExactlyFiftyWrites() {
    Group g = emptyGroup();
    List<String> ids = userIds(0, 1000);
    Map<String, List<String>> outcome =
        outcome("addGroupMembers", Map.of("group", g.id(), "members", ids));
    assertThat(outcome.get("added")).containsExactlyElementsOf(ids);
    assertThat(outcome.get("unchanged")).isEmpty();
    assertThat(directory().memberIds(g.id())).hasSize(1000);
    assertThat(requests("PATCH"))
        .hasSize(50)
        .allSatisfy(r -> assertThat(r.path()).isEqualTo("/v1.0/groups/" + g.id()));
    assertThat(requests("GET")).hasSize(1); // the current members, read once
    assertThat(requests("POST")).isEmpty();

    // Running it again (a retried job) writes nothing.
    outcome = outcome("addGroupMembers", Map.of("group", g.id(), "members", ids));
    assertThat(outcome.get("unchanged")).hasSize(1000);
    assertThat(requests("PATCH")).isEmpty();
  }

  @Test
  void anExistingMemberInASmallListIsReportedAsUnchanged() {
    Group g = emptyGroup();
    List<String> ids = userIds(0, 3);
    directory().addMember(g.id(), ids.get(1));
    Map<String, List<String>> outcome =
        outcome("addGroupMembers", Map.of("group", g.id(), "members", ids));
    assertThat(outcome.get("added")).containsExactly(ids.get(0), ids.get(2));
    assertThat(outcome.get("unchanged")).containsExactly(ids.get(1));
    assertThat(directory().memberIds(g.id())).hasSize(3);
  }

  @Test
  void addingWithoutWritePermissionNamesIt() {
    GraphException e =
        fixture.failure(
            fixture.connectionWith("GroupMember.Read.All"),
            GraphErrorCategory.PERMISSION_DENIED,
            "addGroupMembers",
            Map.of("group", emptyGroup().id(), "members", userIds(0, 1)));
    assertThat(e.getMessage()).contains("GroupMember.ReadWrite.All");
  }

  // ------------------------------------------------------------------ removeGroupMembers

  @Test
  void removesByIdAndUpnAndReportsNonMembersAsUnchanged() {
    Group g = emptyGroup();
    List<String> ids = userIds(0, 4);
    directory().addMembers(g.id(), ids.subList(0, 3));
    String upn = directory().user(ids.get(2)).orElseThrow().userPrincipalName();
    Map<String, List<String>> outcome =
        outcome(
            "removeGroupMembers",
            Map.of("group", g.id(), "members", List.of(ids.get(0), ids.get(1), upn, ids.get(3))));
    assertThat(outcome.get("removed")).containsExactly(ids.get(0), ids.get(1), upn);
    assertThat(outcome.get("unchanged")).containsExactly(ids.get(3));
    assertThat(directory().memberIds(g.id())).isEmpty();
    // one $batch for the UPN, one for the four DELETEs, one read telling "not a member" from "no
    // group"
    assertThat(fixture.httpRequests())
        .extracting(r -> r.method() + " " + r.path())
        .containsExactly(
            "POST /v1.0/$batch", "POST /v1.0/$batch", "GET /v1.0/groups/" + g.id() + "/members");
    assertThat(fixture.graphRequests())
        .filteredOn(r -> r.batchItem() && r.method().equals("DELETE"))
        .extracting(RecordedRequest::path)
        .containsExactly(
            "/v1.0/groups/" + g.id() + "/members/" + ids.get(0) + "/$ref",
            "/v1.0/groups/" + g.id() + "/members/" + ids.get(1) + "/$ref",
            "/v1.0/groups/" + g.id() + "/members/" + ids.get(2) + "/$ref",
            "/v1.0/groups/" + g.id() + "/members/" + ids.get(3) + "/$ref");
  }

  @Test
  void removesTwentyPerBatchCall() {
    Group g = emptyGroup();
    List<String> ids = userIds(100, 45);
    directory().addMembers(g.id(), ids);
    Map<String, List<String>> outcome =
        outcome("removeGroupMembers", Map.of("group", g.id(), "members", ids));
    assertThat(outcome.get("removed")).hasSize(45);
    assertThat(directory().memberIds(g.id())).isEmpty();
    assertThat(fixture.httpRequests())
        .hasSize(3)
        .allSatisfy(r -> assertThat(r.path()).isEqualTo("/v1.0/$batch"));
  }

  @Test
  void removingFromAMissingGroupIsNotFound() {
    String id = UUID.randomUUID().toString();
    GraphException e =
        fixture.failure(
            GraphErrorCategory.NOT_FOUND,
            "removeGroupMembers",
            Map.of("group", id, "members", userIds(0, 1)));
    assertThat(e.getMessage()).contains("Group '" + id + "' does not exist");
  }

  @Test
  void removingAnUnknownUpnIsNotFoundNamingTheUser() {
    String upn = "nobody@" + fixture.emulator().tenantDomain();
    GraphException e =
        fixture.failure(
            GraphErrorCategory.NOT_FOUND,
            "removeGroupMembers",
            Map.of("group", emptyGroup().id(), "members", upn));
    assertThat(e.getMessage()).contains("User '" + upn + "' does not exist");
  }

  @Test
  void anInvalidMemberReferenceIsRefusedBeforeAnyRequest() {
    GraphException e =
        fixture.failure(
            GraphErrorCategory.INVALID_INPUT,
            "removeGroupMembers",
            Map.of("group", emptyGroup().id(), "members", "../me"));
    assertThat(e.getMessage()).contains("Input 'members'");
    assertThat(fixture.httpRequests()).isEmpty();
  }

  @Test
  void removingWithoutWritePermissionNamesIt() {
    Group g = emptyGroup();
    directory().addMembers(g.id(), userIds(0, 1));
    GraphException e =
        fixture.failure(
            fixture.connectionWith("GroupMember.Read.All", "User.Read.All"),
            GraphErrorCategory.PERMISSION_DENIED,
            "removeGroupMembers",
            Map.of("group", g.id(), "members", userIds(0, 1)));
    assertThat(e.getMessage()).contains("GroupMember.ReadWrite.All").contains("removeGroupMembers");
    assertThat(directory().memberIds(g.id())).hasSize(1);
  }
}
