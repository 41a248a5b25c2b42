package io.entraid.connector.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages of connector-core are layers that only point down (DESIGN.md): the base package
 * ({@code io.entraid.connector.core}) < {@code token} < {@code graph} < {@code connection} < {@code
 * sync} < {@code trigger} < {@code operation}. A plain scan of the sources: every reference to
 * another package of the core, import or fully qualified name, must go to the same or a lower
 * layer.
 */
class LayeringTest {
  private static final String ROOT = "io.entraid.connector.core";
  private static final List<String> LAYERS =
      List.of("", "token", "graph", "connection", "sync", "trigger", "operation");
  private static final Path SOURCES = Path.of("src/main/java/io/entraid/connector/core");
  private static final Pattern PACKAGE =
      Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE);

  /**
   * A reference to a core type: its packages below the root (none for the base package), then a
   * type name.
   */
  private static final Pattern REFERENCE =
      Pattern.compile("\\bio\\.entraid\\.connector\\.core\\.((?:[a-z]\\w*\\.)*)[A-Z]");

  @Test
  void noReferencePointsUpInsideConnectorCore() throws IOException {
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      files
          .filter(f -> f.toString().endsWith(".java"))
          .forEach(f -> violations.addAll(violations(f.toString(), read(f))));
    }
    assertThat(violations).as("references that point up a layer").isEmpty();
  }

  @Test
  void theScanSeesUpwardImportsAndQualifiedNames() {
    String token =
        "package io.entraid.connector.core.token;\n"
            + "import io.entraid.connector.core.connection.EntraIdSettings;\n"
            + "class A { io.entraid.connector.core.graph.GraphListener l; io.entraid.connector.core.UserText t;\n"
            + "  io.entraid.connector.core.operation.users.UserCalls u; }\n";
    assertThat(violations("A.java", token))
        .containsExactly(
            "A.java (token) uses io.entraid.connector.core.connection",
            "A.java (token) uses io.entraid.connector.core.graph",
            "A.java (token) uses io.entraid.connector.core.operation");

    String base =
        "package io.entraid.connector.core;\nimport io.entraid.connector.core.token.AccessToken;\n";
    assertThat(violations("B.java", base))
        .containsExactly("B.java (base) uses io.entraid.connector.core.token");

    String operation =
        "package io.entraid.connector.core.operation.users;\n"
            + "import io.entraid.connector.core.sync.DirectorySync;\nimport io.entraid.connector.core.token.AccessToken;\n";
    assertThat(violations("C.java", operation)).isEmpty();

    assertThat(violations("D.java", "package io.entraid.connector.core.triggers;\n"))
        .containsExactly(
            "D.java is in package triggers, which is not a layer: add it to LAYERS and DESIGN.md");
  }

  static List<String> violations(String file, String source) {
    Matcher pkg = PACKAGE.matcher(source);
    if (!pkg.find()) return List.of(file + " has no package declaration");
    String own = layerOf(pkg.group(1));
    if (!LAYERS.contains(own)) {
      return List.of(
          file
              + " is in package "
              + own
              + ", which is not a layer: add it to LAYERS and DESIGN.md");
    }
    List<String> violations = new ArrayList<>();
    Matcher reference = REFERENCE.matcher(source.substring(pkg.end()));
    while (reference.find()) {
      String used =
          reference.group(1).isEmpty()
              ? ""
              : reference.group(1).substring(0, reference.group(1).indexOf('.'));
      String message =
          file + " (" + name(own) + ") uses " + ROOT + (used.isEmpty() ? "" : "." + used);
      if (LAYERS.indexOf(used) > LAYERS.indexOf(own) || !LAYERS.contains(used)) {
        if (!violations.contains(message)) violations.add(message);
      }
    }
    return violations;
  }

  /** The layer of a package: the first segment below the root, "" for the root itself. */
  private static String layerOf(String packageName) {
    if (packageName.equals(ROOT)) return "";
    String below = packageName.substring(ROOT.length() + 1);
    int dot = below.indexOf('.');
    return dot < 0 ? below : below.substring(0, dot);
  }

  private static String name(String layer) {
    return layer.isEmpty() ? "base" : layer;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
