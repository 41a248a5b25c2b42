package io.entraid.connector.camunda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entraid.connector.core.connection.ConnectionRegistry;
import io.entraid.connector.core.operation.InputSpec;
import io.entraid.connector.core.operation.InputType;
import io.entraid.connector.core.operation.Operation;
import io.entraid.connector.core.operation.OperationCatalog;
import io.entraid.connector.core.operation.OperationSpec;
import io.entraid.connector.core.operation.OutputSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Camunda Modeler element templates (Camunda 7 schema), one per catalog operation, generated from
 * the operations' declarations: the templates are never edited by hand. A test keeps the committed
 * copies equal to what this generates.
 */
public final class ElementTemplates {
  public static final String SCHEMA =
      "https://unpkg.com/@camunda/element-templates-json-schema@0.22.1/resources/schema.json";

  /** Connection names as the Spring properties and the plugin accept them. */
  static final String CONNECTION_NAME = "^(?:\\$\\{[\\s\\S]+\\}|[A-Za-z0-9_.-]+)$";

  /**
   * An ISO 8601 repeat; the field is optional, so the pattern accepts empty (see {@link
   * #anchored}).
   */
  static final String RETRY_CYCLE =
      "R\\d+/P(?=\\d|T\\d)(?:\\d+[YMWD])*(?:T(?:\\d+[HMS])+)?(?:,\\s*P(?=\\d|T\\d)(?:\\d+[YMWD])*(?:T(?:\\d+[HMS])+)?)*";

  /**
   * An expression such as ${userId} is always accepted; its value is checked when the task runs.
   */
  static final String EXPRESSION = "\\$\\{[\\s\\S]+\\}";

  /** Our own icon (a person in a rounded square), not Microsoft's logo. */
  static final String ICON =
      "data:image/svg+xml;base64,"
          + Base64.getEncoder()
              .encodeToString(
                  ("<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24'>"
                          + "<rect x='1' y='1' width='22' height='22' rx='5' fill='#1f5f99'/><circle cx='12' cy='9' r='3.6' fill='white'/>"
                          + "<path d='M5.2 19.5c.9-3.6 3.6-5.3 6.8-5.3s5.9 1.7 6.8 5.3z' fill='white'/></svg>")
                      .getBytes(StandardCharsets.UTF_8));

  /** What every template says about business errors no model element catches. */
  static final String UNCAUGHT_ERRORS =
      " A business error (ENTRA_NOT_FOUND, ENTRA_ALREADY_EXISTS, ENTRA_AMBIGUOUS,"
          + " ENTRA_INVALID_INPUT) that no error boundary event, event subprocess or calling process catches becomes an"
          + " incident with its message (camunda.bpm.plugin.entraid.uncaught-errors: incident, the default, also per"
          + " connection at connections.<name>.uncaught-errors; end restores Camunda's silent end).";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ElementTemplates() {}

  /** File name to template JSON, for every operation of the catalog. */
  public static Map<String, String> generate(OperationCatalog catalog) {
    return generate(catalog, List.of());
  }

  /**
   * File name to template JSON, for every operation, with the connection field a dropdown of the
   * given connection names (one engine's connections) when there are any: such templates replace
   * the generic ones in a Modeler that works with that engine (same ids and version), and offer no
   * expression for the connection.
   */
  public static Map<String, String> generate(OperationCatalog catalog, List<String> connections) {
    Map<String, String> files = new LinkedHashMap<>();
    for (Operation op : catalog.all()) {
      files.put("entraid-" + op.spec().name() + ".json", write(template(op.spec(), connections)));
    }
    return files;
  }

