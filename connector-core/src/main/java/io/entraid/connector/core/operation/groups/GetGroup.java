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
import io.entraid.connector.core.operation.PlainValues;
import io.entraid.connector.core.operation.Result;
import io.entraid.connector.core.operation.Subjects;
import java.util.List;

/** Reads one group, named by object id, display name or mail nickname. */
public final class GetGroup implements Operation {
  static final OperationSpec SPEC =
      new OperationSpec(
          "getGroup",
          "Get group",
          "Reads a group by object id, display name or mail nickname. A group that does not exist is the BPMN error"
              + " ENTRA_NOT_FOUND; a name that several groups share is ENTRA_AMBIGUOUS.",
          Category.GROUPS,
          List.of(
              CommonInputs.group("group", "Group"), CommonInputs.select(GroupProperties.DEFAULT)),
          List.of(
              OutputSpec.result(
                  Kind.OBJECT, "group", "The group's properties, e.g. ${group.prop(\"mail\")}")),
          // group-get-permissions.md
          List.of("GroupMember.Read.All"),
          "https://learn.microsoft.com/graph/api/group-get");

  @Override
  public OperationSpec spec() {
    return SPEC;
  }

  @Override
  public Result execute(EntraConnection connection, Inputs inputs) {
    String group = inputs.string("group");
    String id = connection.groups().resolve(group, SPEC.name());
    GraphRequest request =
        GraphRequest.get(GraphPath.of("groups").key(id))
            .withQuery("$select", GroupProperties.select(inputs, GroupProperties.DEFAULT))
            .forOperation(SPEC.name());
    return Result.of(
        PlainValues.object(Subjects.sendAboutGroup(connection, request, group).body()));
  }
}
