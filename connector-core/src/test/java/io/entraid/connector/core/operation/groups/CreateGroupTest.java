package io.entraid.connector.core.operation.groups;

import static org.assertj.core.api.Assertions.assertThat;

import io.entraid.connector.core.graph.GraphErrorCategory;
import io.entraid.connector.core.graph.GraphException;
import io.entraid.connector.core.operation.EmulatorFixture;
import io.entraid.emulator.Group;
import io.entraid.emulator.RecordedRequest;
import io.entraid.emulator.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CreateGroupTest {
  static EmulatorFixture fixture;

  @BeforeAll
  static void start() {
    fixture = new EmulatorFixture(100, 5);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  static String unique() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> create(Map<String, ?> inputs) {
    return (Map<String, Object>) fixture.run("createGroup", inputs).result();
  }

  static Group group(Map<String, Object> result) {
    return fixture.emulator().directory().group((String) result.get("id")).orElseThrow();
  }

  static List<String> userIds(int from, int count) {
    return fixture.emulator().directory().users().subList(from, from + count).stream()
        .map(User::id)
        .toList();
  }

  static List<String> methodsAndPaths() {
    return fixture.httpRequests().stream().map(r -> r.method() + " " + r.path()).toList();
  }

  @Test
  void aSecurityGroupWithDerivedNicknameTakesACheckAndOneCreate() {
    String suffix = unique();
    Map<String, Object> result =
        create(Map.of("displayName", "Project Phoenix " + suffix, "description", "Phase 1"));
    assertThat(result)
        .containsOnlyKeys("id", "displayName", "mailNickname")
        .containsEntry("displayName", "Project Phoenix " + suffix)
        .containsEntry("mailNickname", "ProjectPhoenix" + suffix.replace("-", ""));
    Group g = group(result);
    assertThat(g.securityEnabled()).isTrue();
    assertThat(g.mailEnabled()).isFalse();
    assertThat(g.groupTypes()).isEmpty();
    assertThat(g.description()).isEqualTo("Phase 1");
    assertThat(methodsAndPaths()).containsExactly("GET /v1.0/groups", "POST /v1.0/groups");
  }

  @Test
  void aMicrosoft365GroupIsUnifiedAndMailEnabled() {
    String nickname = "m365-" + unique();
    Group g =
        group(
            create(
                Map.of(
                    "displayName",
                    "Team " + nickname,
                    "mailNickname",
                    nickname,
                    "type",
                    "microsoft365")));
    assertThat(g.unified()).isTrue();
    assertThat(g.mailEnabled()).isTrue();
    assertThat(g.securityEnabled()).isFalse();
    assertThat(g.mailNickname()).isEqualTo(nickname);
    assertThat(g.mail()).startsWith(nickname + "@");
  }

  @Test
  void ownersAndUpToTwentyMembersGoIntoTheCreateRequest() {
    User owner = fixture.emulator().directory().users().get(0);
    List<String> members = userIds(1, 5);
    Group g =
        group(
            create(
                Map.of(
                    "displayName",
                    "Small " + unique(),
                    "owners",
                    owner.userPrincipalName(),
                    "members",
                    members)));
    assertThat(fixture.emulator().directory().memberIds(g.id()))
        .containsExactlyInAnyOrderElementsOf(lower(members));
    // the owner's UPN is looked up in one $batch; no write besides the create
    assertThat(methodsAndPaths())
        .containsExactly("GET /v1.0/groups", "POST /v1.0/$batch", "POST /v1.0/groups");
    RecordedRequest post = fixture.httpRequests().get(2);
    assertThat(post.body()).contains("owners@odata.bind").contains("members@odata.bind");
  }

  @Test
  void membersBeyondTheCreateLimitAreAddedTwentyPerWrite() {
    String owner = userIds(0, 1).get(0);
    List<String> members = userIds(1, 45);
    Group g =
        group(
            create(
                Map.of("displayName", "Large " + unique(), "owners", owner, "members", members)));
    assertThat(fixture.emulator().directory().memberIds(g.id()))
        .containsExactlyInAnyOrderElementsOf(lower(members));
    // 19 members fit beside the owner; the other 26 take two PATCHes after one read of the (new)
    // membership
    assertThat(methodsAndPaths())
        .containsExactly(
            "GET /v1.0/groups",
            "POST /v1.0/groups",
            "GET /v1.0/groups/" + g.id() + "/members",
            "PATCH /v1.0/groups/" + g.id(),
            "PATCH /v1.0/groups/" + g.id());
  }

  @Test
  void anExistingMailNicknameIsAlreadyExistsAndNothingIsCreated() {
    String nickname = "dup" + unique();
    Map<String, Object> first =
        create(Map.of("displayName", "First " + nickname, "mailNickname", nickname));
    int groups = fixture.emulator().directory().groupCount();
    GraphException e =
        fixture.failure(
            GraphErrorCategory.ALREADY_EXISTS,
            "createGroup",
            Map.of("displayName", "Second " + nickname, "mailNickname", nickname.toUpperCase()));
    assertThat(e.getMessage())
        .contains(nickname.toUpperCase())
        .contains((String) first.get("id"))
        .contains("Fix:");
    assertThat(fixture.emulator().directory().groupCount()).isEqualTo(groups);
    assertThat(methodsAndPaths()).containsExactly("GET /v1.0/groups");
  }

  @Test
  void anInvalidMailNicknameIsRefusedBeforeAnyRequest() {
    GraphException e =
        fixture.failure(
            GraphErrorCategory.INVALID_INPUT,
            "createGroup",
            Map.of("displayName", "Bad", "mailNickname", "has space"));
    assertThat(e.getMessage()).contains("Input 'mailNickname'");
    assertThat(fixture.httpRequests()).isEmpty();
  }

  @Test
  void aDisplayNameWithoutAsciiNeedsAnExplicitNickname() {
    GraphException e =
        fixture.failure(
            GraphErrorCategory.INVALID_INPUT, "createGroup", Map.of("displayName", "日本"));
    assertThat(e.getMessage()).contains("Input 'mailNickname'").contains("Fix:");
    assertThat(fixture.httpRequests()).isEmpty();
  }

  @Test
  void moreThanTwentyOwnersAreRefused() {
    GraphException e =
        fixture.failure(
            GraphErrorCategory.INVALID_INPUT,
            "createGroup",
            Map.of("displayName", "Owners", "owners", userIds(0, 21)));
    assertThat(e.getMessage()).contains("Input 'owners'").contains("at most 20");
  }

  @Test
  void anUnknownMemberIsNotFoundNamingTheUser() {
    GraphException e =
        fixture.failure(
            GraphErrorCategory.NOT_FOUND,
            "createGroup",
            Map.of(
                "displayName",
                "Ghosts " + unique(),
                "members",
                "ghost@" + fixture.emulator().tenantDomain()));
    assertThat(e.getMessage()).contains("User 'ghost@");
  }

  @Test
  void withoutGroupCreateTheMessageNamesIt() {
    GraphException e =
        fixture.failure(
            fixture.connectionWith("User.Read.All", "GroupMember.Read.All"),
            GraphErrorCategory.PERMISSION_DENIED,
            "createGroup",
            Map.of("displayName", "Denied " + unique()));
    assertThat(e.getMessage()).contains("Group.Create").contains("createGroup");
    assertThat(e.requiredPermission()).isEqualTo("Group.Create");
  }

  static List<String> lower(List<String> ids) {
    List<String> out = new ArrayList<>();
    ids.forEach(id -> out.add(id.toLowerCase()));
    return out;
  }

  /**
   * A gateway timeout after Graph created the group (emulator fault applyThenFail): group names and
   * security-group nicknames are not unique, so no lookup can claim the group; the create is not
   * repeated and the failure says what to check (an incident, not a retry that would create a
   * second group).
   */
  @Test
  void aLostAnswerToAGroupCreateIsNotRepeatedAndSaysWhatToCheck() {
    String nickname = "lost" + unique();
    fixture.emulator().faults().applyThenFail(1, 504, "POST", "/v1.0/groups");
    try {
      GraphException e =
          fixture.failure(
              GraphErrorCategory.OUTCOME_UNKNOWN,
              "createGroup",
              Map.of("displayName", "Lost " + nickname, "mailNickname", nickname));
      assertThat(e.category().isRetryable()).isFalse();
      assertThat(e.getMessage())
          .contains("may have been created", "mail nickname '" + nickname + "'");
    } finally {
      fixture.emulator().faults().reset();
    }
    assertThat(methodsAndPaths())
        .filteredOn(c -> c.startsWith("POST"))
        .containsExactly("POST /v1.0/groups");
    assertThat(fixture.emulator().directory().groups())
        .filteredOn(g -> nickname.equals(g.mailNickname()))
        .hasSize(1);
  }
}
