package io.entraid.connector.core.operation;

import io.entraid.connector.core.Suggestions;
import io.entraid.connector.core.UserText;
import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.graph.GraphErrorCategory;
import io.entraid.connector.core.graph.GraphException;
import io.entraid.connector.core.sync.SyncTargets;
import io.entraid.connector.core.token.TokenClaims;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Every operation a process can call, by name: the dispatch table of the delegate, and the source
 * of the element templates, the permission preflight and the README's operations table.
 */
public final class OperationCatalog {
  private final Map<String, Operation> operations = new LinkedHashMap<>();

  public OperationCatalog(List<Operation> all) {
    for (Operation op : all) {
      if (operations.putIfAbsent(op.spec().name(), op) != null) {
        throw new IllegalArgumentException("Two operations are named " + op.spec().name());
      }
    }
  }

  /**
   * The built-in operations; syncDirectory has nowhere to write (see {@link
   * #standard(SyncTargets)}).
   */
  public static OperationCatalog standard() {
    return standard(SyncTargets.NONE);
  }

  /** The built-in operations, with syncDirectory writing where {@code syncTargets} says. */
  public static OperationCatalog standard(SyncTargets syncTargets) {
    return StandardOperations.catalog(syncTargets);
  }

  public List<Operation> all() {
    return List.copyOf(operations.values());
  }

  /** The README's operations table; a test keeps the README equal to this. */
  public String markdownTable() {
    StringBuilder sb =
        new StringBuilder(
            "| Operation | What it does | Inputs (required in bold) | Result | Application permissions |\n"
                + "|---|---|---|---|---|\n");
    for (Operation op : operations.values()) {
      OperationSpec spec = op.spec();
      String inputs =
          spec.inputs().stream()
              .map(i -> i.required() ? "**`" + i.name() + "`**" : "`" + i.name() + "`")
              .collect(Collectors.joining(", "));
      String outputs =
          spec.outputs().stream()
              .map(
                  o ->
                      "`"
                          + o.defaultVariable()
                          + "` ("
                          + o.kind().name().toLowerCase(Locale.ROOT)
                          + ")")
              .collect(Collectors.joining(", "));
      String permissions =
          spec.permissions().isEmpty()
              ? "depends on the call"
              : String.join(", ", spec.permissions());
      sb.append("| `")
          .append(spec.name())
          .append("` | ")
          .append(firstSentence(spec.description()))
          .append(" | ")
          .append(inputs.isEmpty() ? "none" : inputs)
          .append(" | ")
          .append(outputs)
          .append(" | ")
          .append(permissions)
          .append(" |\n");
    }
    return sb.toString();
  }

  /**
   * Ends at the first full stop followed by a space that does not end an abbreviation (e.g., i.e.).
   */
  private static final Pattern SENTENCE_END = Pattern.compile("(?<!\\be\\.g)(?<!\\bi\\.e)\\. ");

  private static String firstSentence(String text) {
    Matcher end = SENTENCE_END.matcher(text);
    return (end.find() ? text.substring(0, end.start() + 1) : text).replace("|", "\\|");
  }

  /**
   * @throws UnknownOperationException naming the known operations
   */
  public Operation get(String name) {
    Operation op = name == null ? null : operations.get(name.strip());
    if (op == null) {
      String suggestion =
          Suggestions.closest(name, operations.keySet(), 3)
              .map(c -> " Did you mean " + c + "?")
              .orElse("");
      throw new UnknownOperationException(
          (name == null || name.isBlank()
                  ? "No operation was given."
                  : "Unknown operation " + UserText.quote(name) + ".")
              + suggestion
              + " Fix: set the input 'operation' to one of "
              + String.join(", ", operations.keySet())
              + ".");
    }
    return op;
  }

  /**
   * Validates the inputs and runs the operation, unrestricted: for code that chose the operation
   * itself. A 403 from Graph is reported with the permission the operation needs that the
   * connection's token lacks.
   */
  public Result execute(
      EntraConnection connection, String operationName, Map<String, ?> rawInputs) {
    Operation op = get(operationName);
    return run(connection, op, Inputs.validate(op.spec(), rawInputs));
  }

  /**
   * Runs the operation for a process, within the connection's policy: the operation and the process
   * are checked before the inputs, what the inputs would do (graphRequest's method and path) after.
   *
   * @param processKey the calling process definition's key, or null if unknown
   * @throws PolicyViolation if the policy forbids the call; nothing is sent then
   */
  public Result execute(
      EntraConnection connection,
      String operationName,
      Map<String, ?> rawInputs,
      ConnectionPolicy policy,
      String processKey) {
    return execute(connection, get(operationName), rawInputs, policy, processKey);
  }

  /** The same for an operation the caller has already looked up with {@link #get(String)}. */
  public Result execute(
      EntraConnection connection,
      Operation op,
      Map<String, ?> rawInputs,
      ConnectionPolicy policy,
      String processKey) {
    policy.checkOperation(connection.name(), op.spec().name(), processKey);
    Inputs inputs = Inputs.validate(op.spec(), rawInputs);
    op.checkPolicy(connection.name(), policy, inputs);
    return run(connection, op, inputs);
  }

  /**
   * @throws IllegalArgumentException if the policy names an operation this catalog does not have
   */
  public void validate(String connection, ConnectionPolicy policy) {
    for (String name : policy.operations()) {
      if (!operations.containsKey(name)) {
        String suggestion =
            Suggestions.closest(name, operations.keySet(), 3)
                .map(c -> " Did you mean " + c + "?")
                .orElse("");
        throw new IllegalArgumentException(
            "Connection '"
                + connection
                + "', policy setting "
                + ConnectionPolicy.OPERATIONS
                + ": "
                + UserText.quote(name)
                + " is not an operation."
                + suggestion
                + " Fix: use names from "
                + String.join(", ", operations.keySet())
                + ".");
      }
    }
  }

  private static Result run(EntraConnection connection, Operation op, Inputs inputs) {
    try {
      Result result = op.execute(connection, inputs);
      result.checkSize(op.spec().name());
      return result;
    } catch (GraphException e) {
      if (e.category() != GraphErrorCategory.PERMISSION_DENIED) throw e;
      throw permissionDenied(connection, op.spec(), e);
    }
  }

  static GraphException permissionDenied(
      EntraConnection connection, OperationSpec spec, GraphException e) {
    Set<String> granted =
        TokenClaims.decode(connection.tokens().token()).map(TokenClaims::roles).orElse(Set.of());
    List<String> missing = Permissions.missing(spec, granted);
    List<String> named = missing.isEmpty() ? spec.permissions() : missing;
    if (named.isEmpty()) {
      // Operations such as graphRequest declare none: what is lacking depends on the call.
      return e.withMessage(
          "Connection '"
              + connection.name()
              + "' was refused by Graph in "
              + spec.name()
              + " ("
              + e.getMessage()
              + "). Fix: look up the call's least-privileged application permission in its Microsoft"
              + " Graph API reference, add it under API permissions > Microsoft Graph > Application permissions, then"
              + " click Grant admin consent.");
    }
    String which = String.join(" and ", named);
    return e.withMessage(
            "Connection '"
                + connection.name()
                + "' lacks the application permission"
                + (named.size() > 1 ? "s " : " ")
                + which
                + ", which "
                + spec.name()
                + " needs ("
                + e.getMessage()
                + ")."
                + " Fix: in the app registration, add "
                + which
                + " under API permissions > Microsoft Graph >"
                + " Application permissions, then click Grant admin consent.")
        .withRequiredPermission(named.get(0));
  }
}
