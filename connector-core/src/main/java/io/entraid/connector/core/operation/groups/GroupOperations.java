package io.entraid.connector.core.operation.groups;

import io.entraid.connector.core.operation.Operation;
import java.util.List;

/**
 * The group operations and the graphRequest escape hatch, in the order the docs list them.
 * addGroupMembers is registered in StandardOperations, where it was before.
 */
public final class GroupOperations {
  private GroupOperations() {}

  public static List<Operation> all() {
    return List.of(
        new GetGroup(),
        new FindGroups(),
        new CreateGroup(),
        new UpdateGroup(),
        new DeleteGroup(),
        new ListGroupMembers(),
        new AddGroupMembers(),
        new RemoveGroupMembers());
  }
}
