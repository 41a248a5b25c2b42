package io.entraid.connector.core.operation.users;

import io.entraid.connector.core.operation.Operation;
import java.util.List;

/** The user operations added after getUser, in the order the docs list them. */
public final class UserOperations {
  private UserOperations() {}

  public static List<Operation> all() {
    return List.of(
        new GetUser(),
        new FindUsers(),
        new CreateUser(),
        new UpdateUser(),
        new EnableUser(),
        new DisableUser(),
        new DeleteUser(),
        new RestoreUser(),
        new RevokeSignInSessions(),
        new GetManager(),
        new SetManager(),
        new RemoveManager(),
        new ListUserGroups());
  }
}
