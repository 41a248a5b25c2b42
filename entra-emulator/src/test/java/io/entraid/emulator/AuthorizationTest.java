package io.entraid.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bearer validation (401) and the permission table (403). */
class AuthorizationTest {
  static final AdjustableClock CLOCK = new AdjustableClock(Instant.now());
  static EntraEmulator emu;

  @BeforeAll
  static void start() {
    emu = EntraEmulator.builder().users(10).groups(4).seed(13L).clock(CLOCK).start();
  }

  @AfterAll
  static void stop() {
    emu.close();
  }

  static TestClient as(Set<String> roles) {
    AppRegistration app = emu.registerApp("roles " + roles, roles);
    return new TestClient(emu).withToken(app.clientId(), app.secret().value());
  }

  static void assertDenied(TestClient.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(403);
    assertThat(r.errorCode()).isEqualTo("Authorization_RequestDenied");
    assertThat(r.errorMessage()).isEqualTo("Insufficient privileges to complete the operation.");
  }

  @Test
  void missingOrBadTokenIs401() {
    TestClient anonymous = new TestClient(emu);
    TestClient.Response none = anonymous.get("/v1.0/users");
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.errorCode()).isEqualTo("InvalidAuthenticationToken");
    assertThat(none.errorMessage()).isEqualTo("Access token is empty.");
    TestClient.Response garbage = new TestClient(emu).withRawToken("abc.def").get("/v1.0/users");
    assertThat(garbage.status()).isEqualTo(401);
    assertThat(garbage.errorCode()).isEqualTo("InvalidAuthenticationToken");
    String token = new TestClient(emu).withToken().token();
    String tampered =
        token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
    assertThat(new TestClient(emu).withRawToken(tampered).get("/v1.0/users").status())
        .isEqualTo(401);
  }

  @Test
  void tokenForAnotherEmulatorHasTheWrongAudience() {
    try (EntraEmulator other = EntraEmulator.builder().seed(13L).clock(CLOCK).start()) {
      String foreign = new TestClient(other).withToken().token();
      TestClient.Response r = new TestClient(emu).withRawToken(foreign).get("/v1.0/users");
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.errorMessage()).isEqualTo("Access token validation failure. Invalid audience.");
    }
  }

  @Test
  void expiredTokenIs401() {
    emu.faults().tokenLifetimeSeconds(1);
    TestClient client;
    try {
      client = new TestClient(emu).withToken();
    } finally {
      emu.faults().tokenLifetimeSeconds(3599);
    }
    CLOCK.advance(Duration.ofSeconds(2));
    TestClient.Response r = client.get("/v1.0/users");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.errorMessage()).isEqualTo("Lifetime validation failed, the token is expired.");
  }

  @Test
  void tokenOfAnotherTenantSeesThatTenantsDirectory() {
    Tenant fabrikam = emu.addTenant("fabrikam-authz.onmicrosoft.com");
    fabrikam.directory().createUser("only@fabrikam-authz.onmicrosoft.com", "Only One");
    AppRegistration app = fabrikam.registerApp("fab", Set.of("User.Read.All"));
    TestClient.Response token =
        new TestClient(emu)
            .tokenRequest(
                fabrikam.tenantId(),
                java.util.Map.of(
                    "grant_type",
                    "client_credentials",
                    "client_id",
                    app.clientId(),
                    "client_secret",
                    app.secret().value(),
                    "scope",
                    emu.graphEndpoint() + "/.default"),
                java.util.Map.of());
    TestClient.Response users =
        new TestClient(emu)
            .withRawToken(token.json().path("access_token").asText())
            .get("/v1.0/users");
    assertThat(users.status()).isEqualTo(200);
    assertThat(users.json().path("value")).hasSize(1);
  }

  @Test
  void userReadAllCanReadUsersButNotWriteOrReadGroups() {
    TestClient c = as(Set.of("User.Read.All"));
    assertThat(c.get("/v1.0/users").status()).isEqualTo(200);
    assertThat(c.get("/v1.0/users/delta").status()).isEqualTo(200);
    assertDenied(c.post("/v1.0/users", UsersTest2.body("denied", emu)));
    assertDenied(
        c.patch("/v1.0/users/" + emu.directory().users().get(0).id(), "{\"jobTitle\":\"x\"}"));
    assertDenied(c.get("/v1.0/groups"));
    assertDenied(c.get("/v1.0/groups/" + emu.directory().groups().get(0).id() + "/members"));
    assertDenied(
        c.post(
            "/v1.0/users/" + emu.directory().users().get(0).id() + "/checkMemberGroups",
            "{\"groupIds\":[]}"));
  }

  @Test
  void groupMemberReadWriteCanManageMembersButNotCreateGroupsOrUsers() {
    TestClient c = as(Set.of("GroupMember.ReadWrite.All"));
    Group g = emu.directory().createGroup("Authz members");
    User u = emu.directory().users().get(0);
    assertThat(
            c.post(
                    "/v1.0/groups/" + g.id() + "/members/$ref",
                    "{\"@odata.id\":\"https://graph.microsoft.com/v1.0/directoryObjects/"
                        + u.id()
                        + "\"}")
                .status())
        .isEqualTo(204);
    assertThat(c.delete("/v1.0/groups/" + g.id() + "/members/" + u.id() + "/$ref").status())
        .isEqualTo(204);
    assertDenied(
        c.post(
            "/v1.0/groups",
            "{\"displayName\":\"x\",\"mailEnabled\":false,\"mailNickname\":\"x\",\"securityEnabled\":true}"));
    assertDenied(c.delete("/v1.0/groups/" + g.id()));
    assertDenied(c.get("/v1.0/users"));
  }

  @Test
  void checkMemberGroupsNeedsUserAndGroupMemberRead() {
    String url = "/v1.0/users/" + emu.directory().users().get(0).id() + "/checkMemberGroups";
    assertThat(
            as(Set.of("User.Read.All", "GroupMember.Read.All"))
                .post(url, "{\"groupIds\":[]}")
                .status())
        .isEqualTo(200);
    assertThat(as(Set.of("Directory.Read.All")).post(url, "{\"groupIds\":[]}").status())
        .isEqualTo(200);
    assertDenied(as(Set.of("GroupMember.Read.All")).post(url, "{\"groupIds\":[]}"));
  }

  @Test
  void withoutAdminConsentEverythingIs403() {
    AppRegistration app =
        emu.registerApp("unconsented", Set.of("Directory.ReadWrite.All")).adminConsent(false);
    TestClient c = new TestClient(emu).withToken(app.clientId(), app.secret().value());
    assertDenied(c.get("/v1.0/users"));
    assertDenied(c.get("/v1.0/groups"));
  }

  /** Shared body helper. */
  static final class UsersTest2 {
    static String body(String nick, EntraEmulator e) {
      return "{\"accountEnabled\":true,\"displayName\":\""
          + nick
          + "\",\"mailNickname\":\""
          + nick
          + "\",\"userPrincipalName\":\""
          + nick
          + "@"
          + e.tenantDomain()
          + "\",\"passwordProfile\":{\"password\":\"P@ss-w0rd-123\"}}";
    }
  }

  @Test
  void enablingOrDisablingAloneNeedsOnlyTheNarrowPermission() {
    TestClient narrow = as(Set.of("User.EnableDisableAccount.All", "User.Read.All"));
    String id = emu.directory().users().get(1).id();
    assertThat(narrow.patch("/v1.0/users/" + id, "{\"accountEnabled\": false}").status())
        .isEqualTo(204);
    assertThat(emu.directory().user(id).orElseThrow().accountEnabled()).isFalse();
    assertDenied(
        narrow.patch("/v1.0/users/" + id, "{\"accountEnabled\": true, \"jobTitle\": \"x\"}"));
    assertDenied(
        as(Set.of("User.EnableDisableAccount.All"))
            .patch("/v1.0/users/" + id, "{\"accountEnabled\": true}"));
  }
}
