package io.entraid.connector.core.operation.users;

import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.graph.GraphErrorCategory;
import io.entraid.connector.core.graph.GraphException;
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
import java.util.List;

/**
 * Removes a user's manager. A user without a manager is success with result false, so a retried job
 * does not fail on the removal its first attempt already made.
 */
public final class RemoveManager implements Operation {
  static final OperationSpec SPEC =
      new OperationSpec(
          "removeManager",
          "Remove manager",
          "Removes the manager of a user. The result is true if a manager was removed, false if the user had none.",
          Category.USERS,
          List.of(CommonInputs.user("user", "User")),
          List.of(
              OutputSpec.result(
                  Kind.BOOLEAN,
                  "managerRemoved",
                  "true if a manager was removed, false if there was none")),
          // api-reference/v1.0/api/user-delete-manager.md (table in
          // includes/permissions/user-delete-manager-permissions.md)
          List.of("User.ReadWrite.All"),
          "https://learn.microsoft.com/graph/api/user-delete-manager");

  @Override
  public OperationSpec spec() {
    return SPEC;
  }

  @Override
  public Result execute(EntraConnection connection, Inputs inputs) {
    String user = inputs.string("user");
    try {
      connection
          .graph()
          .send(
              GraphRequest.delete(GraphPath.of("users").key(user).segments("manager", "$ref"))
                  .forOperation(SPEC.name()));
      return Result.of(true);
    } catch (GraphException e) {
      if (e.category() != GraphErrorCategory.NOT_FOUND) throw e;
      UserCalls.lookUpId(
          connection,
          user,
          SPEC.name()); // NOT_FOUND naming the user if it is the user that is missing
      return Result.of(false);
    }
  }
}
