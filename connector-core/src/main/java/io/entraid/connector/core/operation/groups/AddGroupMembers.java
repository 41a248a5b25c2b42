package io.entraid.connector.core.operation.groups;

import com.fasterxml.jackson.databind.JsonNode;
import io.entraid.connector.core.UserText;
import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.graph.BatchResult;
import io.entraid.connector.core.graph.GraphErrorCategory;
import io.entraid.connector.core.graph.GraphException;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Adds members to a group, 20 per write (PATCH with members@odata.bind, which Graph applies all or
 * nothing). Safe to run again: members already in the group are reported as unchanged, not errors.
 * Large lists first read the group's current members, so a retried job does not spend writes on
 * members it already added.
 */
public final class AddGroupMembers implements Operation {
  static final int BIND_LIMIT = 20;

  static final OperationSpec SPEC =
      new OperationSpec(
          "addGroupMembers",
          "Add group members",
          "Adds users (or groups, for nesting) to a group, 20 per Graph write. Members already in the group are"
              + " reported as unchanged.",
          Category.GROUPS,
          List.of(
              CommonInputs.group("group", "Group"),
              InputSpec.required(
                      "members",
                      "Members",
                      InputType.STRING_LIST,
                      "Object ids or user principal names of the members to add; a list or comma-separated")
                  .format(ValueFormat.USER_REF)
                  .maxLength(256)
                  .maxItems(50_000)),
          List.of(
              OutputSpec.result(
                  Kind.OBJECT,
                  "membersAdded",
                  "{added: [...], unchanged: [...]}: the given member references, by outcome")),
          // group-post-members.md
          // group-post-members-permissions.md; User.Read.All (user-get) resolves members given by
          // UPN.
          List.of("GroupMember.ReadWrite.All", "User.Read.All"),
          "https://learn.microsoft.com/graph/api/group-post-members");

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
    return Result.of(add(connection, groupId, groupRef, memberIds, SPEC.name()));
  }

  /**
   * Adds members given as reference to object id; shared with createGroup for the members that do
   * not fit into its create request.
   *
   * @return {added: [...], unchanged: [...]} by reference
   */
  static Map<String, Object> add(
      EntraConnection connection,
      String groupId,
      String groupRef,
      Map<String, String> memberIds,
      String operation) {
    Set<String> existing =
        memberIds.size() > BIND_LIMIT
            ? currentMembers(connection, groupId, groupRef, operation)
            : Set.of();
    List<String> added = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    Map<String, String> toAdd = new LinkedHashMap<>();
    memberIds.forEach(
        (ref, id) -> {
          if (existing.contains(id.toLowerCase(Locale.ROOT))) unchanged.add(ref);
          else toAdd.put(ref, id);
        });
    List<Map.Entry<String, String>> pending = List.copyOf(toAdd.entrySet());
    for (int start = 0; start < pending.size(); start += BIND_LIMIT) {
      List<Map.Entry<String, String>> chunk =
          pending.subList(start, Math.min(start + BIND_LIMIT, pending.size()));
      try {
        bind(
            connection,
            groupId,
            groupRef,
            chunk.stream().map(Map.Entry::getValue).toList(),
            operation);
        chunk.forEach(
            e -> {
              added.add(e.getKey());
              connection.recentMemberships().added(groupId, e.getValue());
            });
      } catch (GraphException e) {
        if (e.category() != GraphErrorCategory.ALREADY_EXISTS) throw e;
        addOneByOne(connection, groupId, chunk, added, unchanged, operation);
      }
    }
    Map<String, Object> outcome = new LinkedHashMap<>();
    outcome.put("added", added);
    outcome.put("unchanged", unchanged);
    return outcome;
  }

  private static void bind(
      EntraConnection connection,
      String groupId,
      String groupRef,
      List<String> ids,
      String operation) {
    List<String> refs = ids.stream().map(id -> reference(connection, id)).toList();
    Subjects.sendAboutGroup(
        connection,
        GraphRequest.patch(GraphPath.of("groups").key(groupId), Map.of("members@odata.bind", refs))
            .awaitingReplication()
            .forOperation(operation),
        groupRef);
  }

  /** The URL Graph's @odata.bind and @odata.id expect for a directory object. */
  static String reference(EntraConnection connection, String objectId) {
    return connection.settings().graphBaseUri() + "/directoryObjects/" + objectId;
  }

  /**
   * After an all-or-nothing bind failed on an existing member: one $ref add per member, in one
   * $batch.
   */
  private static void addOneByOne(
      EntraConnection connection,
      String groupId,
      List<Map.Entry<String, String>> chunk,
      List<String> added,
      List<String> unchanged,
      String operation) {
    List<GraphRequest> requests =
        chunk.stream()
            .map(
                e ->
                    GraphRequest.post(
                            GraphPath.of("groups").key(groupId).segments("members", "$ref"),
                            Map.of("@odata.id", reference(connection, e.getValue())))
                        .repeatable()
                        .awaitingReplication()
                        .forOperation(operation))
            .toList();
    List<BatchResult> results = connection.graph().batch(requests);
    for (int i = 0; i < chunk.size(); i++) {
      BatchResult r = results.get(i);
      if (r.ok()) {
        added.add(chunk.get(i).getKey());
        connection.recentMemberships().added(groupId, chunk.get(i).getValue());
      } else if (r.error().category() == GraphErrorCategory.ALREADY_EXISTS) {
        unchanged.add(chunk.get(i).getKey());
      } else {
        throw r.error();
      }
    }
  }

  private static Set<String> currentMembers(
      EntraConnection connection, String groupId, String groupRef, String operation) {
    GraphRequest request =
        GraphRequest.get(GraphPath.of("groups").key(groupId).segments("members"))
            .withQuery("$select", "id")
            .withQuery("$top", "999")
            .forOperation(operation);
    Set<String> ids = new HashSet<>();
    try (Stream<JsonNode> members = connection.graph().stream(request, JsonNode.class)) {
      members.forEach(m -> ids.add(m.path("id").asText().toLowerCase(Locale.ROOT)));
    } catch (GraphException e) {
      throw e.category() == GraphErrorCategory.NOT_FOUND
          ? e.withMessage(
              "Group " + UserText.quote(groupRef) + " does not exist. (" + e.getMessage() + ")")
          : e;
    }
    return ids;
  }
}
