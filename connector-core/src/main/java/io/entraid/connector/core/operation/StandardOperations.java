package io.entraid.connector.core.operation;

import io.entraid.connector.core.operation.advanced.GraphRequestOperation;
import io.entraid.connector.core.operation.directory.SyncDirectory;
import io.entraid.connector.core.operation.directory.TestConnection;
import io.entraid.connector.core.operation.groups.GroupOperations;
import io.entraid.connector.core.operation.membership.CheckGroupMembership;
import io.entraid.connector.core.operation.users.UserOperations;
import io.entraid.connector.core.sync.SyncTargets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** The built-in operations, in the order the docs list them. */
final class StandardOperations {
  private StandardOperations() {}

  static OperationCatalog catalog(SyncTargets syncTargets) {
    // testConnection checks the permissions of the catalog it belongs to.
    AtomicReference<OperationCatalog> self = new AtomicReference<>();
    List<Operation> operations = new ArrayList<>(UserOperations.all());
    operations.addAll(GroupOperations.all());
    operations.add(new CheckGroupMembership());
    operations.add(new SyncDirectory(syncTargets));
    operations.add(new GraphRequestOperation());
    operations.add(new TestConnection(self::get));
    OperationCatalog catalog = new OperationCatalog(operations);
    self.set(catalog);
    return catalog;
  }
}
