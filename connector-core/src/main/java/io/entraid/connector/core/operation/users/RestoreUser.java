package io.entraid.connector.core.operation.users;

import com.fasterxml.jackson.databind.JsonNode;
import io.entraid.connector.core.UserText;
import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.graph.GraphErrorCategory;
import io.entraid.connector.core.graph.GraphException;
import io.entraid.connector.core.graph.GraphPath;
import io.entraid.connector.core.graph.GraphRequest;
import io.entraid.connector.core.graph.OData;
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
import java.util.regex.Pattern;

/**
 * Restores a deleted user from deleted items. Takes the object id deleteUser returned, or the user
 * principal name the user had: Entra prefixes a deleted user's name with its object id (without
 * dashes), so the name is matched with endsWith, an advanced query, and checked here exactly. An id
 * is first read from deleted items, so restoreUser never restores a group by mistake.
 */
public final class RestoreUser implements Operation {
  private static final int ID_PREFIX = 32;
  private static final Pattern DELETED_PREFIX = Pattern.compile("[0-9a-fA-F]{" + ID_PREFIX + "}");

  static final OperationSpec SPEC =
      new OperationSpec(
          "restoreUser",
          "Restore deleted user",
          "Restores a user deleted in the last 30 days, with its group memberships. Give the object id deleteUser"
              + " returned, or the user principal name the user had. A user that is not in deleted items is the BPMN"
              + " error ENTRA_NOT_FOUND; a name that matches several deleted users is ENTRA_AMBIGUOUS.",
          Category.USERS,
          List.of(
              InputSpec.required(
                      "user",
                      "Deleted user",
                      InputType.STRING,
                      "The deleted user's object id, or the user principal name it had, e.g. jane.doe@contoso.com")
                  .format(ValueFormat.USER_REF)
                  .maxLength(256)),
          List.of(OutputSpec.result(Kind.OBJECT, "restoredUser", "The restored user's properties")),
          // api-reference/v1.0/api/directory-deleteditems-restore.md ("For users": Application
          // User.ReadWrite.All)
          List.of("User.ReadWrite.All"),
          "https://learn.microsoft.com/graph/api/directory-deleteditems-restore");

  @Override
  public OperationSpec spec() {
    return SPEC;
  }

  @Override
  public Result execute(EntraConnection connection, Inputs inputs) {
    String user = inputs.string("user");
    String id =
        GraphPath.isObjectId(user)
            ? deletedUserId(connection, user)
            : deletedUserIdByName(connection, user);
    GraphRequest restore =
        GraphRequest.post(
                GraphPath.of("directory", "deletedItems").key(id).segments("restore"), null)
            .forOperation(SPEC.name());
    try {
      return Result.of(PlainValues.object(connection.graph().send(restore).body()));
    } catch (GraphException e) {
      if (e.category() == GraphErrorCategory.ALREADY_EXISTS) {
        throw e.withMessage(
            "Deleted user "
                + UserText.quote(user)
                + " cannot be restored: an active object in the tenant of"
                + " connection '"
                + connection.name()
                + "' now has its user principal name or another of its unique values ("
                + e.getMessage()
                + "). Fix: rename or delete that object first.");
      }
      throw notDeleted(connection, user, e);
    }
  }

  private static String deletedUserId(EntraConnection connection, String id) {
    GraphRequest get =
        GraphRequest.get(GraphPath.of("directory", "deletedItems").key(id))
            .withQuery("$select", "id")
            .forOperation(SPEC.name());
    JsonNode item;
    try {
      item = connection.graph().send(get).body();
    } catch (GraphException e) {
      throw notDeleted(connection, id, e);
    }
    if (!"#microsoft.graph.user".equals(item.path("@odata.type").asText())) {
      throw GraphException.notFound(
          "Deleted item "
              + UserText.quote(id)
              + " is a "
              + item.path("@odata.type").asText("?").replace("#microsoft.graph.", "")
              + ", not a user. Fix: give the object id of a deleted user.");
    }
    return id;
  }

  private static String deletedUserIdByName(EntraConnection connection, String upn) {
    GraphRequest list =
        GraphRequest.get(GraphPath.of("directory", "deletedItems", "microsoft.graph.user"))
            .withQuery("$filter", "endswith(userPrincipalName," + OData.literal(upn) + ")")
            .withQuery("$select", "id,userPrincipalName,deletedDateTime")
            .withQuery("$count", "true")
            .withQuery("$top", "50")
            .eventualConsistency()
            .forOperation(SPEC.name());
    List<JsonNode> matches = new ArrayList<>();
    for (JsonNode candidate : connection.graph().send(list).body().path("value")) {
      if (hadName(candidate.path("userPrincipalName").asText(), upn)) matches.add(candidate);
    }
    if (matches.isEmpty()) {
      throw GraphException.notFound(
          "No deleted user had the user principal name "
              + UserText.quote(upn)
              + " in the tenant of"
              + " connection '"
              + connection.name()
              + "'. Deleted users are kept for 30 days. Fix: check the name, or"
              + " use the object id deleteUser returned.");
    }
    if (matches.size() > 1) {
      List<String> found =
          matches.stream()
              .map(
                  m ->
                      m.path("id").asText()
                          + " (deleted "
                          + m.path("deletedDateTime").asText("?")
                          + ")")
              .toList();
      throw GraphException.ambiguous(
          UserText.quote(upn)
              + " matches "
              + matches.size()
              + " deleted users: "
              + String.join(", ", found)
              + ". Fix: give the object id of the one to restore.");
    }
    return matches.get(0).path("id").asText();
  }

  /**
   * endsWith also matches longer names (xjane@ for jane@): only the name itself or id prefix + name
   * count.
   */
  private static boolean hadName(String deletedName, String upn) {
    return deletedName.equalsIgnoreCase(upn)
        || (deletedName.length() == ID_PREFIX + upn.length()
            && DELETED_PREFIX.matcher(deletedName).lookingAt()
            && deletedName.substring(ID_PREFIX).equalsIgnoreCase(upn));
  }

  private static GraphException notDeleted(
      EntraConnection connection, String user, GraphException e) {
    return e.category() == GraphErrorCategory.NOT_FOUND
        ? e.withMessage(
            "Deleted user "
                + UserText.quote(user)
                + " is not in the deleted items of the tenant of connection '"
                + connection.name()
                + "'; deleted users are kept for 30 days. ("
                + e.getMessage()
                + ")")
        : e;
  }
}
