package io.entraid.connector.core.operation.users;

import static org.assertj.core.api.Assertions.assertThat;

import io.entraid.connector.core.graph.GraphErrorCategory;
import io.entraid.connector.core.graph.GraphException;
import io.entraid.emulator.User;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpdateUserTest extends EmulatorTestBase {

  @Test
  @SuppressWarnings("unchecked")
  void patchesThePropertiesAndReturnsTheUserReadBack() {
    User user = newUser("update");

    Map<String, Object> result =
        (Map<String, Object>)
            run(
                    "updateUser",
                    Map.of(
                        "user",
                        user.userPrincipalName(),
                        "properties",
                        "{\"jobTitle\": \"Engineer\", \"city\": \"Graz\"}"))
                .result();

    assertThat(stored(user.id()).jobTitle()).isEqualTo("Engineer");
    assertThat(stored(user.id()).get("city")).isEqualTo("Graz");
    assertThat(result)
        .containsEntry("id", user.id())
        .containsEntry("jobTitle", "Engineer")
        .containsEntry("city", "Graz")
        .containsKey("accountEnabled");
    String path = "/v1.0/users/" + user.userPrincipalName();
    assertThat(graphCalls()).containsExactly("PATCH " + path, "GET " + path);
  }

  @Test
  @SuppressWarnings("unchecked")
  void aRenameReadsTheUserBackUnderTheNewName() {
    User user = newUser("rename");
    String renamed = upn("renamed." + user.displayName());

    Map<String, Object> result =
        (Map<String, Object>)
            run(
                    "updateUser",
                    Map.of(
                        "user",
                        user.userPrincipalName(),
                        "properties",
                        Map.of("userPrincipalName", renamed)))
                .result();

    assertThat(stored(user.id()).userPrincipalName()).isEqualTo(renamed);
    assertThat(result).containsEntry("userPrincipalName", renamed);
    assertThat(graphCalls())
        .containsExactly(
            "PATCH /v1.0/users/" + user.userPrincipalName(), "GET /v1.0/users/" + renamed);
  }

  @Test
  void nullClearsAProperty() {
    User user = newUser("clear");
    emulator.directory().updateUser(user.id(), Map.of("department", "Sales"));
    Map<String, Object> properties = new HashMap<>();
    properties.put("department", null);

    run("updateUser", Map.of("user", user.id(), "properties", properties));

    assertThat(stored(user.id()).department()).isNull();
  }

  @Test
  void aMissingUserIsNotFoundNamingTheUser() {
    GraphException e =
        failure(
            "updateUser",
            Map.of("user", upn("nobody.update"), "properties", "{\"jobTitle\": \"x\"}"));

    assertThat(e.category()).isEqualTo(GraphErrorCategory.NOT_FOUND);
    assertThat(e.getMessage()).contains("User '" + upn("nobody.update") + "' does not exist");
    assertThat(graphCalls()).hasSize(1);
  }

  @Test
  void refusesPasswordProfileAndIdNamingTheKey() {
    User user = newUser("refused");

    for (String key : new String[] {"passwordProfile", "id"}) {
      GraphException e =
          failure("updateUser", Map.of("user", user.id(), "properties", Map.of(key, "x")));
      assertThat(e.category()).isEqualTo(GraphErrorCategory.INVALID_INPUT);
      assertThat(e.getMessage())
          .contains("Input 'properties' of updateUser contains the key '" + key + "'");
    }
    assertThat(graphCalls()).isEmpty();
  }

  @Test
  void refusesReferenceBindsAndInvalidNames() {
    User user = newUser("binds");

    GraphException bind =
        failure(
            "updateUser",
            Map.of(
                "user",
                user.id(),
                "properties",
                Map.of("manager@odata.bind", "https://graph.microsoft.com/v1.0/users/x")));
    GraphException upn =
        failure(
            "updateUser",
            Map.of("user", user.id(), "properties", Map.of("userPrincipalName", "no domain")));
    GraphException empty = failure("updateUser", Map.of("user", user.id(), "properties", "{}"));

    assertThat(bind.getMessage()).contains("'manager@odata.bind'");
    assertThat(upn.getMessage())
        .contains("sets userPrincipalName to a value that is not a user principal name");
    assertThat(empty.getMessage()).contains("is an empty object");
    assertThat(graphCalls()).isEmpty();
  }

  @Test
  void aPropertyGraphDoesNotKnowIsInvalidInputFromGraph() {
    User user = newUser("unknownprop");

    GraphException e =
        failure(
            "updateUser",
            Map.of("user", user.id(), "properties", Map.of("favouriteColour", "red")));

    assertThat(e.category()).isEqualTo(GraphErrorCategory.INVALID_INPUT);
    assertThat(e.getMessage()).contains("favouriteColour");
    assertThat(graphCalls()).containsExactly("PATCH /v1.0/users/" + user.id());
  }
}
