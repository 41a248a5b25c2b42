package io.entraid.connector.core.operation.groups;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deletes a group: Microsoft 365 groups go to deleted items for 30 days, security groups are gone
 * at once (Graph's rule).
 */
public final class DeleteGroup implements Operation {
  static final OperationSpec SPEC =
      new OperationSpec(
          "deleteGroup",
          "Delete group",
          "Deletes a group. Microsoft 365 groups can be restored from deleted items for 30 days; Graph deletes security"
              + " groups permanently. A group that does not exist is the BPMN error ENTRA_NOT_FOUND.",
          Category.GROUPS,
          List.of(CommonInputs.group("group", "Group")),
          List.of(OutputSpec.result(Kind.OBJECT, "groupDeleted", "{id} of the deleted group")),
          // group-delete.md
          List.of("Group.ReadWrite.All"),
          "https://learn.microsoft.com/graph/api/group-delete");

  @Override
  public OperationSpec spec() {
    return SPEC;
  }

  @Override
  public Result execute(EntraConnection connection, Inputs inputs) {
    String group = inputs.string("group");
    String id = connection.groups().resolve(group, SPEC.name());
    Subjects.sendAboutGroup(
        connection,
        GraphRequest.delete(GraphPath.of("groups").key(id)).forOperation(SPEC.name()),
        group);
    connection.groups().forgetId(id);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("id", id);
    return Result.of(result);
  }
}
