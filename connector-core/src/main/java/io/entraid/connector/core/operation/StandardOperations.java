package io.entraid.connector.core.operation;

import io.entraid.connector.core.operation.directory.TestConnection;
import io.entraid.connector.core.operation.groups.AddGroupMembers;
import io.entraid.connector.core.operation.groups.GroupOperations;
import io.entraid.connector.core.operation.membership.CheckGroupMembership;
import io.entraid.connector.core.operation.users.GetUser;
import io.entraid.connector.core.operation.users.UserOperations;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/** The built-in operations, in the order the docs list them. */
final class StandardOperations {
  private StandardOperations() {}

  static OperationCatalog catalog() {
    // testConnection checks the permissions of the catalog it belongs to.
    AtomicReference<OperationCatalog> self = new AtomicReference<>();
    OperationCatalog catalog = new OperationCatalog(Stream.of(
        List.of(new GetUser(), new AddGroupMembers(), new CheckGroupMembership()),
        UserOperations.all(),
        GroupOperations.all(),
        List.<Operation>of(new TestConnection(self::get)))
        .flatMap(List::stream).toList());
    self.set(catalog);
    return catalog;
  }
}
