package io.entraid.connector.core.operation;

import io.entraid.connector.core.operation.directory.TestConnection;
import io.entraid.connector.core.operation.groups.GroupOperations;
import io.entraid.connector.core.operation.membership.CheckGroupMembership;
import io.entraid.connector.core.operation.users.GetUser;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** The built-in operations, in the order the docs list them. */
final class StandardOperations {
  private StandardOperations() {}

  static OperationCatalog catalog() {
    // testConnection checks the permissions of the catalog it belongs to.
    AtomicReference<OperationCatalog> self = new AtomicReference<>();
    List<Operation> operations = new ArrayList<>(List.of(
        new GetUser(),
        new CheckGroupMembership(),
        new TestConnection(self::get)));
    operations.addAll(GroupOperations.all());
    OperationCatalog catalog = new OperationCatalog(operations);
    self.set(catalog);
    return catalog;
  }
}
