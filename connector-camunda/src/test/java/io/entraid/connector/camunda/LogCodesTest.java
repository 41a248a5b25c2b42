package io.entraid.connector.camunda;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every WARN or ERROR line the connector logs starts with its own code, {@code ENTRAID-nnnnn}, so
 * operators can search for it (README, Troubleshooting). A scan of the sources of connector-core
 * and connector-camunda.
 */
class LogCodesTest {
  private static final List<Path> SOURCES =
      List.of(Path.of("src/main/java"), Path.of("../connector-core/src/main/java"));
  private static final Pattern WARN_OR_ERROR =
      Pattern.compile("\\bLOG\\.(?:warn|error)\\(\\s*(\"[^\"]*)?");
  private static final Pattern CODE = Pattern.compile("^\"ENTRAID-(\\d{5}) ");

  @Test
  void everyWarningAndErrorStartsWithItsOwnCode() throws IOException {
    List<String> uncoded = new ArrayList<>();
    Map<String, String> firstUse = new HashMap<>();
    List<String> reused = new ArrayList<>();
    for (Path root : SOURCES) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          Matcher call = WARN_OR_ERROR.matcher(read(file));
          while (call.find()) {
            Matcher code = CODE.matcher(call.group(1) == null ? "" : call.group(1));
            if (!code.find()) {
              uncoded.add(file.getFileName() + ": " + call.group());
            } else if (firstUse.putIfAbsent(code.group(1), file.getFileName().toString()) != null) {
              reused.add(
                  "ENTRAID-"
                      + code.group(1)
                      + " in "
                      + file.getFileName()
                      + " and "
                      + firstUse.get(code.group(1)));
            }
          }
        }
      }
    }
    assertThat(uncoded).as("WARN/ERROR log lines without a leading ENTRAID-nnnnn code").isEmpty();
    assertThat(reused).as("codes used twice").isEmpty();
    assertThat(firstUse).as("codes found").containsKeys("01001", "01002", "02001", "02002");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
