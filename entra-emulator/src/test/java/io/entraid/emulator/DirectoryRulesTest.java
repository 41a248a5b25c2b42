package io.entraid.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Group and user rules Graph enforces, each after the Microsoft page named in the test. */
class DirectoryRulesTest {
  static EntraEmulator emu;
  static TestClient graph;
  static int counter;

  @BeforeAll
  static void start() {
    emu = EntraEmulator.builder().users(4).groups(2).seed(21L).start();
    graph = new TestClient(emu).withToken();
  }

  @AfterAll
  static void stop() {
    emu.close();
  }

  static String unique(String prefix) {
    return prefix + (++counter);
  }

  static TestClient.Response createGroup(String nickname, boolean unified, boolean mailEnabled) {
    return graph.post(
        "/v1.0/groups",
        "{\"displayName\":\""
            + nickname
            + "\",\"mailNickname\":\""
            + nickname
            + "\",\"mailEnabled\":"
            + mailEnabled
            + ",\"securityEnabled\":"
            + !unified
            + ",\"groupTypes\":["
            + (unified ? "\"Unified\"" : "")
            + "]}");
  }

  static String ref(String id) {
    return "{\"@odata.id\":\"" + emu.graphEndpoint() + "/v1.0/directoryObjects/" + id + "\"}";
  }

  static TestClient.Response createUser(String upnLocal, String password) {
    return graph.post(
        "/v1.0/users",
        "{\"accountEnabled\":true,\"displayName\":\"x\",\"mailNickname\":\"x"
            + (++counter)
            + "\",\"userPrincipalName\":\""
            + upnLocal
            + "@"
            + emu.directory().defaultDomain()
            + "\",\"passwordProfile\":{\"password\":\""
            + password
            + "\"}}");
  }

