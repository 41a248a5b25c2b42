package io.entraid.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeltaTest {
  EntraEmulator emu;
  TestClient graph;

  @BeforeEach
  void start() {
    emu = EntraEmulator.builder().users(45).groups(12).seed(21L).start();
    graph = new TestClient(emu).withToken();
  }

  @AfterEach
  void stop() {
    emu.close();
  }

  /** One full round: every page until the deltaLink. */
  record Round(List<JsonNode> items, String deltaLink, int pages) {
    Map<String, JsonNode> byId() {
      Map<String, JsonNode> m = new HashMap<>();
      items.forEach(i -> m.put(i.path("id").asText(), i));
      return m;
    }
  }

  Round round(String url, Map<String, String> headers) {
    List<JsonNode> items = new ArrayList<>();
    int pages = 0;
    while (true) {
      TestClient.Response r = graph.get(url, headers);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      JsonNode body = r.json();
      pages++;
      body.path("value").forEach(items::add);
      assertThat(body.has("@odata.nextLink") && body.has("@odata.deltaLink")).isFalse();
      if (body.has("@odata.deltaLink")) {
        return new Round(items, body.path("@odata.deltaLink").asText(), pages);
      }
      url = body.path("@odata.nextLink").asText();
      assertThat(url).startsWith(emu.graphEndpoint() + "/v1.0/");
    }
  }

  @Test
  void initialRoundPagesThroughAllUsersThenReturnsOnlyChanges() {
    Round initial =
        round(
            "/v1.0/users/delta?$select=displayName,jobTitle",
            Map.of("Prefer", "odata.maxpagesize=10"));
    assertThat(initial.pages()).isEqualTo(5);
    assertThat(initial.items()).hasSize(45);
    JsonNode any = initial.items().get(0);
    assertThat(any.has("id") && any.has("displayName") && any.has("jobTitle")).isTrue();
    assertThat(any.has("userPrincipalName")).isFalse();
    assertThat(initial.deltaLink())
        .startsWith(emu.graphEndpoint() + "/v1.0/users/delta?$deltatoken=");

    Directory d = emu.directory();
    List<User> users = d.users();
    d.updateUser(users.get(0).id(), Map.of("jobTitle", "Changed Title"));
    User created = d.createUser("delta.new@" + emu.tenantDomain(), "Delta New");
    d.deleteUser(users.get(1).id());
    d.hardDelete(users.get(2).id());

    Round changes = round(initial.deltaLink(), Map.of());
    Map<String, JsonNode> byId = changes.byId();
    assertThat(byId.keySet())
        .containsExactlyInAnyOrder(
            users.get(0).id(), created.id(), users.get(1).id(), users.get(2).id());
    assertThat(byId.get(users.get(0).id()).path("jobTitle").asText()).isEqualTo("Changed Title");
    assertThat(byId.get(users.get(0).id()).has("userPrincipalName"))
        .isFalse(); // $select is kept in the token
    assertThat(byId.get(users.get(1).id()).path("@removed").path("reason").asText())
        .isEqualTo("changed");
    assertThat(byId.get(users.get(2).id()).path("@removed").path("reason").asText())
        .isEqualTo("deleted");

    Round nothing = round(changes.deltaLink(), Map.of());
    assertThat(nothing.items()).isEmpty();
    assertThat(nothing.pages()).isEqualTo(1);
  }

  /**
   * delta-query-users.md, user-delta.md: {@code $select=manager} tracks the manager relationship as
   * {@code manager@delta}; a removed manager comes with {@code @removed}.
   */
  @Test
  void selectingManagerTracksItAsManagerDelta() {
    Directory d = emu.directory();
    List<User> users = d.users();
    String user = users.get(0).id();
    String boss = users.get(1).id();
    d.setManager(user, boss);
    Round initial = round("/v1.0/users/delta?$select=displayName,manager", Map.of());
    assertThat(initial.byId().get(user).path("manager@delta").get(0).path("id").asText())
        .isEqualTo(boss);
    assertThat(initial.items())
        .allSatisfy(
            i ->
                assertThat(i.has("manager@delta"))
                    .isEqualTo(d.manager(i.path("id").asText()).isPresent()));

    String other = users.get(2).id();
    d.setManager(user, other);
    Round changed = round(initial.deltaLink(), Map.of());
    assertThat(changed.byId().keySet()).containsExactly(user);
    JsonNode set = changed.byId().get(user).path("manager@delta").get(0);
    assertThat(set.path("@odata.type").asText()).isEqualTo("#microsoft.graph.user");
    assertThat(set.path("id").asText()).isEqualTo(other);
    assertThat(set.has("@removed")).isFalse();

    d.removeManager(user);
    Round removed = round(changed.deltaLink(), Map.of());
    JsonNode gone = removed.byId().get(user).path("manager@delta").get(0);
    assertThat(gone.path("id").asText()).isEqualTo(other);
    assertThat(gone.path("@removed").path("reason").asText()).isEqualTo("deleted");

    d.setManager(user, boss);
    Round notSelected = round("/v1.0/users/delta?$select=displayName", Map.of());
    assertThat(notSelected.items()).allSatisfy(i -> assertThat(i.has("manager@delta")).isFalse());
  }

  @Test
  void pagesHoldWhatTheClientPrefersUpToTheServersCap() {
    assertThat(round("/v1.0/users/delta", Map.of()).pages()).as("default page of 100").isEqualTo(1);
    assertThat(round("/v1.0/users/delta", Map.of("Prefer", "odata.maxpagesize=999")).pages())
        .isEqualTo(1);
    emu.faults().maxDeltaPageSize(20);
    Round capped = round("/v1.0/users/delta", Map.of("Prefer", "odata.maxpagesize=999"));
    assertThat(capped.pages()).isEqualTo(3);
    assertThat(capped.items()).hasSize(45);
  }

  /**
   * delta-query-groups.md "Paging through members in a large group": a group with many members
   * fills pages of its own, the same group (same properties) on each with another part of
   * members@delta; together they hold them all.
   */
  @Test
  void aLargeGroupComesInPartsOnSeveralPages() {
    Directory d = emu.directory();
    Group big = d.groups().get(0);
    d.users()
        .subList(0, 7)
        .forEach(
            u -> {
              if (!d.memberIds(big.id()).contains(u.id())) {
                d.addMember(big.id(), u.id());
              }
            });
    int members = d.memberIds(big.id()).size();
    emu.faults().deltaMembersPerPart(3);
    Round r = round("/v1.0/groups/delta", Map.of());
    List<JsonNode> parts =
        r.items().stream().filter(i -> i.path("id").asText().equals(big.id())).toList();
    assertThat(parts)
        .hasSize((members + 2) / 3)
        .allSatisfy(p -> assertThat(p.path("displayName").asText()).isEqualTo(big.displayName()))
        .allSatisfy(p -> assertThat(p.path("members@delta").size()).isBetween(1, 3));
    Set<String> merged = new HashSet<>();
    parts.forEach(p -> p.path("members@delta").forEach(m -> merged.add(m.path("id").asText())));
    assertThat(merged).containsExactlyInAnyOrderElementsOf(d.memberIds(big.id()));
    assertThat(r.byId().keySet()).hasSize(d.groupCount());
    assertThat(r.pages()).isGreaterThanOrEqualTo(parts.size());

    d.users().subList(7, 12).forEach(u -> d.addMember(big.id(), u.id()));
    Round changes = round(r.deltaLink(), Map.of());
    Set<String> added = new HashSet<>();
    changes
        .items()
        .forEach(i -> i.path("members@delta").forEach(m -> added.add(m.path("id").asText())));
    assertThat(added).hasSize(5);
    assertThat(changes.pages()).isEqualTo(2);
  }

  /**
   * user-delta.md "Prefer: return=minimal": on a delta link, an object that existed before carries
   * only its id and the properties changed since; new objects come whole. Without the header every
   * selected property comes.
   */
  @Test
  void returnMinimalSendsOnlyChangedProperties() {
    Round initial = round("/v1.0/users/delta?$select=displayName,jobTitle,department", Map.of());
    Directory d = emu.directory();
    User changed = d.users().get(3);
    d.updateUser(changed.id(), Map.of("jobTitle", "Minimal Title"));
    User added = d.createUser("minimal.new@" + emu.tenantDomain(), "Minimal New");

    Map<String, JsonNode> minimal =
        round(initial.deltaLink(), Map.of("Prefer", "return=minimal")).byId();
    assertThat(fieldNames(minimal.get(changed.id()))).containsExactlyInAnyOrder("id", "jobTitle");
    assertThat(fieldNames(minimal.get(added.id())))
        .contains("displayName", "jobTitle", "department");

    Map<String, JsonNode> full = round(initial.deltaLink(), Map.of()).byId();
    assertThat(fieldNames(full.get(changed.id())))
        .containsExactlyInAnyOrder("id", "displayName", "jobTitle", "department");
  }

  static List<String> fieldNames(JsonNode item) {
    List<String> names = new ArrayList<>();
    item.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void unsupportedDeltaOptionsAreRejectedNotIgnored() {
    TestClient.Response r = graph.get("/v1.0/users/delta?$top=5");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errorCode()).isEqualTo("BadRequest");
  }

  @Test
  void latestTokenStartsFromNow() {
    TestClient.Response r = graph.get("/v1.0/users/delta?$deltatoken=latest");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().path("value")).isEmpty();
    String link = r.json().path("@odata.deltaLink").asText();
    User u = emu.directory().createUser("after.latest@" + emu.tenantDomain(), "After Latest");
    Round changes = round(link, Map.of());
    assertThat(changes.items()).extracting(i -> i.path("id").asText()).containsExactly(u.id());
  }

  @Test
  void groupDeltaCarriesMembersDelta() {
    Round initial = round("/v1.0/groups/delta?$select=displayName,members", Map.of());
    assertThat(initial.items()).hasSize(12);
    Group approvers = emu.directory().groupByName("Approvers").orElseThrow();
    JsonNode a = initial.byId().get(approvers.id());
    assertThat(a.path("members@delta")).hasSize(emu.directory().memberIds(approvers.id()).size());
    assertThat(a.path("members@delta").get(0).path("@odata.type").asText())
        .isEqualTo("#microsoft.graph.user");

    Directory d = emu.directory();
    String removed = d.memberIds(approvers.id()).get(0);
    User added = d.createUser("new.approver@" + emu.tenantDomain(), "New Approver");
    d.addMember(approvers.id(), added.id());
    d.removeMember(approvers.id(), removed);

    Round changes = round(initial.deltaLink(), Map.of());
    JsonNode g = changes.byId().get(approvers.id());
    assertThat(g).isNotNull();
    Map<String, JsonNode> members = new HashMap<>();
    g.path("members@delta").forEach(m -> members.put(m.path("id").asText(), m));
    assertThat(members).containsOnlyKeys(added.id(), removed);
    assertThat(members.get(added.id()).has("@removed")).isFalse();
    assertThat(members.get(removed).path("@removed").path("reason").asText()).isEqualTo("deleted");
  }

  /**
   * Every directory change a trigger reacts to, made through Graph, shows in the next delta round
   * as user-delta.md, group-delta.md and delta-query-users.md describe it: a created or restored
   * user as an object, a soft-deleted one as {@code @removed} "changed", changed properties with
   * their new values, a manager set through manager/$ref as {@code manager@delta}, group creation,
   * membership and deletion ("deleted" for a security group, which cannot be restored:
   * directory-deleteditems-restore.md).
   */
  @Test
  void everyChangeATriggerWatchesMadeThroughGraphShowsInTheNextRound() {
    String domain = "@" + emu.tenantDomain();
    Round users =
        round("/v1.0/users/delta?$select=displayName,department,accountEnabled,manager", Map.of());
    Round groups = round("/v1.0/groups/delta?$select=displayName,members", Map.of());
    String created =
        graph
            .post(
                "/v1.0/users",
                "{\"accountEnabled\":true,\"displayName\":\"Trig Ger\",\"mailNickname\":\"trig\","
                    + "\"userPrincipalName\":\"trig"
                    + domain
                    + "\",\"department\":\"Sales\","
                    + "\"passwordProfile\":{\"password\":\"Xy9!long-enough\"}}")
            .json()
            .path("id")
            .asText();
    String moved = emu.directory().users().get(5).id();
    String disabled = emu.directory().users().get(6).id();
    String deleted = emu.directory().users().get(7).id();
    assertThat(graph.patch("/v1.0/users/" + moved, "{\"department\":\"Finance\"}").status())
        .isEqualTo(204);
    assertThat(graph.put("/v1.0/users/" + moved + "/manager/$ref", ref(created)).status())
        .isEqualTo(204);
    assertThat(graph.patch("/v1.0/users/" + disabled, "{\"accountEnabled\":false}").status())
        .isEqualTo(204);
    assertThat(graph.delete("/v1.0/users/" + deleted).status()).isEqualTo(204);
    String group =
        graph
            .post(
                "/v1.0/groups",
                "{\"displayName\":\"Priv-Trig\",\"mailEnabled\":false,\"mailNickname\":\"privtrig\","
                    + "\"securityEnabled\":true}")
            .json()
            .path("id")
            .asText();
    assertThat(graph.post("/v1.0/groups/" + group + "/members/$ref", ref(created)).status())
        .isEqualTo(204);

    Round userChanges = round(users.deltaLink(), Map.of());
    Map<String, JsonNode> u = userChanges.byId();
    assertThat(u).containsOnlyKeys(created, moved, disabled, deleted);
    assertThat(u.get(created).path("department").asText()).isEqualTo("Sales");
    assertThat(u.get(moved).path("department").asText()).isEqualTo("Finance");
    assertThat(u.get(moved).path("manager@delta").get(0).path("id").asText()).isEqualTo(created);
    assertThat(u.get(disabled).path("accountEnabled").asBoolean(true)).isFalse();
    assertThat(u.get(deleted).path("@removed").path("reason").asText()).isEqualTo("changed");
    Round groupChanges = round(groups.deltaLink(), Map.of());
    assertThat(groupChanges.byId()).containsOnlyKeys(group);
    assertThat(groupChanges.byId().get(group).path("members@delta").get(0).path("id").asText())
        .isEqualTo(created);

    assertThat(graph.post("/v1.0/directory/deletedItems/" + deleted + "/restore", "").status())
        .isEqualTo(200);
    assertThat(graph.delete("/v1.0/groups/" + group + "/members/" + created + "/$ref").status())
        .isEqualTo(204);
    Round restored = round(userChanges.deltaLink(), Map.of());
    assertThat(restored.byId()).containsOnlyKeys(deleted);
    assertThat(restored.byId().get(deleted).has("@removed")).isFalse();
    Round removedMember = round(groupChanges.deltaLink(), Map.of());
    assertThat(
            removedMember
                .byId()
                .get(group)
                .path("members@delta")
                .get(0)
                .path("@removed")
                .isObject())
        .isTrue();

    assertThat(graph.delete("/v1.0/groups/" + group).status()).isEqualTo(204);
    Round groupDeleted = round(removedMember.deltaLink(), Map.of());
    assertThat(groupDeleted.byId().get(group).path("@removed").path("reason").asText())
        .isEqualTo("deleted");
  }

  private String ref(String id) {
    return "{\"@odata.id\":\"" + emu.graphEndpoint() + "/v1.0/directoryObjects/" + id + "\"}";
  }

  @Test
  void expiredTokensAnswerSyncStateNotFoundSoClientsResync() {
    Round initial = round("/v1.0/users/delta", Map.of());
    emu.faults().expireDeltaTokens();
    TestClient.Response r = graph.get(initial.deltaLink());
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errorCode()).isEqualTo("syncStateNotFound");
    assertThat(r.errorMessage())
        .contains("The delta token is expired and data must be synchronized again.");
    TestClient.Response garbage = graph.get("/v1.0/users/delta?$deltatoken=not-a-token");
    assertThat(garbage.errorCode()).isEqualTo("syncStateNotFound");
    // a fresh full sync works again
    assertThat(round("/v1.0/users/delta", Map.of()).items()).hasSize(45);
  }

  @Test
  void expiredTokensCanAnswer410GoneWithLocation() {
    Round initial = round("/v1.0/groups/delta?$select=displayName", Map.of());
    emu.faults().deltaExpiredStatus(410).expireDeltaTokens();
    TestClient.Response r = graph.get(initial.deltaLink());
    assertThat(r.status()).isEqualTo(410);
    assertThat(r.errorCode()).isEqualTo("resyncRequired");
    assertThat(r.header("Location"))
        .isEqualTo(emu.graphEndpoint() + "/v1.0/groups/delta?$select=displayName");
  }

  @Test
  void tombstoneCapRaisesTheHorizon() {
    Round initial = round("/v1.0/groups/delta?$select=displayName", Map.of());
    Directory d = emu.directory();
    Group g = d.createGroup("Churn");
    User u = d.users().get(0);
    for (int i = 0; i <= Directory.TOMBSTONE_CAP / 2; i++) {
      d.addMember(g.id(), u.id());
      d.removeMember(g.id(), u.id());
    }
    d.addMember(g.id(), u.id());
    for (int i = 0; i <= Directory.TOMBSTONE_CAP / 2 + 1; i++) {
      d.removeMember(g.id(), u.id());
      d.addMember(g.id(), u.id());
    }
    assertThat(d.deltaHorizon()).isPositive();
    assertThat(graph.get(initial.deltaLink()).errorCode()).isEqualTo("syncStateNotFound");
  }
}
