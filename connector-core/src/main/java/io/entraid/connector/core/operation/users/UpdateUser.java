package io.entraid.connector.core.operation.users;

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
import io.entraid.connector.core.operation.PlainValues;
import io.entraid.connector.core.operation.Result;
import io.entraid.connector.core.operation.Subjects;
import io.entraid.connector.core.operation.ValueFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Changes properties of a user (one PATCH), then reads the user back (one GET) and returns it: the
 * process sees what Graph stored, including values Graph normalized, without a second task. Safe to
 * retry: the same PATCH again changes nothing.
 */
public final class UpdateUser implements Operation {
  /**
   * Set by dedicated operations (passwords) or never settable (id); refused here so nothing slips
   * through.
   */
  static final Set<String> REFUSED = Set.of("id", "passwordprofile");

  static final OperationSpec SPEC =
      new OperationSpec(
          "updateUser",
          "Update user",
          "Changes the given properties of a user and returns the user with them. Renaming the user principal name is"
              + " allowed; passwords cannot be set this way.",
          Category.USERS,
          List.of(
              CommonInputs.user("user", "User"),
              InputSpec.required(
                      "properties",
                      "Properties",
                      InputType.JSON_OBJECT,
                      "Graph user properties to set, e.g. {\"jobTitle\": \"Engineer\", \"department\": \"Sales\"}; null clears one")
                  .maxLength(16_384)),
          List.of(
              OutputSpec.result(
                  Kind.OBJECT,
                  "user",
                  "The user after the change: the usual properties plus every property that was set")),
          // api-reference/v1.0/api/user-update.md (Application: User.ReadWrite.All)
          List.of("User.ReadWrite.All"),
          "https://learn.microsoft.com/graph/api/user-update");

  @Override
  public OperationSpec spec() {
    return SPEC;
  }

  @Override
  public Result execute(EntraConnection connection, Inputs inputs) {
    String user = inputs.string("user");
    Map<String, Object> changes = inputs.object("properties");
    check(inputs, changes);
    UserCalls.patch(connection, user, changes, SPEC.name());

    // After a rename the old name no longer finds the user.
    String current = GraphPath.isObjectId(user) ? user : newUserPrincipalName(changes).orElse(user);
    Set<String> select = new LinkedHashSet<>(List.of(UserProperties.DEFAULT.split(",")));
    select.addAll(changes.keySet());
    GraphRequest read =
        GraphRequest.get(GraphPath.of("users").key(current))
            .withQuery("$select", String.join(",", select))
            .forOperation(SPEC.name());
    return Result.of(PlainValues.object(Subjects.sendAboutUser(connection, read, current).body()));
  }

  private static void check(Inputs inputs, Map<String, Object> changes) {
    if (changes.isEmpty()) {
      throw inputs.invalid(
          "properties", "is an empty object. Fix: give at least one property to change.");
    }
    for (Map.Entry<String, Object> change : changes.entrySet()) {
      String key = change.getKey();
      if (!ValueFormat.PROPERTY_NAME.accepts(key)) {
        throw inputs.invalid(
            "properties",
            "contains the key "
                + UserText.quote(key)
                + ", which is not "
                + ValueFormat.PROPERTY_NAME.description()
                + ". Fix: give plain Graph property names; relations such as manager have their own operations.");
      }
      if (REFUSED.contains(key.toLowerCase(Locale.ROOT))) {
        throw inputs.invalid(
            "properties",
            "contains the key "
                + UserText.quote(key)
                + ", which cannot be set by updateUser."
                + " Fix: remove it"
                + (key.equalsIgnoreCase("id")
                    ? "; object ids never change."
                    : "; passwords are not" + " changed through property updates."));
      }
      if (key.equalsIgnoreCase("userPrincipalName")
          && !(change.getValue() instanceof String upn && ValueFormat.UPN.accepts(upn))) {
        throw inputs.invalid(
            "properties",
            "sets userPrincipalName to a value that is not " + ValueFormat.UPN.description() + ".");
      }
    }
  }

  private static Optional<String> newUserPrincipalName(Map<String, Object> changes) {
    return changes.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase("userPrincipalName"))
        .map(e -> (String) e.getValue())
        .findFirst();
  }
}
