package io.entraid.connector.core.operation.groups;

import com.fasterxml.jackson.databind.JsonNode;
import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.graph.GraphPath;
import io.entraid.connector.core.graph.GraphRequest;
import io.entraid.connector.core.graph.OData;
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
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Lists groups by display-name prefix and type. Uses only filters Graph supports without advanced
 * queries, so no ConsistencyLevel header and no replication lag of the advanced index.
 */
public final class FindGroups implements Operation {
  private enum Type {
    ANY(null),
    SECURITY("securityEnabled eq true and mailEnabled eq false"),
    MICROSOFT365("groupTypes/any(c:c eq 'Unified')");

    /** The $filter clause that selects this type, or null for any group. */
    final String clause;

    Type(String clause) {
      this.clause = clause;
    }
  }

  static final int MAX_LIMIT = 1000;

  static final OperationSpec SPEC =
      new OperationSpec(
          "findGroups",
          "Find groups",
          "Lists groups whose display name starts with the given text (all groups when empty), optionally only"
              + " security groups or only Microsoft 365 groups, up to the limit.",
          Category.GROUPS,
          List.of(
              InputSpec.optional(
                      "displayName",
                      "Display name starts with",
                      InputType.STRING,
                      "Case-insensitive prefix of the display name, e.g. Project")
                  .maxLength(256),
              InputSpec.choice(
                  "type",
                  "Group type",
                  "any; security: security groups that are not mail-enabled; microsoft365: Microsoft 365 groups",
                  Type.values()),
              CommonInputs.select(GroupProperties.DEFAULT),
              InputSpec.optional(
                      "limit",
                      "Limit",
                      InputType.INTEGER,
                      "The most groups to return (default 100)")
                  .defaultValue("100")
                  .range(1, MAX_LIMIT)),
          List.of(
              OutputSpec.result(
                  Kind.LIST, "groups", "The matching groups, each with the selected properties")),
          // group-list-permissions.md (its newest revision puts the write permission
          // Group-NestingSupport.ReadWrite.All first)
          List.of("GroupMember.Read.All"),
          "https://learn.microsoft.com/graph/api/group-list");

  @Override
  public OperationSpec spec() {
    return SPEC;
  }

  @Override
  public Result execute(EntraConnection connection, Inputs inputs) {
    int limit = inputs.integer("limit");
    GraphRequest request =
        GraphRequest.get(GraphPath.of("groups"))
            .withQuery("$select", GroupProperties.select(inputs, GroupProperties.DEFAULT))
            .withQuery("$top", String.valueOf(Math.min(limit, 999)))
            .forOperation(SPEC.name());
    String filter = filter(inputs);
    if (!filter.isEmpty()) request = request.withQuery("$filter", filter);
    List<JsonNode> groups = new ArrayList<>();
    try (Stream<JsonNode> all = connection.graph().stream(request, JsonNode.class)) {
      all.limit(limit).forEach(groups::add);
    }
    return Result.of(PlainValues.objects(groups));
  }

  private static String filter(Inputs inputs) {
    List<String> clauses = new ArrayList<>();
    inputs
        .optionalString("displayName")
        .ifPresent(prefix -> clauses.add("startswith(displayName," + OData.literal(prefix) + ")"));
    Type type = inputs.choice("type", Type.class);
    if (type.clause != null) clauses.add(type.clause);
    return String.join(" and ", clauses);
  }
}
