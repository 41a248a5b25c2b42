package io.entraid.connector.core.operation.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.graph.GraphErrorCategory;
import io.entraid.connector.core.graph.GraphException;
import io.entraid.connector.core.operation.EmulatorFixture;
import io.entraid.connector.core.operation.OperationCatalog;
import io.entraid.connector.core.operation.Result;
import io.entraid.emulator.EntraEmulator;
import io.entraid.emulator.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CheckGroupMembershipTest {
  static final OperationCatalog CATALOG = OperationCatalog.standard();
  static EmulatorFixture fixture;
  static EntraEmulator emulator;
  static EntraConnection connection;
  static String user;
  static String outsider;
  static List<String> groupIds = new ArrayList<>();
  static List<String> groupNames = new ArrayList<>();

  /**
   * 45 groups "Check 0".."Check 44"; the user is directly in group 3 and, through nesting, in group
   * 40.
   */
  @BeforeAll
  static void start() {
    fixture = new EmulatorFixture(5, 0);
    emulator = fixture.emulator();
    connection = fixture.connection();
    var directory = emulator.directory();
    user = directory.users().get(0).userPrincipalName();
    outsider = directory.users().get(1).id();
    for (int i = 0; i < 45; i++) {
      var group = directory.createGroup("Check " + i);
      groupIds.add(group.id());
      groupNames.add(group.displayName());
    }
    directory.addMember(groupIds.get(3), directory.users().get(0).id());
    directory.addMember(groupIds.get(40), groupIds.get(3));
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  static List<RecordedRequest> graphRequests(EntraEmulator emulator) {
    return emulator.requests().stream().filter(r -> r.path().startsWith("/v1.0/")).toList();
  }

  @BeforeEach
  void clean() {
    emulator.clearRequests();
  }

  static Result check(Object groups, String mode, boolean transitive) {
    return CATALOG.execute(
        connection,
        "checkGroupMembership",
        Map.of("user", user, "groups", groups, "mode", mode, "transitive", transitive));
  }

  static List<RecordedRequest> checks() {
    return graphRequests(emulator).stream()
        .filter(r -> r.path().endsWith("/checkMemberGroups"))
        .toList();
  }

  @Test
  void transitiveMembershipThroughANestedGroup() {
    Result result = check(List.of(groupIds.get(40)), "any", true);
    assertThat(result.result()).isEqualTo(true);
    assertThat(result.values()).containsEntry("matchedGroups", List.of(groupIds.get(40)));
  }

  @Test
  void directMembershipIgnoresNesting() {
    Result result = check(List.of(groupIds.get(3), groupIds.get(40)), "all", false);
    assertThat(result.result()).isEqualTo(false);
    assertThat(result.values()).containsEntry("matchedGroups", List.of(groupIds.get(3)));
    assertThat(graphRequests(emulator))
        .singleElement()
        .satisfies(r -> assertThat(r.path()).endsWith("/memberOf"));
  }

  @Test
  void twentyNamedGroupsCostOneRequestOnceTheNamesAreCached() {
    List<String> twenty = groupNames.subList(0, 20);
    check(twenty, "any", true);
    emulator.clearRequests();
    Result result = check(twenty, "any", true);
    assertThat(result.result()).isEqualTo(true);
    assertThat(result.values()).containsEntry("matchedGroups", List.of("Check 3"));
    assertThat(graphRequests(emulator)).hasSize(1);
    assertThat(checks()).hasSize(1);
  }

  @Test
  void concurrentChecksOfUncachedNamesShareOneLookup() throws Exception {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 20; i++)
      names.add(emulator.directory().createGroup("Concurrent " + i).displayName());
    emulator.faults().latencyMs(100); // the lookups overlap
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Result>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) results.add(pool.submit(() -> check(names, "any", true)));
      for (Future<Result> r : results) assertThat(r.get().result()).isEqualTo(false);
    } finally {
      pool.shutdown();
      emulator.faults().latencyMs(0);
    }
    // each name is looked up once, by whichever task claimed it first (one batch, or two when tasks
    // claim in turns)
    List<String> lookups =
        graphRequests(emulator).stream()
            .filter(r -> r.path().equals("/v1.0/$batch"))
            .flatMap(
                r ->
                    Pattern.compile("displayName%20eq%20'(Concurrent%20\\d+)'")
                        .matcher(r.body())
                        .results()
                        .map(m -> m.group(1)))
            .toList();
    assertThat(lookups).hasSize(20).doesNotHaveDuplicates();
    assertThat(checks()).hasSize(8);
  }

  @Test
  void concurrentChecksOfAnUnknownNameEachFailNamingIt() throws Exception {
    emulator.faults().latencyMs(100);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Result>> results = new ArrayList<>();
      for (int i = 0; i < 4; i++)
        results.add(pool.submit(() -> check(List.of("No Such Group"), "any", true)));
      for (Future<Result> r : results) {
        assertThatThrownBy(r::get)
            .cause()
            .isInstanceOf(GraphException.class)
            .hasMessageContaining("'No Such Group'")
            .extracting(e -> ((GraphException) e).category())
            .isEqualTo(GraphErrorCategory.NOT_FOUND);
      }
    } finally {
      pool.shutdown();
      emulator.faults().latencyMs(0);
    }
  }

  @Test
  void fortyFiveGroupsCostThreeRequests() {
    Result result = check(groupIds, "all", true);
    assertThat(result.result()).isEqualTo(false);
    assertThat(result.values())
        .containsEntry("matchedGroups", List.of(groupIds.get(3), groupIds.get(40)));
    assertThat(graphRequests(emulator)).hasSize(3);
    assertThat(checks()).hasSize(3);
  }

  @Test
  void modeAnyStopsAtTheFirstMatch() {
    assertThat(check(groupIds, "any", true).result()).isEqualTo(true);
    assertThat(checks()).hasSize(1);
  }

  @Test
  void allRequiresEveryGroup() {
    assertThat(check(List.of(groupIds.get(3), groupIds.get(40)), "all", true).result())
        .isEqualTo(true);
  }

  @Test
  void notAMember() {
    Result result =
        CATALOG.execute(
            connection,
            "checkGroupMembership",
            Map.of("user", outsider, "groups", String.join(",", groupIds.subList(0, 5))));
    assertThat(result.result()).isEqualTo(false);
    assertThat(result.values()).containsEntry("matchedGroups", List.of());
  }

  @Test
  void unknownUserIsNotFoundNamingTheUser() {
    String ghost = "ghost." + UUID.randomUUID() + "@" + emulator.tenantDomain();
    assertThatThrownBy(
            () ->
                CATALOG.execute(
                    connection,
                    "checkGroupMembership",
                    Map.of("user", ghost, "groups", groupIds.get(0))))
        .isInstanceOfSatisfying(
            GraphException.class,
            e -> {
              assertThat(e.category()).isEqualTo(GraphErrorCategory.NOT_FOUND);
              assertThat(e.getMessage())
                  .startsWith(
                      "User '" + ghost + "' does not exist in the tenant of connection 'test'.");
            });
  }

  @Test
  void unknownGroupNameIsNotFound() {
    assertThatThrownBy(() -> check(List.of("No Such Group"), "any", true))
        .isInstanceOfSatisfying(
            GraphException.class,
            e -> {
              assertThat(e.category()).isEqualTo(GraphErrorCategory.NOT_FOUND);
              assertThat(e.getMessage())
                  .contains("No group has the display name or mail nickname 'No Such Group'");
            });
  }

  @Test
  void ambiguousGroupNameListsTheCandidates() {
    var first = emulator.directory().createGroup("Twins");
    var second = emulator.directory().createGroup("Twins");
    assertThatThrownBy(() -> check(List.of("Twins"), "any", true))
        .isInstanceOfSatisfying(
            GraphException.class,
            e -> {
              assertThat(e.category()).isEqualTo(GraphErrorCategory.AMBIGUOUS);
              assertThat(e.getMessage())
                  .contains(
                      "'Twins' matches 2 groups", first.id(), second.id(), "use the object id");
            });
  }

  @Test
  void missingPermissionIsNamed() {
    EntraConnection weak = fixture.connectionWith("User.Read.All");
    assertThatThrownBy(
            () ->
                CATALOG.execute(
                    weak, "checkGroupMembership", Map.of("user", user, "groups", groupIds.get(0))))
        .isInstanceOfSatisfying(
            GraphException.class,
            e -> {
              assertThat(e.category()).isEqualTo(GraphErrorCategory.PERMISSION_DENIED);
              assertThat(e.requiredPermission()).isEqualTo("GroupMember.Read.All");
              assertThat(e.getMessage())
                  .startsWith(
                      "Connection 'test' lacks the application permission GroupMember.Read.All,"
                          + " which checkGroupMembership needs")
                  .contains("Grant admin consent", "Authorization_RequestDenied");
            });
  }

  @Test
  void moreThanFiveHundredGroupsAreRefusedBeforeAnyRequest() {
    List<String> many = IntStream.range(0, 501).mapToObj(i -> "g" + i).toList();
    assertThatThrownBy(() -> check(many, "any", true))
        .isInstanceOfSatisfying(
            GraphException.class,
            e -> assertThat(e.category()).isEqualTo(GraphErrorCategory.INVALID_INPUT))
        .hasMessageContaining(
            "Input 'groups' of checkGroupMembership has 501 entries; at most 500");
    assertThat(graphRequests(emulator)).isEmpty();
  }
}
