package io.entraid.connector.camunda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.entraid.connector.core.operation.OperationCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The Modeler templates are generated from the operation catalog. The committed copies (shipped in
 * the jar, and in the example app where the Modeler finds them) must equal what the catalog
 * generates. To regenerate after changing an operation: {@code mvn -pl
 * connector-core,connector-camunda -am test -Dentraid.regenerate=true} (README tables too).
 */
class ElementTemplatesTest {
  static final Path SHIPPED = Path.of("src/main/resources/element-templates");
  static final Path EXAMPLE = Path.of("../example-process/.camunda/element-templates");

  /** Pinned: the validator and the schema version it checks against. */
  static final String VALIDATOR = "@bpmn-io/element-templates-validator@2.26.0";

  static Map<String, String> committed(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    if (!Files.isDirectory(dir)) return files;
    try (Stream<Path> list = Files.list(dir)) {
      for (Path p : list.filter(p -> p.getFileName().toString().startsWith("entraid-")).toList()) {
        files.put(p.getFileName().toString(), Files.readString(p));
      }
    }
    return files;
  }

  static {
    // Regenerate before any test of this class reads the files.
    if (Boolean.getBoolean("entraid.regenerate"))
      ElementTemplates.writeTo(OperationCatalog.standard(), SHIPPED, EXAMPLE);
  }

  @Test
  void committedTemplatesAreWhatTheCatalogGenerates() throws IOException {
    OperationCatalog catalog = OperationCatalog.standard();
    Map<String, String> generated = new TreeMap<>(ElementTemplates.generate(catalog));
    assertThat(generated).hasSize(catalog.all().size());
    for (Path dir : new Path[] {SHIPPED, EXAMPLE}) {
      assertThat(committed(dir))
          .as(
              "Templates in %s differ from the catalog; regenerate them with -Dentraid.regenerate=true (see this test's Javadoc)",
              dir)
          .isEqualTo(generated);
    }
  }

