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
 * Invalidates the user's refresh tokens and browser sessions. Safe to retry: revoking twice is
 * revoking.
 */
public final class RevokeSignInSessions implements Operation {
  static final OperationSpec SPEC =
      new OperationSpec(
          "revokeSignInSessions",
          "Revoke sign-in sessions",
          "Invalidates all refresh tokens and browser sessions of a user, who must sign in again everywhere. Graph may"
              + " take a few minutes to enforce it. Does not affect guests, who sign in at their home tenant.",
          Category.USERS,
          List.of(CommonInputs.user("user", "User")),
          List.of(
              OutputSpec.result(
                  Kind.BOOLEAN, "sessionsRevoked", "true when Graph accepted the revocation")),
          // learn.microsoft.com/graph/api/user-revokesigninsessions (current table: Application
          // User.RevokeSessions.All;
          // the indexed copy of api-reference/v1.0/api/user-revokesigninsessions.md still lists
          // User.ReadWrite.All)
          List.of("User.RevokeSessions.All"),
          "https://learn.microsoft.com/graph/api/user-revokesigninsessions");

  @Override
  public OperationSpec spec() {
    return SPEC;
  }

  @Override
  public Result execute(EntraConnection connection, Inputs inputs) {
    String user = inputs.string("user");
    // Revoking twice has the effect of revoking once, so a lost answer may be retried.
    GraphRequest request =
        GraphRequest.post(GraphPath.of("users").key(user).segments("revokeSignInSessions"), null)
            .repeatable()
            .forOperation(SPEC.name());
    // Graph documents {"value": true} but is known to answer some calls with an empty 2xx: success
    // either way.
    return Result.of(
        Subjects.sendAboutUser(connection, request, user).body().path("value").asBoolean(true));
  }
}
