package io.entraid.connector.core.operation.users;

import static org.assertj.core.api.Assertions.assertThat;

import io.entraid.connector.core.graph.GraphErrorCategory;
import io.entraid.connector.core.graph.GraphException;
import io.entraid.emulator.Group;
import io.entraid.emulator.User;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeleteRestoreUserTest extends EmulatorTestBase {

  @Test
  void deleteByNameLooksUpTheIdDeletesAndReturnsIt() {
    User user = newUser("delete");

    Object result = run("deleteUser", Map.of("user", user.userPrincipalName())).result();

    assertThat(result).isEqualTo(user.id());
    assertThat(emulator.directory().user(user.id())).isEmpty();
    assertThat(emulator.directory().deletedItem(user.id())).isPresent();
    assertThat(graphCalls())
        .containsExactly(
            "GET /v1.0/users/" + user.userPrincipalName(), "DELETE /v1.0/users/" + user.id());
  }

  @Test
  void deleteByIdIsOneRequestAndASecondRunIsNotFound() {
    User user = newUser("deleteid");

    assertThat(run("deleteUser", Map.of("user", user.id())).result()).isEqualTo(user.id());
    GraphException again = failure("deleteUser", Map.of("user", user.id()));

    assertThat(again.category()).isEqualTo(GraphErrorCategory.NOT_FOUND);
    assertThat(again.getMessage()).contains("User '" + user.id() + "' does not exist");
    assertThat(graphCalls())
        .containsExactly("DELETE /v1.0/users/" + user.id(), "DELETE /v1.0/users/" + user.id());
  }

  @Test
  void restoreByIdBringsTheUserBackWithItsMemberships() {
    User user = newUser("restoreid");
    Group group = emulator.directory().createGroup("Restore Members " + user.displayName());
    emulator.directory().addMember(group.id(), user.id());
    emulator.directory().deleteUser(user.id());

    @SuppressWarnings("unchecked")
    Map<String, Object> restored =
        (Map<String, Object>) run("restoreUser", Map.of("user", user.id())).result();

    assertThat(restored)
        .containsEntry("id", user.id())
        .containsEntry("userPrincipalName", user.userPrincipalName());
    assertThat(stored(user.id()).userPrincipalName()).isEqualTo(user.userPrincipalName());
    assertThat(emulator.directory().memberIds(group.id())).contains(user.id());
    assertThat(graphCalls())
        .containsExactly(
            "GET /v1.0/directory/deletedItems/" + user.id(),
            "POST /v1.0/directory/deletedItems/" + user.id() + "/restore");
  }

  @Test
  void restoreByNameFindsTheDeletedUserWithAnAdvancedQuery() {
    User user = newUser("restorename");
    User longerName =
        emulator.directory().createUser("x" + user.userPrincipalName(), "Longer name, same ending");
    emulator.directory().deleteUser(user.id());
    emulator.directory().deleteUser(longerName.id());
    // As in Entra ID, a deleted user's name carries its id as prefix: the lookup must see through
    // it.
    assertThat(emulator.directory().deletedItem(user.id()).orElseThrow().get("userPrincipalName"))
        .isEqualTo(user.id().replace("-", "") + user.userPrincipalName());

    run("restoreUser", Map.of("user", user.userPrincipalName()));

    assertThat(stored(user.id())).isNotNull();
    assertThat(emulator.directory().deletedItem(longerName.id())).isPresent();
    assertThat(graphCalls())
        .containsExactly(
            "GET /v1.0/directory/deletedItems/microsoft.graph.user",
            "POST /v1.0/directory/deletedItems/" + user.id() + "/restore");
    assertThat(graphRequests().get(0).header("ConsistencyLevel")).isEqualTo("eventual");
  }

  @Test
  void aNameThatNoDeletedUserHadIsNotFound() {
    GraphException e = failure("restoreUser", Map.of("user", upn("never.deleted")));

    assertThat(e.category()).isEqualTo(GraphErrorCategory.NOT_FOUND);
    assertThat(e.getMessage())
        .contains("No deleted user had the user principal name '" + upn("never.deleted") + "'");
  }

  @Test
  void anIdNotInDeletedItemsIsNotFound() {
    User active = newUser("active");

    GraphException e = failure("restoreUser", Map.of("user", active.id()));

    assertThat(e.category()).isEqualTo(GraphErrorCategory.NOT_FOUND);
    assertThat(e.getMessage())
        .contains("Deleted user '" + active.id() + "' is not in the deleted items");
    assertThat(graphCalls()).hasSize(1);
  }

  @Test
  void aDeletedGroupIsNotRestoredAsAUser() {
    Group group =
        emulator
            .directory()
            .createGroup(
                Map.of(
                    "displayName",
                    "Unified Restore",
                    "mailEnabled",
                    true,
                    "securityEnabled",
                    false,
                    "mailNickname",
                    "unifiedrestore",
                    "groupTypes",
                    java.util.List.of("Unified")));
    emulator.directory().deleteGroup(group.id());

    GraphException e = failure("restoreUser", Map.of("user", group.id()));

    assertThat(e.category()).isEqualTo(GraphErrorCategory.NOT_FOUND);
    assertThat(e.getMessage()).contains("is a group, not a user");
    assertThat(emulator.directory().deletedItem(group.id())).isPresent();
    assertThat(graphCalls()).hasSize(1);
  }

  @Test
  void aRestoreWhoseNameWasTakenMeanwhileIsAlreadyExists() {
    User user = newUser("reused");
    emulator.directory().deleteUser(user.id());
    emulator.directory().createUser(user.userPrincipalName(), "Newcomer");

    GraphException e = failure("restoreUser", Map.of("user", user.id()));

    assertThat(e.category()).isEqualTo(GraphErrorCategory.ALREADY_EXISTS);
    assertThat(e.getMessage())
        .contains("Deleted user '" + user.id() + "' cannot be restored")
        .contains("Fix:");
  }
}
