package io.entraid.connector.core.operation.users;

import static org.assertj.core.api.Assertions.assertThat;

import io.entraid.connector.core.graph.GraphErrorCategory;
import io.entraid.connector.core.graph.GraphException;
import io.entraid.emulator.User;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RevokeSignInSessionsTest extends EmulatorTestBase {

  @Test
  void postsTheActionOnceAndReturnsTrue() {
    User user = newUser("revoke");

    assertThat(run("revokeSignInSessions", Map.of("user", user.userPrincipalName())).result())
        .isEqualTo(true);

    assertThat(graphCalls())
        .containsExactly("POST /v1.0/users/" + user.userPrincipalName() + "/revokeSignInSessions");
  }

  @Test
  void aMissingUserIsNotFoundNamingTheUser() {
    GraphException e = failure("revokeSignInSessions", Map.of("user", upn("nobody.revoke")));

    assertThat(e.category()).isEqualTo(GraphErrorCategory.NOT_FOUND);
    assertThat(e.getMessage()).contains("User '" + upn("nobody.revoke") + "' does not exist");
    assertThat(graphCalls()).hasSize(1);
  }

  @Test
  void aMissingUserInputIsInvalidInput() {
    GraphException e = failure("revokeSignInSessions", Map.of());

    assertThat(e.category()).isEqualTo(GraphErrorCategory.INVALID_INPUT);
    assertThat(e.getMessage()).contains("Input 'user' of revokeSignInSessions is required");
    assertThat(graphCalls()).isEmpty();
  }
}
