package io.entraid.connector.core.operation.users;

import static org.assertj.core.api.Assertions.assertThat;

import io.entraid.connector.core.graph.GraphErrorCategory;
import io.entraid.connector.core.graph.GraphException;
import io.entraid.emulator.Group;
import io.entraid.emulator.User;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListUserGroupsTest extends EmulatorTestBase {

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> groups(Map<String, ?> inputs) {
    return (List<Map<String, Object>>) run("listUserGroups", inputs).result();
  }

  @Test
  void transitiveByDefaultWithIdNameAndNickname() {
    User user = newUser("member");
    Group direct = emulator.directory().createGroup("Direct " + user.displayName());
    Group parent = emulator.directory().createGroup("Parent " + user.displayName());
    emulator.directory().addMember(direct.id(), user.id());
    emulator.directory().addMember(parent.id(), direct.id());

    List<Map<String, Object>> groups = groups(Map.of("user", user.userPrincipalName()));

    assertThat(groups)
        .extracting(g -> g.get("id"))
        .containsExactlyInAnyOrder(direct.id(), parent.id());
    assertThat(groups)
        .allSatisfy(g -> assertThat(g).containsOnlyKeys("id", "displayName", "mailNickname"));
    assertThat(graphCalls())
        .containsExactly("GET /v1.0/users/" + user.userPrincipalName() + "/transitiveMemberOf");
    assertThat(graphRequests().get(0).header("ConsistencyLevel")).isNull();
  }

  @Test
  void directOnlyWhenTransitiveIsOff() {
    User user = newUser("directonly");
    Group direct = emulator.directory().createGroup("Only direct " + user.displayName());
    Group parent = emulator.directory().createGroup("Not listed " + user.displayName());
    emulator.directory().addMember(direct.id(), user.id());
    emulator.directory().addMember(parent.id(), direct.id());

    List<Map<String, Object>> groups =
        groups(Map.of("user", user.id(), "transitive", false, "properties", "id"));

    assertThat(groups).containsExactly(Map.of("id", direct.id()));
    assertThat(graphCalls()).containsExactly("GET /v1.0/users/" + user.id() + "/memberOf");
  }

  @Test
  void aUserInNoGroupGetsAnEmptyList() {
    assertThat(groups(Map.of("user", newUser("lonely").id()))).isEmpty();
  }

  @Test
  void aMissingUserIsNotFoundNamingTheUser() {
    GraphException e = failure("listUserGroups", Map.of("user", upn("nobody.groups")));

    assertThat(e.category()).isEqualTo(GraphErrorCategory.NOT_FOUND);
    assertThat(e.getMessage()).contains("User '" + upn("nobody.groups") + "' does not exist");
  }
}
