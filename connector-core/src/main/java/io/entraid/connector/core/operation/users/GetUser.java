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
import io.entraid.connector.core.operation.PlainValues;
import io.entraid.connector.core.operation.Result;
import io.entraid.connector.core.operation.Subjects;
import java.util.List;

/** Reads one user. */
public final class GetUser implements Operation {
  static final OperationSpec SPEC =
      new OperationSpec(
          "getUser",
          "Get user",
          "Reads a user by object id or user principal name. A user that does not exist is the BPMN error ENTRA_NOT_FOUND.",
          Category.USERS,
          List.of(CommonInputs.user("user", "User"), CommonInputs.select(UserProperties.DEFAULT)),
          List.of(
              OutputSpec.result(
                  Kind.OBJECT, "user", "The user's properties, e.g. ${user.prop(\"department\")}")),
          List.of("User.Read.All"),
          "https://learn.microsoft.com/graph/api/user-get");

  @Override
  public OperationSpec spec() {
    return SPEC;
  }

  @Override
  public Result execute(EntraConnection connection, Inputs inputs) {
    String user = inputs.string("user");
    GraphRequest request =
        GraphRequest.get(GraphPath.of("users").key(user))
            .withQuery("$select", UserProperties.select(inputs))
            .forOperation(SPEC.name());
    return Result.of(PlainValues.object(Subjects.sendAboutUser(connection, request, user).body()));
  }
}
