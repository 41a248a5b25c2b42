package io.entraid.connector.core.operation.groups;

import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.graph.BatchResult;
import io.entraid.connector.core.graph.GraphErrorCategory;
import io.entraid.connector.core.graph.GraphPath;
import io.entraid.connector.core.graph.GraphRequest;
import io.entraid.connector.core.operation.CommonInputs;
import io.entraid.connector.core.operation.InputSpec;
import io.entraid.connector.core.operation.InputType;
import io.entraid.connector.core.operation.Inputs;
import io.entraid.connector.core.operation.Operation;
import io.entraid.connector.core.operation.OperationSpec;
import io.entraid.connector.core.operation.OperationSpec.Category;
import io.entraid.connector.core.operation.OutputSpec;
import io.entraid.connector.core.operation.OutputSpec.Kind;
import io.entraid.connector.core.operation.Result;
import io.entraid.connector.core.operation.Subjects;
import io.entraid.connector.core.operation.ValueFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Removes members from a group: one DELETE of the member reference each, 20 per $batch call. Safe
 * to run again: a member that is not (or no longer) in the group is reported as unchanged, not an
 * error.
 */
public final class RemoveGroupMembers implements Operation {
  static final OperationSpec SPEC =
      new OperationSpec(
          "removeGroupMembers",
          "Remove group members",
          "Removes users (or nested groups) from a group, 20 per Graph $batch call. Members not in the group are"
              + " reported as unchanged.",
          Category.GROUPS,
          List.of(
              CommonInputs.group("group", "Group"),
              InputSpec.required(
                      "members",
                      "Members",
                      InputType.STRING_LIST,
                      "Object ids or user principal names of the members to remove; a list or comma-separated")
                  .format(ValueFormat.USER_REF)
                  .maxLength(256)
                  .maxItems(50_000)),
          List.of(
              OutputSpec.result(
                  Kind.OBJECT,
                  "membersRemoved",
                  "{removed: [...], unchanged: [...]}: the given member references, by outcome")),
          // group-delete-members-permissions.md; User.Read.All (user-get.md) only to look up
          // members given by UPN
          List.of("GroupMember.ReadWrite.All", "User.Read.All"),
          "https://learn.microsoft.com/graph/api/group-delete-members");

  @Override
  public OperationSpec spec() {
    return SPEC;
  }

  @Override
  public Result execute(EntraConnection connection, Inputs inputs) {
    String groupRef = inputs.string("group");
    String groupId = connection.groups().resolve(groupRef, SPEC.name());
    Map<String, String> memberIds =
        Subjects.userIds(connection, inputs.list("members"), SPEC.name());
    List<Map.Entry<String, String>> members = List.copyOf(memberIds.entrySet());
    List<GraphRequest> requests =
        members.stream()
            .map(
                m ->
                    GraphRequest.delete(
                            GraphPath.of("groups")
                                .key(groupId)
                                .segments("members")
                                .key(m.getValue())
                                .segments("$ref"))
                        .forOperation(SPEC.name()))
            .toList();
    List<BatchResult> results = connection.graph().batch(requests);
    List<String> removed = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    boolean groupChecked = false;
    for (int i = 0; i < members.size(); i++) {
      BatchResult r = results.get(i);
      if (r.ok()) {
        removed.add(members.get(i).getKey());
        continue;
      }
      if (r.error().category() != GraphErrorCategory.NOT_FOUND) throw r.error();
      if (!groupChecked) {
        // Graph answers 404 both for a non-member and for a missing group: one read tells them
        // apart
        // (of the members, which GroupMember.ReadWrite.All may read; the group itself it may not).
        Subjects.sendAboutGroup(
            connection,
            GraphRequest.get(GraphPath.of("groups").key(groupId).segments("members"))
                .withQuery("$select", "id")
                .withQuery("$top", "1")
                .forOperation(SPEC.name()),
            groupRef);
        groupChecked = true;
      }
      unchanged.add(members.get(i).getKey());
    }
    Map<String, Object> outcome = new LinkedHashMap<>();
    outcome.put("removed", removed);
    outcome.put("unchanged", unchanged);
    return Result.of(outcome);
  }
}