  /**
   * groups-allowed-member-types.md / group-post-members.md: a Microsoft 365 group cannot be a
   * member of any group.
   */
  @Test
  void aMicrosoft365GroupIsNeverAMember() {
    String m365 = createGroup(unique("m365-"), true, true).json().path("id").asText();
    String security = createGroup(unique("sec-"), false, false).json().path("id").asText();
    TestClient.Response r = graph.post("/v1.0/groups/" + security + "/members/$ref", ref(m365));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errorCode()).isEqualTo("Request_BadRequest");
    assertThat(graph.post("/v1.0/groups/" + m365 + "/members/$ref", ref(security)).status())
        .as("only users join a Microsoft 365 group")
        .isEqualTo(400);
    String user = emu.directory().users().get(0).id();
    assertThat(graph.post("/v1.0/groups/" + m365 + "/members/$ref", ref(user)).status())
        .isEqualTo(204);
    assertThat(
            graph
                .post(
                    "/v1.0/groups/" + security + "/members/$ref",
                    ref(createGroup(unique("nested-"), false, false).json().path("id").asText()))
                .status())
        .as("security groups nest")
        .isEqualTo(204);
  }

  /**
   * group-post-groups.md: only Microsoft 365 and security groups can be created; not mail-enabled
   * security groups.
   */
  @Test
  void mailEnabledSecurityGroupsCannotBeCreated() {
    TestClient.Response r =
        graph.post(
            "/v1.0/groups",
            "{\"displayName\":\"mesg\",\"mailNickname\":\""
                + unique("mesg")
                + "\",\"mailEnabled\":true,\"securityEnabled\":true,\"groupTypes\":[]}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errorMessage()).contains("mail-enabled groups");
  }

  /**
   * A Microsoft 365 group's mailNickname is its mail alias: unique. Security groups may share one
   * (group-post-groups.md).
   */
  @Test
  void aMicrosoft365MailNicknameIsUnique() {
    String nickname = unique("shared");
    assertThat(createGroup(nickname, true, true).status()).isEqualTo(201);
    TestClient.Response again = createGroup(nickname, true, true);
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.json().path("error").path("details").get(0).path("code").asText())
        .isEqualTo("ObjectConflict");
    assertThat(createGroup(nickname, false, false).status()).isEqualTo(201);
    assertThat(createGroup(nickname, false, false).status()).isEqualTo(201);
  }

  /** group-update.md: groupTypes of a security group cannot be changed to Unified. */
  @Test
  void groupTypesCannotMakeASecurityGroupAMicrosoft365Group() {
    String id = createGroup(unique("sec-"), false, false).json().path("id").asText();
    assertThat(graph.patch("/v1.0/groups/" + id, "{\"groupTypes\":[\"Unified\"]}").status())
        .isEqualTo(400);
    assertThat(emu.directory().group(id).orElseThrow().unified()).isFalse();
  }

  /**
   * A non-GUID object id is 400 Request_BadRequest "Invalid object identifier", not 404 (an id that
   * was never valid).
   */
  @Test
  void aNonGuidGroupOrObjectIdIsInvalidNotNotFound() {
    TestClient.Response r = graph.get("/v1.0/groups/not-a-guid");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errorCode()).isEqualTo("Request_BadRequest");
    assertThat(r.errorMessage()).isEqualTo("Invalid object identifier 'not-a-guid'.");
    assertThat(graph.delete("/v1.0/groups/not-a-guid").status()).isEqualTo(400);
    String group = emu.directory().groups().get(0).id();
    TestClient.Response member =
        graph.post(
            "/v1.0/groups/" + group + "/members/$ref",
            "{\"@odata.id\":\"" + emu.graphEndpoint() + "/v1.0/directoryObjects/nope\"}");
    assertThat(member.status()).isEqualTo(400);
    assertThat(member.errorMessage()).contains("Invalid object identifier");
  }

  /** user-post-users.md (userPrincipalName: A-Z a-z 0-9 ' . - _ ! # ^ ~ before the @). */
  @Test
  void userPrincipalNamesWithCharactersEntraRefusesAre400() {
    for (String local : new String[] {"jürgen", "quote\\\"d", "with space", ".dot"}) {
      TestClient.Response r = createUser(local, "Xy7!kLm9#qRt");
      assertThat(r.status()).as(local).isEqualTo(400);
      assertThat(r.errorMessage())
          .isEqualTo(
              "Invalid value specified for property 'userPrincipalName' of resource 'User'.");
    }
    assertThat(createUser("o'neil_x-y!z#a^b~" + counter, "Xy7!kLm9#qRt").status()).isEqualTo(201);
  }

  /** Password policy (concepts: 8-256 characters, three of four character classes). */
  @Test
  void aPasswordThatFailsComplexityIs400WithEntrasMessage() {
    TestClient.Response r = createUser(unique("weak"), "a");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errorMessage())
        .isEqualTo(
            "The specified password does not comply with password complexity"
                + " requirements. Please provide a different password.");
    assertThat(createUser(unique("lower"), "alllowercase").status()).isEqualTo(400);
    assertThat(createUser(unique("strong"), "Correct-Horse-42").status()).isEqualTo(201);
  }

  /**
   * Graph reads only JSON bodies: a form-urlencoded write is refused
   * (msgraph-sample-pythondjangoapp issue 22).
   */
  @Test
  void formUrlencodedBodiesAreRefused() {
    TestClient.Response r =
        graph.request(
            "POST",
            "/v1.0/groups",
            null,
            java.util.Map.of("Content-Type", "application/x-www-form-urlencoded"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errorMessage())
        .isEqualTo("Entity only allows writes with a JSON Content-Type header.");
  }

  /**
   * A deleted user's userPrincipalName gets its id (without dashes) as prefix, freeing the name;
   * restoring it while another user holds the name is a conflict unless newUserPrincipalName is
   * given (directory-deleteditems-restore.md).
   */
  @Test
  void aDeletedUsersNameIsFreedAndRestoringNeedsANewNameWhenTaken() {
    String local = unique("leaver");
    String id = createUser(local, "Xy7!kLm9#qRt").json().path("id").asText();
    assertThat(graph.delete("/v1.0/users/" + id).status()).isEqualTo(204);
    String deletedName =
        graph.get("/v1.0/directory/deletedItems/" + id).json().path("userPrincipalName").asText();
    assertThat(deletedName)
        .isEqualTo(id.replace("-", "") + local + "@" + emu.directory().defaultDomain());
    assertThat(createUser(local, "Xy7!kLm9#qRt").status())
        .as("the name is free again")
        .isEqualTo(201);

    TestClient.Response taken = graph.post("/v1.0/directory/deletedItems/" + id + "/restore", "{}");
    assertThat(taken.status()).isEqualTo(400);
    assertThat(taken.json().path("error").path("details").get(0).path("code").asText())
        .isEqualTo("ObjectConflict");
    String newName = local + "-back@" + emu.directory().defaultDomain();
    TestClient.Response restored =
        graph.post(
            "/v1.0/directory/deletedItems/" + id + "/restore",
            "{\"newUserPrincipalName\":\"" + newName + "\"}");
    assertThat(restored.status()).isEqualTo(200);
    assertThat(restored.json().path("userPrincipalName").asText()).isEqualTo(newName);
  }
}
