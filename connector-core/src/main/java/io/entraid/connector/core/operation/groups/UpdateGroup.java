package io.entraid.connector.core.operation.groups;

import io.entraid.connector.core.UserText;
import io.entraid.connector.core.connection.EntraConnection;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Changes a group's properties with one PATCH. Membership has its own operations. */
public final class UpdateGroup implements Operation {
  /**
   * Keys that are not properties to patch: membership goes through add/removeGroupMembers, the id
   * never changes.
   */
  private static final Set<String> REFUSED = Set.of("id", "members", "owners");

  static final OperationSpec SPEC =
      new OperationSpec(
          "updateGroup",
          "Update group",
          "Changes properties of a group, e.g. {\"description\": \"...\", \"displayName\": \"...\"}. Members and owners"
              + " are changed with addGroupMembers and removeGroupMembers.",
          Category.GROUPS,
          List.of(
              CommonInputs.group("group", "Group"),
              InputSpec.required(
                      "properties",
                      "Properties",
                      InputType.JSON_OBJECT,
                      "The properties to change and their new values, e.g. {\"description\": \"Phase 2\"}")
                  .maxLength(16_384)),
          List.of(
              OutputSpec.result(Kind.OBJECT, "groupUpdated", "{id, updated: [property names]}")),
          // group-update.md (group-update-permissions.md now puts
          // Group-NestingSupport.ReadWrite.All first, for nesting only)
          List.of("Group.ReadWrite.All"),
          "https://learn.microsoft.com/graph/api/group-update");

  @Override
  public OperationSpec spec() {
    return SPEC;
  }

  @Override
  public Result execute(EntraConnection connection, Inputs inputs) {
    Map<String, Object> properties = inputs.object("properties");
    for (String key : properties.keySet()) {
      if (REFUSED.contains(key.toLowerCase(Locale.ROOT)) || key.contains("@")) {
        throw inputs.invalid(
            "properties",
            "contains "
                + UserText.quote(key)
                + ", which updateGroup does not change. Fix: remove it;"
                + " use addGroupMembers or removeGroupMembers for membership.");
      }
    }
    if (properties.isEmpty()) {
      throw inputs.invalid(
          "properties", "is an empty object. Fix: give at least one property to change.");
    }
    String group = inputs.string("group");
    String id = connection.groups().resolve(group, SPEC.name());
    Subjects.sendAboutGroup(
        connection,
        GraphRequest.patch(GraphPath.of("groups").key(id), properties).forOperation(SPEC.name()),
        group);
    if (properties.containsKey("displayName") || properties.containsKey("mailNickname")) {
      // The old names must no longer resolve to this group, and the new ones may now be ambiguous.
      connection.groups().forgetId(id);
      forgetName(connection, properties.get("displayName"));
      forgetName(connection, properties.get("mailNickname"));
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("id", id);
    result.put("updated", List.copyOf(properties.keySet()));
    return Result.of(result);
  }

  private static void forgetName(EntraConnection connection, Object name) {
    if (name instanceof String s) connection.groups().forget(s);
  }
}
