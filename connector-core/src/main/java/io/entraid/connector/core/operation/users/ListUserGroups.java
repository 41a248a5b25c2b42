package io.entraid.connector.core.operation.users;

import com.fasterxml.jackson.databind.JsonNode;
import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.graph.GraphException;
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
import java.util.Map;
import java.util.stream.Stream;

/**
 * The groups a user is a member of. memberOf also lists directory roles and administrative units;
 * they are dropped here by @odata.type, because the OData cast to groups that would do it in Graph
 * needs an advanced query (ConsistencyLevel: eventual), whose index lags recent changes.
 */
public final class ListUserGroups implements Operation {
  static final String DEFAULT_PROPERTIES = "id,displayName,mailNickname";
  private static final String GROUP_TYPE = "#microsoft.graph.group";

  static final OperationSpec SPEC =
      new OperationSpec(
          "listUserGroups",
          "List user's groups",
          "Lists the groups a user is a member of, including through nested groups unless turned off.",
          Category.USERS,
          List.of(
              CommonInputs.user("user", "User"),
              CommonInputs.transitive(
                  "Include groups the user is in through nested groups (default true)"),
              CommonInputs.select(DEFAULT_PROPERTIES)),
          List.of(
              OutputSpec.result(
                  Kind.LIST,
                  "groups",
                  "The groups' properties, e.g. id, displayName, mailNickname")),
          // api-reference/v1.0/includes/permissions/user-list-transitivememberof-permissions.md and
          // learn.microsoft.com/graph/api/user-list-memberof ("another user's memberships"):
          // Application User.Read.All
          List.of("User.Read.All"),
          "https://learn.microsoft.com/graph/api/user-list-transitivememberof");

  @Override
  public OperationSpec spec() {
    return SPEC;
  }

  @Override
  public Result execute(EntraConnection connection, Inputs inputs) {
    String user = inputs.string("user");
    String relation = inputs.bool("transitive") ? "transitiveMemberOf" : "memberOf";
    String select =
        inputs.has("properties") ? String.join(",", inputs.list("properties")) : DEFAULT_PROPERTIES;
    GraphRequest request =
        GraphRequest.get(GraphPath.of("users").key(user).segments(relation))
            .withQuery("$select", select)
            .withQuery("$top", "999")
            .forOperation(SPEC.name());
    try (Stream<JsonNode> memberships = connection.graph().stream(request, JsonNode.class)) {
      List<Map<String, Object>> groups =
          PlainValues.objects(
              memberships.filter(m -> GROUP_TYPE.equals(m.path("@odata.type").asText())).toList());
      return Result.of(groups);
    } catch (GraphException e) {
      throw Subjects.userNotFound(connection, user, e);
    }
  }
}