  /** Writes the templates into each directory, replacing older ones. */
  public static void writeTo(OperationCatalog catalog, Path... directories) {
    Map<String, String> files = generate(catalog);
    try {
      for (Path dir : directories) {
        Files.createDirectories(dir);
        try (var old = Files.list(dir)) {
          for (Path p : old.filter(p -> p.getFileName().toString().startsWith("entraid-")).toList())
            Files.delete(p);
        }
        for (Map.Entry<String, String> file : files.entrySet())
          Files.writeString(dir.resolve(file.getKey()), file.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The templates' version, the same for all: raise it whenever what a template writes or shows
   * changes, so the Modeler offers to update tasks made with an older one. 2: Graph links, icon,
   * optional fields accept empty, uncaught errors in the description.
   */
  static final int VERSION = 2;

  static ObjectNode template(OperationSpec spec, List<String> connections) {
    ObjectNode t = JSON.createObjectNode();
    t.put("$schema", SCHEMA);
    t.put("name", "Entra ID: " + spec.title());
    t.put("id", "io.entraid." + spec.name());
    t.put("version", VERSION);
    t.put(
        "description",
        spec.description()
            + (spec.permissions().isEmpty()
                ? ""
                : " Needs the application permission(s): "
                    + String.join(", ", spec.permissions())
                    + ".")
            + UNCAUGHT_ERRORS);
    t.put("documentationRef", spec.documentation());
    t.putObject("icon").put("contents", ICON);
    t.putArray("appliesTo").add("bpmn:ServiceTask");
    t.putObject("elementType").put("value", "bpmn:ServiceTask");
    ArrayNode groups = t.putArray("groups");
    group(groups, "connection", "Connection");
    if (!spec.inputs().isEmpty()) group(groups, "input", "Input");
    group(groups, "output", "Output");
    group(groups, "execution", "Execution");

    ArrayNode props = t.putArray("properties");
    hidden(props, "property", "camunda:delegateExpression", "${" + EntraIdDelegate.BEAN_NAME + "}");
    hidden(props, "camunda:inputParameter", EntraIdDelegate.OPERATION, spec.name());
    ObjectNode connection =
        field(
            props,
            "Connection",
            "String",
            "connection",
            EntraIdDelegate.CONNECTION,
            "Name of the EntraID connection configured by your administrator.");
    if (connections.isEmpty()) {
      connection.put("value", "default");
      constraints(connection, true, CONNECTION_NAME, "Letters, digits, . _ - or an expression");
    } else {
      connection.put("type", "Dropdown");
      connection.put(
          "value",
          connections.contains(ConnectionRegistry.DEFAULT_NAME)
              ? ConnectionRegistry.DEFAULT_NAME
              : connections.get(0));
      ArrayNode choices = connection.putArray("choices");
      connections.forEach(name -> choices.addObject().put("name", name).put("value", name));
    }
    for (InputSpec input : spec.inputs()) input(props, input);
    for (OutputSpec output : spec.outputs()) {
      ObjectNode o =
          field(
              props,
              output.name().equals(OutputSpec.RESULT)
                  ? "Result variable"
                  : label(output.name()) + " variable",
              "String",
              "output",
              output.variableInput(),
              output.description());
      o.put("value", output.defaultVariable());
    }
    ObjectNode async =
        field(
            props,
            "Asynchronous before",
            "Boolean",
            "execution",
            null,
            "Run the task in a job: failures are retried and become incidents instead of failing the caller.");
    async.put("value", true);
    async.putObject("binding").put("type", "property").put("name", "camunda:asyncBefore");
    ObjectNode retry =
        field(
            props,
            "Retry cycle",
            "String",
            "execution",
            EntraIdDelegate.RETRY_CYCLE,
            "How often to retry transient failures (throttling, timeouts), e.g. R5/PT1M; empty: the engine's default."
                + " Failures that retrying cannot fix raise an incident at once.");
    constraints(
        retry, false, anchored(RETRY_CYCLE, false), "An ISO 8601 repeat such as R5/PT1M, or empty");
    return t;
  }

  private static void input(ArrayNode props, InputSpec input) {
    String type =
        switch (input.type()) {
          case TEXT, JSON_OBJECT -> "Text";
          case CHOICE, BOOLEAN -> "Dropdown";
          default -> "String";
        };
    ObjectNode p = field(props, input.label(), type, "input", input.name(), help(input));
    if (input.defaultValue() != null) p.put("value", input.defaultValue());
    if (input.type() == InputType.CHOICE) {
      ArrayNode choices = p.putArray("choices");
      input.choices().forEach(c -> choices.addObject().put("name", c).put("value", c));
    } else if (input.type() == InputType.BOOLEAN) {
      ArrayNode choices = p.putArray("choices");
      choices.addObject().put("name", "Yes").put("value", "true");
      choices.addObject().put("name", "No").put("value", "false");
      if (input.defaultValue() == null) p.put("value", "false");
    }
    String regex = input.type() == InputType.STRING ? input.format().regex() : null;
    if (input.type() == InputType.INTEGER)
      regex = input.range() == null ? "\\d+" : range(input.range().min(), input.range().max());
    String pattern =
        regex == null
            ? null
            : anchored(EXPRESSION + "|" + regex.replaceAll("^\\^|\\$$", ""), input.required());
    constraints(
        p,
        input.required(),
        pattern,
        input.format().description() != null
            ? "Expected " + input.format().description() + ", or an expression"
            : "A whole number"
                + (input.range() == null ? "" : " from " + input.range())
                + " or an expression");
  }

  /**
   * The whole numbers from {@code min} to {@code max} as a pattern (no sign, no leading zeros), one
   * alternative per number of digits: 1 to 1000 is {@code [1-9]|[1-9]\d|[1-9]\d{2}|1000}.
   */
  static String range(int min, int max) {
    if (min < 0)
      throw new IllegalArgumentException(
          "Template patterns cover ranges from 0 up, not " + min + " to " + max);
    List<String> alternatives = new ArrayList<>();
    for (int digits = String.valueOf(min).length();
        digits <= String.valueOf(max).length();
        digits++) {
      long low = Math.max(min, digits == 1 ? 0 : (long) Math.pow(10, digits - 1));
      long high = Math.min(max, (long) Math.pow(10, digits) - 1);
      alternatives.add(sameLength(String.valueOf(low), String.valueOf(high)));
    }
    return String.join("|", alternatives);
  }

  /** The numbers from {@code low} to {@code high}, both of the same length, digit by digit. */
  private static String sameLength(String low, String high) {
    if (low.isEmpty()) return "";
    int rest = low.length() - 1;
    char first = low.charAt(0);
    char last = high.charAt(0);
    String lowRest = low.substring(1);
    String highRest = high.substring(1);
    String anyRest = rest == 0 ? "" : rest == 1 ? "\\d" : "\\d{" + rest + "}";
    if (lowRest.equals("0".repeat(rest)) && highRest.equals("9".repeat(rest)))
      return digits(first, last) + anyRest;
    if (first == last) return first + group(sameLength(lowRest, highRest));
    List<String> alternatives = new ArrayList<>();
    alternatives.add(first + group(sameLength(lowRest, "9".repeat(rest))));
    if (last - first > 1) alternatives.add(digits((char) (first + 1), (char) (last - 1)) + anyRest);
    alternatives.add(last + group(sameLength("0".repeat(rest), highRest)));
    return String.join("|", alternatives);
  }

  private static String digits(char from, char to) {
    return from == to ? String.valueOf(from) : "[" + from + "-" + to + "]";
  }

  private static String group(String alternatives) {
    return alternatives.contains("|") ? "(?:" + alternatives + ")" : alternatives;
  }

  /**
   * The alternatives as a whole-value pattern. An optional field's pattern also accepts empty: the
   * Modeler checks the pattern against an untouched field too, and would show it red on a fresh
   * task.
   */
  static String anchored(String alternatives, boolean required) {
    return "^(?:" + alternatives + ")" + (required ? "" : "?") + "$";
  }

  private static String help(InputSpec input) {
    String help = input.help();
    if (input.type() == InputType.STRING_LIST)
      help += ". A list variable, e.g. ${" + input.name() + "}, or comma-separated text";
    if (input.range() != null) help += "; " + input.range();
    return help + (input.required() ? "" : " (optional)");
  }

  private static ObjectNode field(
      ArrayNode props,
      String label,
      String type,
      String group,
      String inputName,
      String description) {
    ObjectNode p = props.addObject();
    p.put("label", label);
    p.put("type", type);
    p.put("group", group);
    if (description != null) p.put("description", description);
    if (inputName != null)
      p.putObject("binding").put("type", "camunda:inputParameter").put("name", inputName);
    return p;
  }

  private static void hidden(ArrayNode props, String bindingType, String name, String value) {
    ObjectNode p = props.addObject();
    p.put("type", "Hidden");
    p.put("value", value);
    p.putObject("binding").put("type", bindingType).put("name", name);
  }

  private static void constraints(ObjectNode p, boolean notEmpty, String pattern, String message) {
    if (!notEmpty && pattern == null) return;
    ObjectNode c = p.putObject("constraints");
    if (notEmpty) c.put("notEmpty", true);
    if (pattern != null) c.putObject("pattern").put("value", pattern).put("message", message);
  }

  private static void group(ArrayNode groups, String id, String label) {
    groups.addObject().put("id", id).put("label", label);
  }

  private static String label(String name) {
    return Character.toUpperCase(name.charAt(0))
        + name.substring(1).replaceAll("([A-Z])", " $1").toLowerCase(Locale.ROOT);
  }

  private static String write(ObjectNode template) {
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter().withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);
    try {
      return JSON.writer(printer).writeValueAsString(template).replace("\r\n", "\n") + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
