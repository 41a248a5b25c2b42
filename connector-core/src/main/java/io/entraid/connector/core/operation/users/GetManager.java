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
import io.entraid.connector.core.operation.PlainValues;
import io.entraid.connector.core.operation.Result;
import java.util.List;

/**
 * Reads a user's manager. Having no manager is an ordinary state (the CEO, new hires), so it is a
 * null result a gateway can test, not a BPMN error. Graph answers 404 both for "no such user" and
 * "no manager"; only then one more request tells the two apart.
 */
public final class GetManager implements Operation {
  static final OperationSpec SPEC =
      new OperationSpec(
          "getManager",
          "Get manager",
          "Reads the manager of a user. A user without a manager gives the result null, e.g. ${manager == null};"
              + " a user that does not exist is the BPMN error ENTRA_NOT_FOUND.",
          Category.USERS,
          List.of(CommonInputs.user("user", "User"), CommonInputs.select(UserProperties.DEFAULT)),
          List.of(
              OutputSpec.result(
                  Kind.OBJECT,
                  "manager",
                  "The manager's properties, or null when the user has none")),
          // api-reference/v1.0/api/user-list-manager.md (Application: User.Read.All)
          List.of("User.Read.All"),
          "https://learn.microsoft.com/graph/api/user-list-manager");

  @Override
  public OperationSpec spec() {
    return SPEC;
  }

  @Override
  public Result execute(EntraConnection connection, Inputs inputs) {
    String user = inputs.string("user");
    GraphRequest request =
        GraphRequest.get(GraphPath.of("users").key(user).segments("manager"))
            .withQuery("$select", UserProperties.select(inputs))
            .forOperation(SPEC.name());
    try {
      return Result.of(PlainValues.object(connection.graph().send(request).body()));
    } catch (GraphException e) {
      if (e.category() != GraphErrorCategory.NOT_FOUND) throw e;
      UserCalls.lookUpId(
          connection,
          user,
          SPEC.name()); // NOT_FOUND naming the user if it is the user that is missing
      return Result.of(null);
    }
  }
}
