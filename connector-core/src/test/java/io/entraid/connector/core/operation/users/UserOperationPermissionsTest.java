package io.entraid.connector.core.operation.users;

import static org.assertj.core.api.Assertions.assertThat;

import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.graph.GraphErrorCategory;
import io.entraid.connector.core.graph.GraphException;
import io.entraid.emulator.User;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every user operation, run by an app that lacks its permission, fails with PERMISSION_DENIED
 * naming the least-privileged permission it declares, and changes nothing.
 */
class UserOperationPermissionsTest extends EmulatorTestBase {

  record Case(
      String operation, Set<String> granted, String named, Function<User, Map<String, ?>> inputs) {
    @Override
    public String toString() {
      return operation + " with " + granted;
    }
  }

  static Stream<Case> cases() {
    Set<String> nothingAboutUsers = Set.of("Group.Create");
    Set<String> readOnly = Set.of("User.Read.All");
    return Stream.of(
        new Case(
            "findUsers",
            nothingAboutUsers,
            "User.Read.All",
            u -> Map.of("displayName", u.displayName())),
        new Case(
            "createUser",
            readOnly,
            "User.ReadWrite.All",
            u ->
                Map.of(
                    "userPrincipalName",
                    "denied." + u.userPrincipalName(),
                    "displayName",
                    "Denied")),
        new Case(
            "updateUser",
            readOnly,
            "User.ReadWrite.All",
            u -> Map.of("user", u.id(), "properties", "{\"city\": \"X\"}")),
        new Case(
            "enableUser", readOnly, "User.EnableDisableAccount.All", u -> Map.of("user", u.id())),
        new Case(
            "disableUser", readOnly, "User.EnableDisableAccount.All", u -> Map.of("user", u.id())),
        new Case("deleteUser", readOnly, "User.ReadWrite.All", u -> Map.of("user", u.id())),
        new Case(
            "restoreUser",
            readOnly,
            "User.ReadWrite.All",
            u -> {
              emulator.directory().deleteUser(u.id());
              return Map.of("user", u.id());
            }),
        new Case(
            "revokeSignInSessions",
            readOnly,
            "User.RevokeSessions.All",
            u -> Map.of("user", u.id())),
        new Case("getManager", nothingAboutUsers, "User.Read.All", u -> Map.of("user", u.id())),
        new Case(
            "setManager",
            readOnly,
            "User.ReadWrite.All",
            u -> Map.of("user", u.id(), "manager", newUser("deniedboss").id())),
        new Case("removeManager", readOnly, "User.ReadWrite.All", u -> Map.of("user", u.id())),
        new Case(
            "listUserGroups", nothingAboutUsers, "User.Read.All", u -> Map.of("user", u.id())));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void anAppWithoutThePermissionIsToldWhichOneToAdd(Case c) {
    User user = newUser("perm");
    Map<String, ?> inputs = c.inputs().apply(user);
    long directoryVersion = emulator.directory().changeSequence();
    EntraConnection limited = connectionWithRoles(c.granted().toArray(String[]::new));

    GraphException e = failure(limited, c.operation(), inputs);

    assertThat(e.category()).isEqualTo(GraphErrorCategory.PERMISSION_DENIED);
    assertThat(e.requiredPermission()).isEqualTo(c.named());
    assertThat(e.getMessage())
        .contains("lacks the application permission " + c.named() + ", which " + c.operation())
        .contains("Grant admin consent");
    assertThat(emulator.directory().changeSequence())
        .as("directory unchanged")
        .isEqualTo(directoryVersion);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void theDeclaredPermissionIsEnoughInTheEmulator(Case c) {
    User user = newUser("granted");
    Map<String, ?> inputs = c.inputs().apply(user);
    Set<String> declared = Set.copyOf(CATALOG.get(c.operation()).spec().permissions());

    CATALOG.execute(connectionWithRoles(declared.toArray(String[]::new)), c.operation(), inputs);

    assertThat(declared).contains(c.named());
    assertThat(graphRequests()).isNotEmpty().noneMatch(r -> r.status() == 403);
  }
}
