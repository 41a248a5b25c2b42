package io.entraid.connector.core.operation.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.entraid.connector.core.graph.GraphErrorCategory;
import io.entraid.connector.core.graph.GraphException;
import io.entraid.emulator.User;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** getManager, setManager and removeManager. */
class ManagerTest extends EmulatorTestBase {

  @Test
  void setManagerByNameResolvesTheManagerAndPutsTheReference() throws Exception {
    User user = newUser("report");
    User boss = newUser("boss");

    Object result =
        run(
                "setManager",
                Map.of("user", user.userPrincipalName(), "manager", boss.userPrincipalName()))
            .result();

    assertThat(result).isEqualTo(boss.id());
    assertThat(emulator.directory().manager(user.id())).map(User::id).contains(boss.id());
    assertThat(graphCalls())
        .containsExactly(
            "GET /v1.0/users/" + boss.userPrincipalName(),
            "PUT /v1.0/users/" + user.userPrincipalName() + "/manager/$ref");
    assertThat(
            new ObjectMapper().readTree(graphRequests().get(1).body()).path("@odata.id").asText())
        .isEqualTo(emulator.graphEndpoint() + "/v1.0/users/" + boss.id());
  }

  @Test
  void setManagerByIdIsOneRequestAndReplacesThePreviousManager() {
    User user = newUser("replaced");
    User old = newUser("oldboss");
    User boss = newUser("newboss");
    emulator.directory().setManager(user.id(), old.id());

    run("setManager", Map.of("user", user.id(), "manager", boss.id()));

    assertThat(emulator.directory().manager(user.id())).map(User::id).contains(boss.id());
    assertThat(graphCalls()).containsExactly("PUT /v1.0/users/" + user.id() + "/manager/$ref");
  }

  @Test
  void setManagerNamesWhichOfTheTwoIsMissing() {
    User user = newUser("orphan");
    String missingId = "00000000-0000-0000-0000-0000000000aa";

    GraphException missingManager =
        failure("setManager", Map.of("user", user.id(), "manager", missingId));
    GraphException missingUser =
        failure("setManager", Map.of("user", upn("nobody.manager"), "manager", user.id()));

    assertThat(missingManager.category()).isEqualTo(GraphErrorCategory.NOT_FOUND);
    assertThat(missingManager.getMessage()).contains("User '" + missingId + "' does not exist");
    assertThat(missingUser.category()).isEqualTo(GraphErrorCategory.NOT_FOUND);
    assertThat(missingUser.getMessage())
        .contains("User '" + upn("nobody.manager") + "' does not exist");
    assertThat(emulator.directory().manager(user.id())).isEmpty();
  }

  @Test
  void nobodyIsTheirOwnManager() {
    User user = newUser("self");

    GraphException e = failure("setManager", Map.of("user", user.id(), "manager", user.id()));

    assertThat(e.category()).isEqualTo(GraphErrorCategory.INVALID_INPUT);
    assertThat(e.getMessage()).contains("Input 'manager' of setManager names the user itself");
    assertThat(graphCalls()).isEmpty();
  }

  @Test
  @SuppressWarnings("unchecked")
  void getManagerReturnsTheManagersProperties() {
    User user = newUser("managed");
    User boss = newUser("getboss");
    emulator.directory().setManager(user.id(), boss.id());

    Map<String, Object> manager =
        (Map<String, Object>)
            run(
                    "getManager",
                    Map.of("user", user.userPrincipalName(), "properties", "id,displayName"))
                .result();

    // The emulator ignores $select on /manager (Graph honours it), so only the request shows the
    // selection.
    assertThat(manager)
        .containsEntry("id", boss.id())
        .containsEntry("displayName", boss.displayName())
        .doesNotContainKey("@odata.type");
    assertThat(graphCalls())
        .containsExactly("GET /v1.0/users/" + user.userPrincipalName() + "/manager");
    assertThat(graphRequests().get(0).rawQuery()).isEqualTo("$select=id,displayName");
  }

  @Test
  void getManagerOfAUserWithoutOneIsNull() {
    User user = newUser("unmanaged");

    assertThat(run("getManager", Map.of("user", user.id())).result()).isNull();
    assertThat(graphCalls())
        .containsExactly(
            "GET /v1.0/users/" + user.id() + "/manager", "GET /v1.0/users/" + user.id());
  }

  @Test
  void getManagerOfAMissingUserIsNotFound() {
    GraphException e = failure("getManager", Map.of("user", upn("nobody.getmanager")));

    assertThat(e.category()).isEqualTo(GraphErrorCategory.NOT_FOUND);
    assertThat(e.getMessage()).contains("User '" + upn("nobody.getmanager") + "' does not exist");
  }

  @Test
  void removeManagerRemovesAndASecondRunReportsNothingToRemove() {
    User user = newUser("removed");
    User boss = newUser("removedboss");
    emulator.directory().setManager(user.id(), boss.id());

    assertThat(run("removeManager", Map.of("user", user.id())).result()).isEqualTo(true);
    assertThat(emulator.directory().manager(user.id())).isEmpty();
    assertThat(run("removeManager", Map.of("user", user.id())).result()).isEqualTo(false);

    String ref = "DELETE /v1.0/users/" + user.id() + "/manager/$ref";
    assertThat(graphCalls()).containsExactly(ref, ref, "GET /v1.0/users/" + user.id());
  }

  @Test
  void removeManagerOfAMissingUserIsNotFound() {
    GraphException e = failure("removeManager", Map.of("user", upn("nobody.removemanager")));

    assertThat(e.category()).isEqualTo(GraphErrorCategory.NOT_FOUND);
    assertThat(e.getMessage())
        .contains("User '" + upn("nobody.removemanager") + "' does not exist");
  }
}
