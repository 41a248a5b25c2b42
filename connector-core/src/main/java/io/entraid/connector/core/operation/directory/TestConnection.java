package io.entraid.connector.core.operation.directory;

import io.entraid.connector.core.connection.ConnectionTestResult;
import io.entraid.connector.core.connection.ConnectionTester;
import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.graph.GraphException;
import io.entraid.connector.core.operation.InputSpec;
import io.entraid.connector.core.operation.InputType;
import io.entraid.connector.core.operation.Inputs;
import io.entraid.connector.core.operation.Operation;
import io.entraid.connector.core.operation.OperationCatalog;
import io.entraid.connector.core.operation.OperationSpec;
import io.entraid.connector.core.operation.OperationSpec.Category;
import io.entraid.connector.core.operation.OutputSpec;
import io.entraid.connector.core.operation.OutputSpec.Kind;
import io.entraid.connector.core.operation.Permissions;
import io.entraid.connector.core.operation.Result;
import io.entraid.connector.core.operation.UnknownOperationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Acquires a token and reports what it grants; optionally which operations it is not enough for.
 */
public final class TestConnection implements Operation {
  static final OperationSpec SPEC =
      new OperationSpec(
          "testConnection",
          "Test connection",
          "Gets a token for the connection and reports the granted application permissions and when its"
              + " credential expires; with a list of operations, also the permissions each of them still"
              + " lacks.",
          Category.DIRECTORY,
          List.of(
              InputSpec.optional(
                      "operations",
                      "Operations to check",
                      InputType.STRING_LIST,
                      "Operation names whose permissions to check, e.g. checkGroupMembership, addGroupMembers")
                  .maxLength(64)
                  .maxItems(100)),
          List.of(
              OutputSpec.result(
                  Kind.OBJECT,
                  "connectionTest",
                  "{ok, diagnosis, message, grantedPermissions, delegatedOnlySuspected, credentialExpiry: {status, notAfter, daysLeft, source, ambiguous, message}, missingPermissions: {operation: [...]}}")),
          List.of(),
          "https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow");

  private final Supplier<OperationCatalog> catalog;

  /**
   * @param catalog the catalog whose operations can be checked (a supplier: the catalog contains
   *     this operation)
   */
  public TestConnection(Supplier<OperationCatalog> catalog) {
    this.catalog = catalog;
  }

  @Override
  public OperationSpec spec() {
    return SPEC;
  }

  @Override
  public Result execute(EntraConnection connection, Inputs inputs) {
    ConnectionTestResult test = ConnectionTester.test(connection);
    Map<String, Object> missing = new LinkedHashMap<>();
    for (String name : inputs.list("operations")) {
      missing.put(name, Permissions.missing(operation(name), test.grantedPermissions()));
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("ok", test.ok());
    result.put("diagnosis", test.diagnosis() == null ? null : test.diagnosis().name());
    result.put("message", test.message());
    result.put("grantedPermissions", new ArrayList<>(test.grantedPermissions()));
    result.put("delegatedOnlySuspected", test.delegatedOnlySuspected());
    result.put("credentialExpiry", test.credentialExpiry().asMap());
    result.put("missingPermissions", missing);
    return Result.of(result);
  }

  /**
   * An entry of the input {@code operations}: a name that is not an operation is invalid input
   * here.
   */
  private OperationSpec operation(String name) {
    try {
      return catalog.get().get(name).spec();
    } catch (UnknownOperationException e) {
      throw GraphException.invalidInput(e.getMessage());
    }
  }
}
