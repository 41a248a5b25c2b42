package io.entraid.connector.core.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Start-up validation of triggers: every problem at once, each naming the setting and the fix. */
class TriggerDefinitionTest {
  static final List<String> CONNECTIONS = List.of("default", "hr");

  static TriggerDefinition.Settings settings(
      String connection,
      List<String> events,
      List<String> watch,
      Map<String, List<String>> filter,
      String interval) {
    return new TriggerDefinition.Settings(connection, events, watch, filter, null, interval);
  }

  @Test
  void aMinimalTriggerTakesTheDefaults() {
    TriggerDefinition t =
        TriggerDefinition.parse(
            "joiner", settings(null, List.of("userCreated"), null, null, null), CONNECTIONS);
    assertThat(t.connection()).isEqualTo("default");
    assertThat(t.events()).containsExactly(EventKind.USER_CREATED);
    assertThat(t.watch()).isEqualTo(TriggerDefinition.DEFAULT_WATCH);
    assertThat(t.pollInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(t.messageName(EventKind.USER_CREATED)).isEqualTo("entraid.userCreated");
    assertThat(t.readsUsers()).isTrue();
    assertThat(t.readsGroups()).isFalse();
  }

  @Test
  void listsMayBeCommaSeparatedAndNamesIgnoreCaseAndDashes() {
    TriggerDefinition t =
        TriggerDefinition.parse(
            "mover",
            new TriggerDefinition.Settings(
                "hr",
                List.of("userUpdated, groupMemberAdded"),
                List.of("Department,job-title"),
                Map.of("department", List.of("Sales"), "group-prefix", List.of("Priv-")),
                "hr.moved",
                "30s"),
            CONNECTIONS);
    assertThat(t.events())
        .containsExactlyInAnyOrder(EventKind.USER_UPDATED, EventKind.GROUP_MEMBER_ADDED);
    assertThat(t.watch()).containsExactly("department", "jobTitle");
    assertThat(t.filter().userProperties()).containsEntry("department", java.util.Set.of("Sales"));
    assertThat(t.filter().groupPrefix()).isEqualTo("Priv-");
    assertThat(t.pollInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(t.messageName(EventKind.GROUP_MEMBER_ADDED)).isEqualTo("hr.moved");
  }

  @Test
  void everyProblemIsReportedAtOnceWithItsFix() {
    assertThatThrownBy(
            () ->
                TriggerDefinition.parse(
                    "bad",
                    settings(
                        "h",
                        List.of("userCreatd", "nonsense"),
                        List.of("departmnt"),
                        Map.of("officeLocation", List.of("Berlin")),
                        "every minute"),
                    CONNECTIONS))
        .isInstanceOfSatisfying(
            InvalidTriggerException.class,
            e ->
                assertThat(e.problems())
                    .satisfiesExactlyInAnyOrder(
                        p ->
                            assertThat(p)
                                .startsWith("connection: no connection is named 'h'")
                                .contains("did you mean 'hr'?"),
                        p ->
                            assertThat(p)
                                .startsWith("events: 'userCreatd' is not an event kind")
                                .contains("did you mean 'userCreated'?"),
                        p ->
                            assertThat(p)
                                .startsWith("events: 'nonsense' is not an event kind")
                                .contains("Fix: use one of"),
                        p ->
                            assertThat(p)
                                .startsWith("watch: 'departmnt' is not a user property")
                                .contains("did you mean 'department'?"),
                        p ->
                            assertThat(p)
                                .startsWith(
                                    "filter.officeLocation filters on a property the trigger does not watch")
                                .contains("Fix: add officeLocation to watch"),
                        p ->
                            assertThat(p)
                                .startsWith("poll-interval: 'every minute' is not a duration")
                                .contains("PT1M")))
        .hasMessageStartingWith("Trigger 'bad' is not usable:");
  }

  @Test
  void noEventsAnOutOfRangeIntervalAndAGroupFilterWithoutGroupEventsAreProblems() {
    assertThatThrownBy(
            () ->
                TriggerDefinition.parse(
                    "t", settings(null, List.of(), null, null, "PT0.5S"), CONNECTIONS))
        .hasMessageContaining("events: none listed. Fix: list at least one of [userCreated")
        .hasMessageContaining("poll-interval: PT0.5S is outside 1 second to 1 day");
    assertThatThrownBy(
            () ->
                TriggerDefinition.parse(
                    "t",
                    settings(
                        null,
                        List.of("userCreated"),
                        null,
                        Map.of("group", List.of("Admins")),
                        null),
                    CONNECTIONS))
        .hasMessageContaining("a group filter applies to group events only");
  }

  @Test
  void theSelectionChangesWithEventsWatchAndFilterButNotWithMessageOrInterval() {
    TriggerDefinition a =
        TriggerDefinition.parse(
            "t", settings(null, List.of("userCreated"), null, null, null), CONNECTIONS);
    TriggerDefinition b =
        TriggerDefinition.parse(
            "t",
            new TriggerDefinition.Settings(null, List.of("userCreated"), null, null, "other", "5m"),
            CONNECTIONS);
    TriggerDefinition c =
        TriggerDefinition.parse(
            "t",
            settings(null, List.of("userCreated"), List.of("department"), null, null),
            CONNECTIONS);
    assertThat(b.selection()).isEqualTo(a.selection());
    assertThat(c.selection()).isNotEqualTo(a.selection());
  }

  @Test
  void filtersCompareIgnoringCaseAndLetAChangeThroughWhenItsOldOrNewValueMatches() {
    TriggerFilter f =
        new TriggerFilter(
            Map.of("department", java.util.Set.of("Sales")), java.util.Set.of(), null);
    assertThat(f.matchesUser(Map.of("department", "sales"), Map.of())).isTrue();
    assertThat(f.matchesUser(Map.of("department", "Finance"), Map.of("department", "Sales")))
        .isTrue();
    assertThat(f.matchesUser(Map.of("department", "Finance"), Map.of())).isFalse();
    TriggerFilter g = new TriggerFilter(Map.of(), java.util.Set.of("Admins"), "Priv-");
    assertThat(g.matchesGroup("00000000-0000-0000-0000-000000000001", "admins")).isTrue();
    assertThat(g.matchesGroup("00000000-0000-0000-0000-000000000002", "priv-ops")).isTrue();
    assertThat(g.matchesGroup("00000000-0000-0000-0000-000000000003", "Sales")).isFalse();
  }
}
