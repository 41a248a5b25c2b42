package io.entraid.connector.core.operation.users;

import static org.assertj.core.api.Assertions.assertThat;

import io.entraid.connector.core.graph.GraphErrorCategory;
import io.entraid.connector.core.graph.GraphException;
import io.entraid.emulator.User;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnableDisableUserTest extends EmulatorTestBase {

  @Test
  void disableThenEnableSetAccountEnabledWithOnePatchEach() {
    User user = newUser("toggle");

    assertThat(run("disableUser", Map.of("user", user.userPrincipalName())).result())
        .isEqualTo(false);
    assertThat(stored(user.id()).accountEnabled()).isFalse();
    assertThat(run("enableUser", Map.of("user", user.id())).result()).isEqualTo(true);
    assertThat(stored(user.id()).accountEnabled()).isTrue();

    assertThat(graphCalls())
        .containsExactly(
            "PATCH /v1.0/users/" + user.userPrincipalName(), "PATCH /v1.0/users/" + user.id());
    assertThat(graphRequests())
        .extracting(r -> r.body().replace(" ", ""))
        .containsExactly("{\"accountEnabled\":false}", "{\"accountEnabled\":true}");
  }

  @Test
  void disablingTwiceIsNoError() {
    User user = newUser("twice");

    run("disableUser", Map.of("user", user.id()));
    run("disableUser", Map.of("user", user.id()));

    assertThat(stored(user.id()).accountEnabled()).isFalse();
    assertThat(graphCalls()).hasSize(2);
  }

  @Test
  void aMissingUserIsNotFoundNamingTheUser() {
    GraphException e = failure("disableUser", Map.of("user", upn("nobody.disable")));

    assertThat(e.category()).isEqualTo(GraphErrorCategory.NOT_FOUND);
    assertThat(e.getMessage()).contains("User '" + upn("nobody.disable") + "' does not exist");
  }

  @Test
  void aMalformedUserIsRefusedBeforeAnyRequest() {
    GraphException e = failure("enableUser", Map.of("user", "../me"));

    assertThat(e.category()).isEqualTo(GraphErrorCategory.INVALID_INPUT);
    assertThat(e.getMessage()).contains("Input 'user' of enableUser");
    assertThat(graphCalls()).isEmpty();
  }
}
