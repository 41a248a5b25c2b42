package io.entraid.connector.core.operation.users;

import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.graph.GraphErrorCategory;
import io.entraid.connector.core.graph.GraphException;
import io.entraid.connector.core.graph.GraphPath;
import io.entraid.connector.core.graph.GraphRequest;
import io.entraid.connector.core.graph.GraphRequest.Method;
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
import java.util.Map;

/**
 * Sets a user's manager (PUT manager/$ref). Safe to retry: setting the same manager again is no
 * change.
 */
public final class SetManager implements Operation {
  static final OperationSpec SPEC =
      new OperationSpec(
          "setManager",
          "Set manager",
          "Makes one user the manager of another, replacing any previous manager. Either user missing is the BPMN"
              + " error ENTRA_NOT_FOUND naming which one.",
          Category.USERS,
          List.of(CommonInputs.user("user", "User"), CommonInputs.user("manager", "Manager")),
          List.of(OutputSpec.result(Kind.STRING, "managerId", "The manager's object id")),
          // api-reference/v1.0/includes/permissions/user-post-manager-permissions.md
          List.of("User.ReadWrite.All"),
          "https://learn.microsoft.com/graph/api/user-post-manager");

  @Override
  public OperationSpec spec() {
    return SPEC;
  }

  @Override
  public Result execute(EntraConnection connection, Inputs inputs) {
    String user = inputs.string("user");
    String manager = inputs.string("manager");
    if (user.equalsIgnoreCase(manager)) {
      throw inputs.invalid("manager", "names the user itself; nobody can be their own manager.");
    }
    // Graph's reference must be a URL with an object id; a name is resolved first.
    String managerId = UserCalls.referencedId(connection, manager, SPEC.name());
    String reference = connection.settings().graphBaseUri() + "/users/" + managerId;
    GraphRequest request =
        GraphRequest.of(Method.PUT, GraphPath.of("users").key(user).segments("manager", "$ref"))
            .withBody(Map.of("@odata.id", reference))
            .awaitingReplication()
            .forOperation(SPEC.name());
    try {
      connection.graph().send(request);
    } catch (GraphException e) {
      if (e.category() != GraphErrorCategory.NOT_FOUND) throw e;
      UserCalls.lookUpId(
          connection,
          user,
          SPEC.name()); // NOT_FOUND naming the user if it is the user that is missing
      throw Subjects.userNotFound(connection, manager, e);
    }
    return Result.of(managerId);
  }
}
