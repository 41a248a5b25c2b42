package io.entraid.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GroupsTest {
  static EntraEmulator emu;
  static TestClient graph;

  @BeforeAll
  static void start() {
    emu = EntraEmulator.builder().users(40).groups(20).seed(5L).start();
    graph = new TestClient(emu).withToken();
  }

  @AfterAll
  static void stop() {
    emu.close();
  }

  @Test
  void listsAndGetsGroups() {
    TestClient.Response r = graph.get("/v1.0/groups?$top=5");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().path("@odata.context").asText()).endsWith("$metadata#groups");
    assertThat(r.json().path("value")).hasSize(5);
    JsonNode g = r.json().path("value").get(0);
    assertThat(g.has("securityEnabled")).isTrue();
    assertThat(g.has("groupTypes")).isTrue();
    TestClient.Response one =
        graph.get("/v1.0/groups/" + g.path("id").asText() + "?$select=displayName");
    assertThat(one.json().path("displayName").asText()).isEqualTo(g.path("displayName").asText());
    assertThat(graph.get("/v1.0/groups/00000000-0000-4000-8000-000000000002").errorCode())
        .isEqualTo("Request_ResourceNotFound");
  }

  @Test
  void createsSecurityAndMicrosoft365Groups() {
    TestClient.Response sec =
        graph.post(
            "/v1.0/groups",
            "{\"displayName\":\"Finance Approvers\",\"mailEnabled\":false,"
                + "\"mailNickname\":\"finapprovers\",\"securityEnabled\":true}");
    assertThat(sec.status()).isEqualTo(201);
    assertThat(sec.json().path("securityEnabled").asBoolean()).isTrue();
    assertThat(sec.json().path("groupTypes")).isEmpty();
    TestClient.Response m365 =
        graph.post(
            "/v1.0/groups",
            "{\"displayName\":\"Team Site\",\"mailEnabled\":true,"
                + "\"mailNickname\":\"teamsite\",\"securityEnabled\":false,\"groupTypes\":[\"Unified\"]}");
    assertThat(m365.status()).isEqualTo(201);
    assertThat(m365.json().path("groupTypes").get(0).asText()).isEqualTo("Unified");
    assertThat(m365.json().path("mail").asText()).isEqualTo("teamsite@" + emu.tenantDomain());
    TestClient.Response missing =
        graph.post(
            "/v1.0/groups",
            "{\"displayName\":\"No nick\",\"mailEnabled\":false,\"securityEnabled\":true}");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.errorMessage())
        .isEqualTo("Property mailNickname value is required but is empty or missing.");
  }

  @Test
  void createsGroupWithMembersBind() {
    User u = emu.directory().users().get(0);
    TestClient.Response r =
        graph.post(
            "/v1.0/groups",
            "{\"displayName\":\"With Members\",\"mailEnabled\":false,"
                + "\"mailNickname\":\"withmembers\",\"securityEnabled\":true,\"members@odata.bind\":[\"https://graph.microsoft.com/v1.0/users/"
                + u.id()
                + "\"]}");
    assertThat(r.status()).isEqualTo(201);
    assertThat(emu.directory().memberIds(r.json().path("id").asText())).containsExactly(u.id());
  }

  @Test
  void updatesGroup() {
    Group g = emu.directory().createGroup("Renamable");
    assertThat(graph.patch("/v1.0/groups/" + g.id(), "{\"description\":\"new text\"}").status())
        .isEqualTo(204);
    assertThat(emu.directory().group(g.id()).orElseThrow().description()).isEqualTo("new text");
  }

  @Test
  void securityGroupDeleteIsPermanentButMicrosoft365GroupIsRestorable() {
    Group sec = emu.directory().createGroup("Temp Security");
    assertThat(graph.delete("/v1.0/groups/" + sec.id()).status()).isEqualTo(204);
    assertThat(emu.directory().deletedItem(sec.id())).isEmpty();
    TestClient.Response m365 =
        graph.post(
            "/v1.0/groups",
            "{\"displayName\":\"Temp 365\",\"mailEnabled\":true,"
                + "\"mailNickname\":\"temp365\",\"securityEnabled\":false,\"groupTypes\":[\"Unified\"]}");
    String id = m365.json().path("id").asText();
    assertThat(graph.delete("/v1.0/groups/" + id).status()).isEqualTo(204);
    JsonNode deleted = graph.get("/v1.0/directory/deletedItems/microsoft.graph.group").json();
    assertThat(deleted.path("value").findValuesAsText("id")).contains(id);
    TestClient.Response restored =
        graph.post("/v1.0/directory/deletedItems/" + id + "/restore", null);
    assertThat(restored.status()).isEqualTo(200);
    assertThat(restored.json().path("@odata.type").asText()).isEqualTo("#microsoft.graph.group");
    assertThat(graph.get("/v1.0/groups/" + id).status()).isEqualTo(200);
  }

  @Test
  void seededDirectoryHasApprovers() {
    TestClient.Response r = graph.get("/v1.0/groups?$filter=displayName%20eq%20'Approvers'");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().path("value")).hasSize(1);
  }
}
