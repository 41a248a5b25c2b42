package io.entraid.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Small wire facts Microsoft's clients may rely on, each after the page named in the test. */
class WireDetailsTest {
  static EntraEmulator emu;
  static TestClient graph;

  @BeforeAll
  static void start() {
    emu = EntraEmulator.builder().users(3).groups(1).seed(5L).start();
    graph = new TestClient(emu).withToken();
  }

  @AfterAll
  static void stop() {
    emu.close();
  }

  /** OData answers say OData-Version 4.0 and are not to be cached. */
  @Test
  void odataVersionAndCacheControl() {
    TestClient.Response r = graph.get("/v1.0/users?$top=1");
    assertThat(r.header("OData-Version")).isEqualTo("4.0");
    assertThat(r.header("Cache-Control")).isEqualTo("no-cache");
  }

  /** RFC 6750 section 3: a 401 names the scheme and where to get a token. */
  @Test
  void a401CarriesWwwAuthenticate() {
    TestClient.Response r = new TestClient(emu).withRawToken("not.a.token").get("/v1.0/users");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.header("WWW-Authenticate")).startsWith("Bearer ").contains("authorization_uri=");
  }

  /** group-post-groups.md: the 201 carries @odata.id. */
  @Test
  void createdGroupCarriesItsOdataId() {
    TestClient.Response r =
        graph.post(
            "/v1.0/groups",
            "{\"displayName\":\"With id\",\"mailNickname\":\"withid\","
                + "\"mailEnabled\":false,\"securityEnabled\":true}");
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.json().path("@odata.id").asText())
        .endsWith(
            "/directoryObjects/"
                + r.json().path("id").asText()
                + "/Microsoft.DirectoryServices.Group");
  }

  /** directory-deleteditems-get.md: the context of a deleted item. */
  @Test
  void deletedItemContext() {
    String id = emu.directory().users().get(2).id();
    emu.directory().deleteUser(id);
    assertThat(
            graph.get("/v1.0/directory/deletedItems/" + id).json().path("@odata.context").asText())
        .endsWith("/v1.0/$metadata#directory/deletedItems/$entity");
  }

  /** user.md: aboutMe is returned only on $select of a single user; a list with it answers 501. */
  @Test
  void aboutMeOnAListIs501() {
    TestClient.Response r = graph.get("/v1.0/users?$select=id,aboutMe");
    assertThat(r.status()).isEqualTo(501);
    assertThat(r.errorCode()).isEqualTo("NotImplemented");
  }

  /**
   * json-batching.md: a failed item's innerError carries the client-request-id of the $batch
   * request.
   */
  @Test
  void batchItemErrorsCarryTheOuterClientRequestId() {
    TestClient.Response r =
        graph.request(
            "POST",
            "/v1.0/$batch",
            "{\"requests\":[{\"id\":\"1\",\"method\":\"GET\","
                + "\"url\":\"/users/00000000-0000-4000-8000-000000000000\"}]}",
            Map.of("client-request-id", "outer-42"));
    assertThat(
            r.json()
                .path("responses")
                .get(0)
                .path("body")
                .path("error")
                .path("innerError")
                .path("client-request-id")
                .asText())
        .isEqualTo("outer-42");
  }
}
