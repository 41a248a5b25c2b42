package io.entraid.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The replicationLag fault, after
 * devblogs.microsoft.com/identity/designing-for-eventual-consistency-for-microsoft-entra ("a newly
 * created object can return Not Found"), api-reference/v1.0/api/group-post-members.md (the 400 for
 * members added during replication) and concepts/aad-advanced-queries.md (the index behind
 * $filter/$search/$count is eventually consistent: stale results, not errors).
 */
class ReplicationLagTest {
  static EntraEmulator emu;
  static TestClient graph;
  static int counter;

  @BeforeAll
  static void start() {
    emu = EntraEmulator.builder().users(5).groups(2).seed(11L).start();
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

  static String createUser() {
    String name = "lag" + (++counter);
    TestClient.Response r =
        graph.post(
            "/v1.0/users",
            "{\"accountEnabled\":true,\"displayName\":\""
                + name
                + "\",\"mailNickname\":\""
                + name
                + "\",\"userPrincipalName\":\""
                + name
                + "@"
                + emu.directory().defaultDomain()
                + "\",\"passwordProfile\":{\"password\":\"Xy7!kLm9#qRt\"}}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().path("id").asText();
  }

  static String ref(String id) {
    return "{\"@odata.id\":\"" + emu.graphEndpoint() + "/v1.0/directoryObjects/" + id + "\"}";
  }

  @Test
  void aNewUserIsNotFoundByIdOrNameUntilReplicated_designingForEventualConsistency() {
    emu.faults().replicationLag(60_000);
    String id = createUser();
    TestClient.Response byId = graph.get("/v1.0/users/" + id);
    assertThat(byId.status()).isEqualTo(404);
    assertThat(byId.errorCode()).isEqualTo("Request_ResourceNotFound");
    String upn = emu.directory().user(id).orElseThrow().userPrincipalName();
    assertThat(graph.get("/v1.0/users/" + upn).status()).isEqualTo(404);
    assertThat(graph.post("/v1.0/users/" + id + "/checkMemberGroups", "{\"groupIds\":[]}").status())
        .isEqualTo(404);
    assertThat(graph.patch("/v1.0/users/" + id, "{\"jobTitle\":\"x\"}").status()).isEqualTo(404);
  }

  @Test
  void referencesToANewUserFailAsGraphDocumentsThem_groupPostMembers() {
    emu.faults().replicationLag(60_000);
    String id = createUser();
    String groupId = emu.directory().groups().get(0).id();
    TestClient.Response member = graph.post("/v1.0/groups/" + groupId + "/members/$ref", ref(id));
    assertThat(member.status()).isEqualTo(400);
    assertThat(member.errorMessage())
        .isEqualTo(
            "The source resource object or one of the objects being referenced do not exist.");
    TestClient.Response bind =
        graph.patch(
            "/v1.0/groups/" + groupId,
            "{\"members@odata.bind\":[\""
                + emu.graphEndpoint()
                + "/v1.0/directoryObjects/"
                + id
                + "\"]}");
    assertThat(bind.status()).isEqualTo(400);
    String someone = emu.directory().users().get(0).id();
    TestClient.Response manager = graph.put("/v1.0/users/" + someone + "/manager/$ref", ref(id));
    assertThat(manager.status()).isEqualTo(404);
    assertThat(emu.directory().memberIds(groupId)).doesNotContain(id);
  }

  @Test
  void advancedQueriesReturnStaleResultsNotErrors_aadAdvancedQueries() {
    emu.faults().replicationLag(60_000);
    String id = createUser();
    TestClient.Response filtered = graph.get("/v1.0/users?$filter=id%20eq%20'" + id + "'");
    assertThat(filtered.status()).isEqualTo(200);
    assertThat(filtered.json().path("value")).isEmpty();
    int known = emu.directory().userCount();
    TestClient.Response count =
        graph.get("/v1.0/users/$count", Map.of("ConsistencyLevel", "eventual"));
    assertThat(count.body()).isEqualTo(Integer.toString(known - 1));
  }

  @Test
  void aNewMembershipIsMissingFromMembershipReadsUntilReplicated() {
    String userId = emu.directory().users().get(1).id();
    String groupId = emu.directory().groups().get(1).id();
    emu.faults().replicationLag(60_000);
    assertThat(graph.post("/v1.0/groups/" + groupId + "/members/$ref", ref(userId)).status())
        .isEqualTo(204);
    assertThat(
            graph
                .post(
                    "/v1.0/users/" + userId + "/checkMemberGroups",
                    "{\"groupIds\":[\"" + groupId + "\"]}")
                .json()
                .path("value"))
        .isEmpty();
    assertThat(graph.get("/v1.0/groups/" + groupId + "/members").json().path("value").toString())
        .doesNotContain(userId);
    assertThat(graph.get("/v1.0/users/" + userId + "/memberOf").json().path("value").toString())
        .doesNotContain(groupId);
    assertThat(emu.directory().memberIds(groupId)).contains(userId);
  }

  @Test
  void aftertheLagTheWriteIsReadEverywhere() {
    emu.faults().replicationLag(300);
    String id = createUser();
    assertThat(graph.get("/v1.0/users/" + id).status()).isEqualTo(404);
    Instant giveUp = Instant.now().plus(Duration.ofSeconds(10));
    int status = 404;
    while (status == 404 && Instant.now().isBefore(giveUp)) {
      status = graph.get("/v1.0/users/" + id).status();
    }
    assertThat(status).isEqualTo(200);
    assertThat(graph.get("/v1.0/users?$filter=id%20eq%20'" + id + "'").json().path("value"))
        .hasSize(1);
  }

  @Test
  void withoutLagEveryWriteIsReadAtOnce() {
    String id = createUser();
    assertThat(graph.get("/v1.0/users/" + id).status()).isEqualTo(200);
  }
}
