package io.entraid.connector.core.operation.users;

import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.operation.CommonInputs;
import io.entraid.connector.core.operation.Inputs;
import io.entraid.connector.core.operation.Operation;
import io.entraid.connector.core.operation.OperationSpec;
import io.entraid.connector.core.operation.OperationSpec.Category;
import io.entraid.connector.core.operation.OutputSpec;
import io.entraid.connector.core.operation.OutputSpec.Kind;
import io.entraid.connector.core.operation.Result;
import java.util.List;
import java.util.Map;

/**
 * Allows the user to sign in again. Safe to retry: setting accountEnabled to the value it has is no
 * change.
 */
public final class EnableUser implements Operation {
  static final OperationSpec SPEC =
      new OperationSpec(
          "enableUser",
          "Enable user",
          "Allows the user to sign in again. The result is the new value of accountEnabled (true).",
          Category.USERS,
          List.of(CommonInputs.user("user", "User")),
          List.of(
              OutputSpec.result(
                  Kind.BOOLEAN,
                  "accountEnabled",
                  "The user's accountEnabled after the change: true")),
          // api-reference/v1.0/api/user-update.md (accountEnabled: User.EnableDisableAccount.All
          // and User.Read.All)
          List.of("User.EnableDisableAccount.All", "User.Read.All"),
          "https://learn.microsoft.com/graph/api/user-update");

  @Override
  public OperationSpec spec() {
    return SPEC;
  }

  @Override
  public Result execute(EntraConnection connection, Inputs inputs) {
    UserCalls.patch(connection, inputs.string("user"), Map.of("accountEnabled", true), SPEC.name());
    return Result.of(true);
  }
}
