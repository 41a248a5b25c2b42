package io.entraid.connector.core.operation.users;

import com.fasterxml.jackson.databind.JsonNode;
import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.graph.GraphClient;
import io.entraid.connector.core.graph.GraphErrorCategory;
import io.entraid.connector.core.graph.GraphException;
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
import io.entraid.connector.core.operation.ValueFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds users by name prefixes, department or a raw OData filter. Pages of up to 999 are read only
 * until the limit is reached, so a broad search costs at most two requests.
 */
public final class FindUsers implements Operation {
  static final int MAX_LIMIT = 1000;
  private static final int MAX_PAGE = 999;
  private static final List<String> PREFIX_INPUTS =
      List.of("displayName", "mail", "userPrincipalName");

  static final OperationSpec SPEC =
      new OperationSpec(
          "findUsers",
          "Find users",
          "Finds users whose display name, mail or user principal name starts with the given text, who work in the"
              + " given department, or who match an OData filter. All given criteria must match; at least one is required.",
          Category.USERS,
          List.of(
              prefix("displayName", "Display name starts with", "e.g. Jane"),
              prefix("mail", "Mail starts with", "e.g. jane.doe"),
              prefix("userPrincipalName", "User principal name starts with", "e.g. jane.doe@"),
              InputSpec.optional(
                      "department",
                      "Department",
                      InputType.STRING,
                      "The exact department (case-insensitive), e.g. Sales")
                  .maxLength(64),
              InputSpec.optional(
                      "filter",
                      "OData filter",
                      InputType.TEXT,
                      "A Graph $filter expression sent as-is, e.g. accountEnabled eq false. Trusted administrator input:"
                          + " never map text that end users typed to it")
                  .format(ValueFormat.RAW_ODATA_FILTER)
                  .maxLength(2048),
              InputSpec.optional(
                      "advancedQuery",
                      "Advanced query",
                      InputType.BOOLEAN,
                      "Send ConsistencyLevel: eventual with $count, which filters using ne, not, endsWith and some"
                          + " properties need; results may lag recent changes by seconds (default false)")
                  .defaultValue("false"),
              InputSpec.optional(
                      "limit",
                      "Maximum results",
                      InputType.INTEGER,
                      "Return at most this many users; narrow the search rather than raising it (default 100)")
                  .defaultValue("100")
                  .range(1, MAX_LIMIT),
              CommonInputs.select(UserProperties.DEFAULT)),
          List.of(
              OutputSpec.result(
                  Kind.LIST, "users", "The matching users' properties, at most limit of them")),
          // api-reference/v1.0/api/user-list.md (Application: User.Read.All)
          List.of("User.Read.All"),
          "https://learn.microsoft.com/graph/api/user-list");

  private static InputSpec prefix(String name, String label, String example) {
    return InputSpec.optional(
            name,
            label,
            InputType.STRING,
            "Matches users whose " + name + " starts with this text, " + example)
        .maxLength(256);
  }

  @Override
  public OperationSpec spec() {
    return SPEC;
  }

  @Override
  public Result execute(EntraConnection connection, Inputs inputs) {
    int limit = inputs.integer("limit");
    GraphRequest request =
        GraphRequest.get(GraphPath.of("users"))
            .withQuery("$filter", filter(inputs))
            .withQuery("$select", UserProperties.select(inputs))
            .withQuery("$top", String.valueOf(Math.min(limit, MAX_PAGE)))
            .forOperation(SPEC.name());
    if (inputs.bool("advancedQuery")) request = request.advancedQuery();
    // A filter on a property Graph indexes only for advanced queries (officeLocation, mobilePhone,
    // ... eq null) is
    // sent again as one rather than refused.
    try (Stream<JsonNode> users =
        GraphClient.items(connection.graph().pagesAdvancedIfNeeded(request, JsonNode.class))) {
      return Result.of(PlainValues.objects(users.limit(limit).toList()));
    } catch (GraphException e) {
      throw e.category() == GraphErrorCategory.INVALID_INPUT
          ? e.withMessage(
              "Graph refused the search of "
                  + SPEC.name()
                  + " ("
                  + e.getMessage()
                  + "). Fix: check the"
                  + " input 'filter' (property names, quotes, operators).")
          : e;
    }
  }

  /** Every criterion given, joined with and; values only ever as quoted literals. */
  private static String filter(Inputs inputs) {
    List<String> clauses = new ArrayList<>();
    for (String property : PREFIX_INPUTS) {
      inputs
          .optionalString(property)
          .ifPresent(v -> clauses.add("startswith(" + property + "," + OData.literal(v) + ")"));
    }
    inputs
        .optionalString("department")
        .ifPresent(v -> clauses.add("department eq " + OData.literal(v)));
    inputs.optionalString("filter").ifPresent(raw -> clauses.add("(" + raw.strip() + ")"));
    if (clauses.isEmpty()) {
      throw GraphException.invalidInput(
          SPEC.name()
              + " needs at least one criterion, so that an unmapped variable"
              + " cannot turn it into a list of arbitrary users. Fix: map a value to displayName, mail, userPrincipalName,"
              + " department or filter.");
    }
    return String.join(" and ", clauses);
  }
}
