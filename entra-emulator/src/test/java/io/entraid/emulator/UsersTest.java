package io.entraid.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UsersTest {
  static EntraEmulator emu;
  static TestClient graph;

  @BeforeAll
  static void start() {
    emu = EntraEmulator.builder().users(250).groups(15).seed(42L).start();
    graph = new TestClient(emu).withToken();
  }

  @AfterAll
  static void stop() {
    emu.close();
  }

  static String newUserJson(String nick) {
    return "{\"accountEnabled\":true,\"displayName\":\""
        + nick
        + "\",\"mailNickname\":\""
        + nick
        + "\",\"userPrincipalName\":\""
        + nick
        + "@"
        + emu.tenantDomain()
        + "\",\"passwordProfile\":{\"forceChangePasswordNextSignIn\":true,\"password\":\"xWwvJ]6NMw+bWH-d\"}}";
  }

  @Test
  void listsFirstPageOf100WithDefaultPropertiesAndAbsoluteNextLink() {
    TestClient.Response r = graph.get("/v1.0/users");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("request-id")).hasSize(36);
    assertThat(r.header("client-request-id")).isNotBlank();
    JsonNode body = r.json();
    assertThat(body.path("@odata.context").asText())
        .isEqualTo(emu.graphEndpoint() + "/v1.0/$metadata#users");
    assertThat(body.path("value")).hasSize(100);
    JsonNode first = body.path("value").get(0);
    List<String> names = new ArrayList<>();
    first.fieldNames().forEachRemaining(names::add);
    assertThat(names)
        .containsExactly(
            "businessPhones",
            "displayName",
            "givenName",
            "jobTitle",
            "mail",
            "mobilePhone",
            "officeLocation",
            "preferredLanguage",
            "surname",
            "userPrincipalName",
            "id");
    assertThat(body.path("@odata.nextLink").asText())
        .startsWith(emu.graphEndpoint() + "/v1.0/users?$skiptoken=");
  }

  @Test
  void followsNextLinksThroughAllUsersExactlyOnce() {
    List<String> ids = new ArrayList<>();
    String url = "/v1.0/users?$top=60&$select=id,displayName";
    int pages = 0;
    while (url != null) {
      JsonNode body = graph.get(url).json();
      body.path("value").forEach(u -> ids.add(u.path("id").asText()));
      url = body.hasNonNull("@odata.nextLink") ? body.path("@odata.nextLink").asText() : null;
      pages++;
    }
    assertThat(pages).isEqualTo(5);
    assertThat(ids).hasSize(emu.directory().userCount()).doesNotHaveDuplicates();
  }

  @Test
  void pagingIsStableWhileUsersAreCreatedAndDeleted() {
    JsonNode first = graph.get("/v1.0/users?$top=50&$select=id").json();
    List<String> seen = new ArrayList<>();
    first.path("value").forEach(u -> seen.add(u.path("id").asText()));
    // concurrent modification between pages: delete an already seen user, add a new one
    User extra = emu.directory().createUser("paging.extra@" + emu.tenantDomain(), "Paging Extra");
    emu.directory().deleteUser(seen.get(0));
    String next = first.path("@odata.nextLink").asText();
    while (next != null) {
      JsonNode page = graph.get(next).json();
      page.path("value").forEach(u -> seen.add(u.path("id").asText()));
      next = page.hasNonNull("@odata.nextLink") ? page.path("@odata.nextLink").asText() : null;
    }
    assertThat(seen).doesNotHaveDuplicates();
    assertThat(seen.size()).isBetween(emu.directory().userCount(), emu.directory().userCount() + 1);
    emu.directory().restore(seen.get(0));
    emu.directory().hardDelete(extra.id());
  }

  @Test
  void rejectsPageSizeOutOfRange() {
    TestClient.Response r = graph.get("/v1.0/users?$top=1000");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errorCode()).isEqualTo("Request_BadRequest");
    assertThat(r.errorMessage())
        .isEqualTo("Invalid page size specified: '1000'. Must be between 1 and 999 inclusive.");
    assertThat(graph.get("/v1.0/users?$top=0").status()).isEqualTo(400);
    assertThat(graph.get("/v1.0/users?$top=999").status()).isEqualTo(200);
  }

  @Test
  void getsByIdAndByUpnWithSelect() {
    User u = emu.directory().users().get(3);
    TestClient.Response byId = graph.get("/v1.0/users/" + u.id());
    assertThat(byId.status()).isEqualTo(200);
    assertThat(byId.json().path("@odata.context").asText()).endsWith("$metadata#users/$entity");
    assertThat(byId.json().path("userPrincipalName").asText()).isEqualTo(u.userPrincipalName());
    TestClient.Response byUpn =
        graph.get(
            "/v1.0/users/"
                + TestClient.enc(u.userPrincipalName())
                + "?$select=id,department,accountEnabled");
    assertThat(byUpn.status()).isEqualTo(200);
    JsonNode j = byUpn.json();
    assertThat(j.path("@odata.context").asText())
        .endsWith("$metadata#users(id,department,accountEnabled)/$entity");
    assertThat(j.path("id").asText()).isEqualTo(u.id());
    assertThat(j.path("department").asText()).isEqualTo(u.department());
    assertThat(j.has("displayName")).isFalse();
  }

  @Test
  void unknownUserIs404() {
    TestClient.Response r = graph.get("/v1.0/users/00000000-0000-4000-8000-000000000001");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.errorCode()).isEqualTo("Request_ResourceNotFound");
    assertThat(r.errorMessage())
        .isEqualTo(
            "Resource '00000000-0000-4000-8000-000000000001' does not exist or one of its queried reference-property objects are not present.");
    JsonNode inner = r.json().path("error").path("innerError");
    assertThat(inner.path("request-id").asText()).isEqualTo(r.header("request-id"));
    assertThat(inner.path("client-request-id").asText()).isNotBlank();
    assertThat(inner.path("date").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d");
  }

  @Test
  void echoesClientRequestId() {
    TestClient.Response r =
        graph.get(
            "/v1.0/users/nobody@" + emu.tenantDomain(), Map.of("client-request-id", "my-corr-1"));
    assertThat(r.header("client-request-id")).isEqualTo("my-corr-1");
    assertThat(r.json().path("error").path("innerError").path("client-request-id").asText())
        .isEqualTo("my-corr-1");
  }

  @Test
  void createsUserWith201AndNeverReturnsPassword() {
    TestClient.Response r = graph.post("/v1.0/users", newUserJson("create.me"));
    assertThat(r.status()).isEqualTo(201);
    JsonNode j = r.json();
    assertThat(j.path("id").asText()).hasSize(36);
    assertThat(j.path("userPrincipalName").asText()).isEqualTo("create.me@" + emu.tenantDomain());
    assertThat(j.has("passwordProfile")).isFalse();
    assertThat(r.body()).doesNotContain("xWwvJ");
    assertThat(emu.directory().user("create.me@" + emu.tenantDomain())).isPresent();
  }

  @Test
  void duplicateUpnIsObjectConflict() {
    graph.post("/v1.0/users", newUserJson("dup.user"));
    TestClient.Response r = graph.post("/v1.0/users", newUserJson("dup.user"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errorCode()).isEqualTo("Request_BadRequest");
    assertThat(r.errorMessage())
        .isEqualTo(
            "Another object with the same value for property userPrincipalName already exists.");
    JsonNode d = r.json().path("error").path("details").get(0);
    assertThat(d.path("code").asText()).isEqualTo("ObjectConflict");
    assertThat(d.path("target").asText()).isEqualTo("userPrincipalName");
  }

  @Test
  void missingRequiredPropertiesAreReported() {
    TestClient.Response noNick =
        graph.post(
            "/v1.0/users",
            "{\"accountEnabled\":true,\"displayName\":\"X\","
                + "\"userPrincipalName\":\"x1@"
                + emu.tenantDomain()
                + "\",\"passwordProfile\":{\"password\":\"Secret-123!\"}}");
    assertThat(noNick.status()).isEqualTo(400);
    assertThat(noNick.errorCode()).isEqualTo("Request_BadRequest");
    assertThat(noNick.errorMessage())
        .isEqualTo("Property mailNickname value is required but is empty or missing.");
    TestClient.Response noPassword =
        graph.post(
            "/v1.0/users",
            "{\"accountEnabled\":true,\"displayName\":\"X\","
                + "\"mailNickname\":\"x2\",\"userPrincipalName\":\"x2@"
                + emu.tenantDomain()
                + "\"}");
    assertThat(noPassword.errorMessage())
        .isEqualTo("Property passwordProfile value is required but is empty or missing.");
    TestClient.Response foreignDomain =
        graph.post("/v1.0/users", newUserJson("x3").replace(emu.tenantDomain(), "example.org"));
    assertThat(foreignDomain.status()).isEqualTo(400);
    assertThat(foreignDomain.errorMessage()).contains("domain portion of the userPrincipalName");
    TestClient.Response wrongType =
        graph.post(
            "/v1.0/users",
            newUserJson("x4").replace("\"accountEnabled\":true", "\"accountEnabled\":\"yes\""));
    assertThat(wrongType.errorMessage())
        .isEqualTo("Invalid value specified for property 'accountEnabled' of resource 'User'.");
    TestClient.Response empty = graph.request("POST", "/v1.0/users", "", Map.of());
    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.errorCode()).isEqualTo("BadRequest");
  }

  @Test
  void patchReturns204AndUpdates() {
    User u = emu.directory().createUser("patch.me@" + emu.tenantDomain(), "Patch Me");
    TestClient.Response r =
        graph.patch(
            "/v1.0/users/" + u.id(), "{\"jobTitle\":\"Approver\",\"accountEnabled\":false}");
    assertThat(r.status()).isEqualTo(204);
    assertThat(r.body()).isEmpty();
    User after = emu.directory().user(u.id()).orElseThrow();
    assertThat(after.jobTitle()).isEqualTo("Approver");
    assertThat(after.accountEnabled()).isFalse();
    TestClient.Response unknownProp =
        graph.patch("/v1.0/users/" + u.id(), "{\"favouriteColour\":\"blue\"}");
    assertThat(unknownProp.status()).isEqualTo(400);
    assertThat(
            graph
                .patch("/v1.0/users/nobody@" + emu.tenantDomain(), "{\"jobTitle\":\"x\"}")
                .status())
        .isEqualTo(404);
  }

  @Test
  void deleteIsSoftAndRestoreBringsUserBack() {
    User u = emu.directory().createUser("soft.delete@" + emu.tenantDomain(), "Soft Delete");
    assertThat(graph.delete("/v1.0/users/" + u.id()).status()).isEqualTo(204);
    assertThat(graph.get("/v1.0/users/" + u.id()).status()).isEqualTo(404);
    JsonNode deleted = graph.get("/v1.0/directory/deletedItems/microsoft.graph.user").json();
    assertThat(deleted.path("@odata.context").asText())
        .endsWith("$metadata#directory/deletedItems/microsoft.graph.user");
    assertThat(deleted.path("value").findValuesAsText("id")).contains(u.id());
    TestClient.Response restored =
        graph.post("/v1.0/directory/deletedItems/" + u.id() + "/restore", null);
    assertThat(restored.status()).isEqualTo(200);
    assertThat(restored.json().path("@odata.type").asText()).isEqualTo("#microsoft.graph.user");
    assertThat(restored.json().path("id").asText()).isEqualTo(u.id());
    assertThat(graph.get("/v1.0/users/" + u.id()).status()).isEqualTo(200);
    assertThat(graph.post("/v1.0/directory/deletedItems/" + u.id() + "/restore", null).status())
        .isEqualTo(404);
  }

  @Test
  void managerCanBeReadSetAndRemoved() {
    User boss = emu.directory().createUser("boss@" + emu.tenantDomain(), "Boss");
    User worker = emu.directory().createUser("worker@" + emu.tenantDomain(), "Worker");
    TestClient.Response none = graph.get("/v1.0/users/" + worker.id() + "/manager");
    assertThat(none.status()).isEqualTo(404);
    assertThat(none.errorCode()).isEqualTo("Request_ResourceNotFound");
    TestClient.Response put =
        graph.put(
            "/v1.0/users/" + worker.id() + "/manager/$ref",
            "{\"@odata.id\":\"https://graph.microsoft.com/v1.0/users/" + boss.id() + "\"}");
    assertThat(put.status()).isEqualTo(204);
    TestClient.Response get = graph.get("/v1.0/users/" + worker.id() + "/manager");
    assertThat(get.status()).isEqualTo(200);
    assertThat(get.json().path("@odata.type").asText()).isEqualTo("#microsoft.graph.user");
    assertThat(get.json().path("id").asText()).isEqualTo(boss.id());
    assertThat(graph.delete("/v1.0/users/" + worker.id() + "/manager/$ref").status())
        .isEqualTo(204);
    assertThat(emu.directory().manager(worker.id())).isEmpty();
    TestClient.Response badRef =
        graph.put("/v1.0/users/" + worker.id() + "/manager/$ref", "{\"@odata.id\":\"not a url\"}");
    assertThat(badRef.status()).isEqualTo(400);
  }

  @Test
  void revokeSignInSessionsAnswersTrue() {
    User u = emu.directory().users().get(1);
    TestClient.Response r = graph.post("/v1.0/users/" + u.id() + "/revokeSignInSessions", null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().path("value").asBoolean()).isTrue();
    assertThat(r.json().path("@odata.context").asText()).endsWith("$metadata#Edm.Boolean");
  }

  @Test
  void unknownSegmentAndWrongMethod() {
    TestClient.Response r = graph.get("/v1.0/usres");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errorCode()).isEqualTo("BadRequest");
    assertThat(r.errorMessage()).isEqualTo("Resource not found for the segment 'usres'.");
    assertThat(graph.put("/v1.0/users", "{}").status()).isEqualTo(405);
  }
}
