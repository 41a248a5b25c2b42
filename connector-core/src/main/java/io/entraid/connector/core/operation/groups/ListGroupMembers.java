package io.entraid.connector.core.operation.groups;

import com.fasterxml.jackson.databind.JsonNode;
import io.entraid.connector.core.connection.EntraConnection;
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
import io.entraid.connector.core.operation.PlainValues;
import io.entraid.connector.core.operation.Result;
import io.entraid.connector.core.operation.Subjects;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Lists a group's members, direct or through nested groups, in pages of 999 that are streamed: only
 * the returned members are held in memory, and paging stops at the limit.
 */
public final class ListGroupMembers implements Operation {
  static final int MAX_LIMIT = 100_000;
  static final String DEFAULT_PROPERTIES = "id,displayName,userPrincipalName,mail";
  private static final String USER_TYPE = "#microsoft.graph.user";

  static final OperationSpec SPEC =
      new OperationSpec(
          "listGroupMembers",
          "List group members",
          "Lists the members of a group, by default only users and including members of nested groups. Each member"
              + " has the selected properties; with usersOnly false also its type (user, group, ...).",
          Category.GROUPS,
          List.of(
              CommonInputs.group("group", "Group"),
              CommonInputs.transitive("Include members of nested groups (default true)"),
              InputSpec.optional(
                      "usersOnly",
                      "Users only",
                      InputType.BOOLEAN,
                      "Return only users, not nested groups, devices or service principals (default true)")
                  .defaultValue("true"),
              CommonInputs.select(DEFAULT_PROPERTIES),
              InputSpec.optional(
                      "limit",
                      "Limit",
                      InputType.INTEGER,
                      "The most members to return (default 1000)")
                  .defaultValue("1000")
                  .range(1, MAX_LIMIT)),
          List.of(
              OutputSpec.result(
                  Kind.LIST, "members", "The members, each with the selected properties")),
          // group-list-members-permissions.md (also covers
          // group-list-transitivemembers-permissions.md);
          // User.ReadBasic.All so that user members come with their properties, not only their id
          List.of("GroupMember.Read.All", "User.ReadBasic.All"),
          "https://learn.microsoft.com/graph/api/group-list-transitivemembers");

  @Override
  public OperationSpec spec() {
    return SPEC;
  }

  @Override
  public Result execute(EntraConnection connection, Inputs inputs) {
    int limit = inputs.integer("limit");
    String group = inputs.string("group");
    String id = connection.groups().resolve(group, SPEC.name());
    boolean transitive = inputs.bool("transitive");
    boolean usersOnly = inputs.bool("usersOnly");
    GraphPath path =
        GraphPath.of("groups").key(id).segments(transitive ? "transitiveMembers" : "members");
    // The type cast is a basic query on members but an advanced one on transitiveMembers
    // (aad-advanced-queries.md), so transitive lists are filtered here instead.
    boolean cast = usersOnly && !transitive;
    if (cast) path = path.segments("microsoft.graph.user");
    GraphRequest request =
        GraphRequest.get(path)
            .withQuery("$select", GroupProperties.select(inputs, DEFAULT_PROPERTIES))
            .withQuery("$top", "999")
            .forOperation(SPEC.name());
    List<Map<String, Object>> members = new ArrayList<>();
    try (Stream<JsonNode> all = connection.graph().stream(request, JsonNode.class)) {
      all.filter(m -> !usersOnly || cast || USER_TYPE.equals(m.path("@odata.type").asText()))
          .limit(limit)
          .forEach(m -> members.add(plain(m, usersOnly)));
    } catch (GraphException e) {
      throw Subjects.groupNotFound(connection, group, e);
    }
    return Result.of(members);
  }

  private static Map<String, Object> plain(JsonNode member, boolean usersOnly) {
    Map<String, Object> plain = PlainValues.object(member);
    String type = member.path("@odata.type").asText("");
    if (!usersOnly && !type.isEmpty()) plain.put("type", type.substring(type.lastIndexOf('.') + 1));
    return plain;
  }
}
