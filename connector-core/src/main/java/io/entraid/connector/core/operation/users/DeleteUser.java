package io.entraid.connector.core.operation.users;

import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.graph.GraphPath;
import io.entraid.connector.core.graph.GraphRequest;
import io.entraid.connector.core.operation.CommonInputs;
import io.entraid.connector.core.operation.Inputs;
import io.entraid.connector.core.operation.Operation;
import io.entraid.connector.core.operation.OperationSpec;
import io.entraid.connector.core.operation.OperationSpec.Category;
import io.entraid.connector.core.operation.OutputSpec;
import io.entraid.connector.core.operation.OutputSpec.Kind;
import io.entraid.connector.core.operation.Result;
import io.entraid.connector.core.operation.Subjects;
import java.util.List;

/**
 * Soft-deletes a user: Entra keeps it in deleted items for 30 days, restorable with restoreUser.
 * The result is the object id, which restoreUser takes. A second run finds no user:
 * ENTRA_NOT_FOUND.
 */
public final class DeleteUser implements Operation {
  static final OperationSpec SPEC =
      new OperationSpec(
          "deleteUser",
          "Delete user",
          "Deletes a user. Entra keeps deleted users for 30 days; restoreUser brings them back with their group"
              + " memberships. The result is the deleted user's object id: keep it if the process may restore the user.",
          Category.USERS,
          List.of(CommonInputs.user("user", "User")),
          List.of(
              OutputSpec.result(Kind.STRING, "deletedUserId", "The object id of the deleted user")),
          // api-reference/v1.0/includes/permissions/user-delete-permissions.md
          List.of("User.ReadWrite.All"),
          "https://learn.microsoft.com/graph/api/user-delete");

  @Override
  public OperationSpec spec() {
    return SPEC;
  }

  @Override
  public Result execute(EntraConnection connection, Inputs inputs) {
    String user = inputs.string("user");
    String id = UserCalls.id(connection, user, SPEC.name());
    Subjects.sendAboutUser(
        connection,
        GraphRequest.delete(GraphPath.of("users").key(id)).forOperation(SPEC.name()),
        user);
    return Result.of(id);
  }
}
