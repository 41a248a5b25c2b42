package io.entraid.connector.core.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.entraid.connector.core.UserText;
import io.entraid.connector.core.connection.UnknownConnectionException;
import io.entraid.connector.core.graph.GraphErrorCategory;
import io.entraid.connector.core.graph.GraphException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The CRLF probe, the 20 MB probe and the result cap of issue #13, against the emulator. */
class HygieneTest {
  static final String FORGED =
      "Sales\r\n2026-11-29T20:00:00.000Z  INFO 1 --- [main] Admin login accepted\u2028\u0000";
  static EmulatorFixture fixture;

  @BeforeAll
  static void start() {
    fixture = new EmulatorFixture(5, 2);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  private static void assertOneLine(String message) {
    assertThat(message)
        .doesNotContain("\r", "\n", "\u2028", "\u0000")
        .contains("Sales\\r\\n2026-11-29");
  }

  @Test
  void aLineBreakInUserTextCannotForgeALogLine() {
    assertOneLine(
        fixture
            .failure(GraphErrorCategory.NOT_FOUND, "getGroup", Map.of("group", FORGED))
            .getMessage());
    assertOneLine(
        fixture
            .failure(
                GraphErrorCategory.NOT_FOUND,
                "addGroupMembers",
                Map.of(
                    "group",
                    FORGED,
                    "members",
                    List.of(fixture.emulator().directory().users().get(0).id())))
            .getMessage());
    GraphException restore =
        catchThrowableOfType(
            GraphException.class,
            () -> fixture.run("restoreUser", Map.of("user", FORGED.replace("Sales", "sales@x"))));
    assertThat(restore.getMessage()).doesNotContain("\r", "\n").contains("sales@x\\r\\n2026-11-29");
    assertOneLine(
        catchThrowableOfType(
                UnknownOperationException.class, () -> OperationCatalog.standard().get(FORGED))
            .getMessage());
    assertOneLine(new UnknownConnectionException(FORGED, List.of("default")).getMessage());
    assertThat(UserText.quote("x".repeat(20_000)))
        .hasSizeLessThan(300)
        .endsWith("... (20000 characters)'");
  }

  @Test
  void aTwentyMegabyteInputIsRefusedBeforeItIsParsed() {
    StringBuilder json = new StringBuilder("{\"jobTitle\": \"");
    while (json.length() < 20 * 1024 * 1024)
      json.append(
          "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    String properties = json.append("\"}").toString();
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    GraphException e =
        fixture.failure(
            GraphErrorCategory.INVALID_INPUT,
            "updateUser",
            Map.of(
                "user",
                fixture.emulator().directory().users().get(0).id(),
                "properties",
                properties));
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertThat(e.getMessage())
        .contains(
            "Input 'properties' of updateUser is " + properties.length() + " characters long");
    assertThat(fixture.graphRequests()).isEmpty();
    // Parsing 20 MB of JSON allocates well over 40 MB; refusing it by its length allocates next to
    // nothing.
    assertThat(allocated).as("bytes allocated while refusing").isLessThan(4L * 1024 * 1024);

    String list = String.join(",", java.util.Collections.nCopies(2_000_000, "group"));
    assertThat(
            fixture
                .failure(
                    GraphErrorCategory.INVALID_INPUT,
                    "checkGroupMembership",
                    Map.of("user", "x@y.z", "groups", list))
                .getMessage())
        .contains("Input 'groups' of checkGroupMembership is");
  }

  @Test
  void aResultLargerThanTheCapIsRefusedNamingTheFix() {
    List<Map<String, String>> members = new ArrayList<>();
    for (int i = 0; i < 120_000; i++)
      members.add(
          Map.of(
              "id", "00000000-0000-0000-0000-" + String.format("%012d", i), "n", "x".repeat(40)));
    assertThatThrownBy(() -> Result.of(members).checkSize("listGroupMembers"))
        .isInstanceOf(GraphException.class)
        .hasMessageContaining(
            "The result of listGroupMembers is more than 10000000 characters of JSON")
        .hasMessageContaining("Fix: ask for less");
    Result.of(members.subList(0, 1000)).checkSize("listGroupMembers");
  }
}