  @Test
  void everyTemplateIsValidAgainstTheCamunda7Schema() throws Exception {
    Path work = Path.of("target", "template-validator");
    Files.createDirectories(work);
    if (!Files.isDirectory(work.resolve("node_modules/@bpmn-io/element-templates-validator"))) {
      run(
          work,
          "npm",
          "install",
          "--no-audit",
          "--no-fund",
          "--no-save",
          "--prefix",
          ".",
          VALIDATOR);
    }
    Files.copy(
        Path.of("src/test/resources/templates/validate.cjs"),
        work.resolve("validate.cjs"),
        StandardCopyOption.REPLACE_EXISTING);
    String out = run(work, "node", "validate.cjs", SHIPPED.toAbsolutePath().toString());
    assertThat(out).contains("\"valid\":true", "\"errors\":[]", "\"emptyRejected\":[]");
    assertThat(out).contains("\"count\":" + OperationCatalog.standard().all().size());

    // The variant for one engine: the connection is a dropdown of its connections.
    Path dropdown = Files.createDirectories(work.resolve("dropdown"));
    for (Map.Entry<String, String> file :
        ElementTemplates.generate(OperationCatalog.standard(), List.of("default", "hr")).entrySet())
      Files.writeString(dropdown.resolve(file.getKey()), file.getValue());
    String checked = run(work, "node", "validate.cjs", dropdown.toAbsolutePath().toString());
    assertThat(checked).contains("\"valid\":true", "\"errors\":[]");
    assertThat(
            ElementTemplates.generate(OperationCatalog.standard(), List.of("default", "hr"))
                .get("entraid-getUser.json"))
        .contains("\"Dropdown\"", "\"hr\"");

    // The validator must be able to say no: an output parameter without its required source.
    Path broken = Files.createDirectories(work.resolve("broken"));
    Files.writeString(
        broken.resolve("entraid-broken.json"),
        ElementTemplates.generate(OperationCatalog.standard())
            .get("entraid-getUser.json")
            .replace(
                "\"type\" : \"camunda:inputParameter\"", "\"type\" : \"camunda:outputParameter\""));
    Process rejected =
        new ProcessBuilder("node", "validate.cjs", broken.toAbsolutePath().toString())
            .directory(work.toFile())
            .redirectErrorStream(true)
            .start();
    String rejection = new String(rejected.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(rejected.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(rejected.exitValue()).as(rejection).isNotZero();
    assertThat(rejection).contains("\"valid\":false");
  }

  @Test
  void everyTemplateLinksItsGraphPageHasOurIconAndLetsOptionalFieldsBeEmpty() throws IOException {
    for (Map.Entry<String, String> file :
        ElementTemplates.generate(OperationCatalog.standard()).entrySet()) {
      JsonNode template = new ObjectMapper().readTree(file.getValue());
      assertThat(template.path("documentationRef").asText())
          .as(file.getKey())
          .startsWith("https://learn.microsoft.com/");
      String icon = template.path("icon").path("contents").asText();
      assertThat(
              new String(
                  Base64.getDecoder().decode(icon.substring(icon.indexOf(',') + 1)),
                  StandardCharsets.UTF_8))
          .as(file.getKey())
          .startsWith("<svg ");
      assertThat(template.path("description").asText())
          .as(file.getKey())
          .contains("becomes an incident", "uncaught-errors");
      for (JsonNode property : template.path("properties")) {
        JsonNode constraints = property.path("constraints");
        if (!constraints.has("pattern")) continue;
        boolean emptyAccepted =
            Pattern.compile(constraints.path("pattern").path("value").asText())
                .matcher("")
                .matches();
        assertThat(emptyAccepted)
            .as("%s, %s: empty accepted", file.getKey(), property.path("label").asText())
            .isEqualTo(!constraints.path("notEmpty").asBoolean());
      }
    }
    String members =
        ElementTemplates.generate(OperationCatalog.standard()).get("entraid-addGroupMembers.json");
    assertThat(members).contains("e.g. ${members}").doesNotContain("${groups}");
  }

  @Test
  void aRangeBecomesAPatternThatAcceptsExactlyItsNumbers() {
    assertThat(ElementTemplates.range(1, 1000)).isEqualTo("[1-9]|[1-9]\\d|[1-9]\\d{2}|1000");
    int[][] ranges = {
      {0, 100}, {1, 1000}, {1, 100_000}, {7, 12_345}, {35, 35}, {0, 0}, {19, 21}, {480, 5_120}
    };
    for (int[] range : ranges) {
      Pattern pattern = Pattern.compile("^(?:" + ElementTemplates.range(range[0], range[1]) + ")$");
      for (int n = 0; n <= range[1] + 1_000; n++) {
        assertThat(pattern.matcher(String.valueOf(n)).matches())
            .as("%d in %d to %d", n, range[0], range[1])
            .isEqualTo(n >= range[0] && n <= range[1]);
      }
      assertThat(pattern.matcher("0" + range[1]).matches()).as("leading zero").isFalse();
      assertThat(pattern.matcher("-" + range[1]).matches()).as("sign").isFalse();
    }
  }

  @Test
  void anIntegerFieldWithARangeAcceptsItsNumbersOrAnExpressionAndSaysWhichInItsMessage()
      throws IOException {
    JsonNode template =
        new ObjectMapper()
            .readTree(
                ElementTemplates.generate(OperationCatalog.standard())
                    .get("entraid-syncDirectory.json"));
    JsonNode guard =
        StreamSupport.stream(template.path("properties").spliterator(), false)
            .filter(p -> p.path("binding").path("name").asText().equals("deletionGuardPercent"))
            .findFirst()
            .orElseThrow();
    Pattern pattern =
        Pattern.compile(guard.path("constraints").path("pattern").path("value").asText());
    assertThat(List.of("0", "10", "100", "", "${guard}"))
        .allMatch(v -> pattern.matcher(v).matches());
    assertThat(List.of("101", "-1", "010", "ten")).noneMatch(v -> pattern.matcher(v).matches());
    assertThat(guard.path("constraints").path("pattern").path("message").asText())
        .isEqualTo("A whole number from 0 to 100 or an expression");
    assertThat(guard.path("description").asText()).contains("0 to 100");
  }

  static String run(Path dir, String... command) throws Exception {
    Process process;
    try {
      process =
          new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new AssertionError(
          "'"
              + command[0]
              + "' could not be started ("
              + e.getMessage()
              + "). This test validates"
              + " the element templates with "
              + VALIDATOR
              + ", which needs Node.js 18 or later and npm on the PATH:"
              + " install them (e.g. 'apt-get install nodejs npm' or https://nodejs.org) and run the build again.",
          e);
    }
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(180, TimeUnit.SECONDS))
        .as("%s timed out", String.join(" ", command))
        .isTrue();
    assertThat(process.exitValue())
        .as(
            "%s failed in %s; %s%n%s",
            String.join(" ", command),
            dir.toAbsolutePath(),
            command[0].equals("npm")
                ? "npm needs to reach its registry once to install the validator"
                : "",
            out)
        .isZero();
    return out;
  }
}
