package io.entraid.connector.core.operation;

import io.entraid.connector.core.UserText;
import io.entraid.connector.core.graph.GraphRequest.Method;
import io.entraid.connector.core.operation.advanced.GraphPathPermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What one connection may be used for: which operations, by which process definitions, and which
 * Microsoft Graph calls through {@code graphRequest}. Least privilege by default: every operation
 * except {@code graphRequest}, by any process; {@code graphRequest} runs only where its allow-list
 * names the method and path.
 *
 * @param operations the operations allowed; empty means all except graphRequest (which is then
 *     allowed only if {@code graphRequests} is not empty)
 * @param processes process definition keys or patterns ({@code *} matches any run of characters,
 *     e.g. {@code entra-*}); empty means any process
 * @param graphRequests the calls graphRequest may send, each {@code METHOD path-pattern}
 */
public record ConnectionPolicy(
    Set<String> operations, List<String> processes, List<GraphRule> graphRequests) {
  /** The setting names, as the refusals and the configuration call them. */
  public static final String OPERATIONS = "operations";

  public static final String PROCESSES = "processes";
  public static final String GRAPH_REQUESTS = "graph-requests";
  static final String GRAPH_REQUEST = "graphRequest";

  /** All operations but graphRequest, for any process. */
  public static final ConnectionPolicy DEFAULT =
      new ConnectionPolicy(Set.of(), List.of(), List.of());

  public ConnectionPolicy {
    operations = Set.copyOf(operations);
    processes = List.copyOf(processes);
    graphRequests = List.copyOf(graphRequests);
    for (String process : processes) {
      if (process == null || process.isBlank() || !process.strip().matches("[A-Za-z0-9_.*:-]+")) {
        throw new IllegalArgumentException(
            "Policy setting "
                + PROCESSES
                + ": "
                + UserText.quote(process)
                + " is not a"
                + " process definition key or pattern. Fix: give keys such as entra-onboarding, or patterns such as entra-*.");
      }
    }
  }

  /**
   * A policy from configuration text; blank entries are ignored.
   *
   * @throws IllegalArgumentException naming the setting, the value and the fix
   */
  public static ConnectionPolicy of(
      Collection<String> operations,
      Collection<String> processes,
      Collection<String> graphRequests) {
    return new ConnectionPolicy(
        new LinkedHashSet<>(nonBlank(operations)),
        nonBlank(processes),
        nonBlank(graphRequests).stream().map(GraphRule::parse).toList());
  }

  /** Comma-separated text (the process engine plugin's JavaBean properties) as a list. */
  public static List<String> split(String commaSeparated) {
    return commaSeparated == null ? List.of() : nonBlank(Arrays.asList(commaSeparated.split(",")));
  }

  private static List<String> nonBlank(Collection<String> values) {
    if (values == null) return List.of();
    return values.stream().filter(v -> v != null && !v.isBlank()).map(String::strip).toList();
  }

  /** Whether the policy lets {@code operation} run at all (not considering the process). */
  public boolean allows(String operation) {
    if (operations.isEmpty()) return !GRAPH_REQUEST.equals(operation) || !graphRequests.isEmpty();
    return operations.contains(operation);
  }

  /**
   * @param processKey the key of the calling process definition, or null if unknown
   * @throws PolicyViolation if the operation or the process is not allowed
   */
  public void checkOperation(String connection, String operation, String processKey) {
    if (!allows(operation)) {
      String allowed =
          operations.isEmpty()
              ? "the default, every operation except graphRequest"
              : String.join(", ", operations);
      String fix =
          GRAPH_REQUEST.equals(operation) && operations.isEmpty()
              ? "allow the calls it needs in the connection's policy setting "
                  + GRAPH_REQUESTS
                  + ", e.g. 'GET users/*/memberOf'"
              : "add " + operation + " to the connection's policy setting " + OPERATIONS;
      throw new PolicyViolation(
          OPERATIONS,
          "Connection "
              + UserText.quote(connection)
              + " may not run "
              + operation
              + " (policy rule "
              + OPERATIONS
              + ": "
              + allowed
              + "). Fix: "
              + fix
              + where(connection)
              + ", or use a connection that allows it.");
    }
    if (!processes.isEmpty()
        && (processKey == null
            || processes.stream().noneMatch(p -> glob(p).matcher(processKey).matches()))) {
      throw new PolicyViolation(
          PROCESSES,
          "Connection "
              + UserText.quote(connection)
              + " may not be used by process "
              + UserText.quote(processKey)
              + " (policy rule "
              + PROCESSES
              + ": "
              + String.join(", ", processes)
              + "). Fix: add"
              + " the process definition key to the connection's policy setting "
              + PROCESSES
              + where(connection)
              + ", or use a connection meant for this process.");
    }
  }

  /**
   * @param segments the path below the API version, one decoded segment per entry
   * @throws PolicyViolation unless a rule of {@code graph-requests} allows the call
   */
  public void checkGraphRequest(String connection, Method method, List<String> segments) {
    if (graphRequests.stream().anyMatch(rule -> rule.matches(method, segments))) return;
    String call = method + " " + UserText.escape(String.join("/", segments));
    throw new PolicyViolation(
        GRAPH_REQUESTS,
        "Connection "
            + UserText.quote(connection)
            + " may not send "
            + call
            + " through graphRequest"
            + " (policy rule "
            + GRAPH_REQUESTS
            + ": "
            + (graphRequests.isEmpty()
                ? "none allowed"
                : graphRequests.stream()
                    .map(GraphRule::toString)
                    .reduce((a, b) -> a + ", " + b)
                    .orElseThrow())
            + "). Fix: if this call is intended,"
            + " add a rule such as '"
            + method
            + " "
            + String.join(
                "/", segments.stream().map(s -> s.matches("[A-Za-z$.]+") ? s : "*").toList())
            + "' to the connection's policy setting "
            + GRAPH_REQUESTS
            + where(connection)
            + " and grant the application permission its Graph API reference names.");
  }

  /**
   * The application permissions the allowed graphRequest calls need, where Graph documents them
   * (see {@link GraphPathPermissions}); a rule for another resource adds none: its Graph API
   * reference names it.
   */
  public SortedSet<String> graphPermissions() {
    SortedSet<String> permissions = new TreeSet<>();
    for (GraphRule rule : graphRequests) {
      GraphPathPermissions.of(rule).ifPresent(permissions::add);
    }
    return permissions;
  }

  private static String where(String connection) {
    return " (Spring Boot: camunda.bpm.plugin.entraid.connections."
        + UserText.escape(connection)
        + ".policy.*)";
  }

  private static Pattern glob(String pattern) {
    String[] parts = pattern.split("\\*", -1);
    StringBuilder regex = new StringBuilder(Pattern.quote(parts[0]));
    for (int i = 1; i < parts.length; i++) regex.append(".*").append(Pattern.quote(parts[i]));
    return Pattern.compile(regex.toString());
  }

  /**
   * One allowed graphRequest call: a method ({@code *} for any) and a path pattern below the API
   * version whose segments match case-insensitively, {@code *} matching one segment and a final
   * {@code **} any number of them.
   */
  public record GraphRule(String method, List<String> pattern) {
    public GraphRule {
      pattern = List.copyOf(pattern);
    }

    /**
     * @param text e.g. {@code GET users/*}{@code /memberOf}
     */
    public static GraphRule parse(String text) {
      String[] parts = text.strip().split("\\s+");
      String fix =
          " Fix: write METHOD path, e.g. 'GET users/*/memberOf' (* is one path segment, a final ** any"
              + " number of them).";
      if (parts.length != 2)
        throw new IllegalArgumentException(
            "Policy setting "
                + GRAPH_REQUESTS
                + ": "
                + UserText.quote(text)
                + " is not a rule."
                + fix);
      String method = parts[0].toUpperCase(Locale.ROOT);
      if (!method.equals("*")
          && Arrays.stream(Method.values()).noneMatch(m -> m.name().equals(method))) {
        throw new IllegalArgumentException(
            "Policy setting "
                + GRAPH_REQUESTS
                + ": "
                + UserText.quote(text)
                + " has the unknown method "
                + UserText.quote(parts[0])
                + "."
                + fix);
      }
      String path = parts[1].startsWith("/") ? parts[1].substring(1) : parts[1];
      List<String> segments = new ArrayList<>(Arrays.asList(path.split("/", -1)));
      for (int i = 0; i < segments.size(); i++) {
        String segment = segments.get(i);
        boolean lastWildcard = segment.equals("**") && i == segments.size() - 1;
        if (segment.isEmpty()
            || (segment.contains("*") && !segment.equals("*") && !lastWildcard)
            || segment.equals(".")
            || segment.equals("..")
            || segment.contains("?")
            || segment.contains("%")) {
          throw new IllegalArgumentException(
              "Policy setting "
                  + GRAPH_REQUESTS
                  + ": "
                  + UserText.quote(text)
                  + " has an invalid path."
                  + fix);
        }
        if (segment.equalsIgnoreCase("$batch")) {
          throw new IllegalArgumentException(
              "Policy setting "
                  + GRAPH_REQUESTS
                  + ": "
                  + UserText.quote(text)
                  + " names $batch, which needs no rule: a $batch request is allowed when every request inside it is."
                  + " Fix: remove it.");
        }
      }
      return new GraphRule(method, segments);
    }

    public boolean matches(Method requested, List<String> segments) {
      if (!method.equals("*") && !method.equals(requested.name())) return false;
      for (int i = 0; i < pattern.size(); i++) {
        String p = pattern.get(i);
        if (p.equals("**")) return true;
        if (i >= segments.size()) return false;
        if (!p.equals("*") && !p.equalsIgnoreCase(segments.get(i))) return false;
      }
      return pattern.size() == segments.size();
    }

    /** Whether the rule lets a call change something (any method but GET). */
    public boolean writes() {
      return !method.equals(Method.GET.name());
    }

    @Override
    public String toString() {
      return method + " " + String.join("/", pattern);
    }
  }
}
