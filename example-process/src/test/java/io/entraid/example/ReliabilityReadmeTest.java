package io.entraid.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.entraid.connector.core.ReadmeTables;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's Reliability table is generated from the figures of a {@link ReliabilityIT} run
 * committed as {@code docs/reliability.json}; this test fails when the two differ. After a run:
 * copy {@code target/reliability/reliability.json} to {@code docs/} and regenerate with {@value
 * #REGENERATE}.
 */
class ReliabilityReadmeTest {
  static final String REGENERATE =
      "mvn -pl example-process -am test -Dtest=ReliabilityReadmeTest"
          + " -Dsurefire.failIfNoSpecifiedTests=false -Dentraid.regenerate=true";

  @Test
  void readmeShowsTheCommittedFigures() throws IOException {
    JsonNode figures = new ObjectMapper().readTree(Path.of("docs", "reliability.json").toFile());
    ReadmeTables.check(table(figures), REGENERATE);
  }

  static String table(JsonNode f) {
    StringBuilder t = new StringBuilder("| Scenario | What was tried | How often | What held |\n");
    t.append("|---|---|---|---|\n");
    JsonNode setup = f.path("setup");
    row(
        t,
        "Set-up",
        String.format(
            "%s size: %,d users, %,d groups, delta pages of %d; %s; %d app nodes; suite %d s, %d node"
                + " starts",
            setup.path("size").asText(),
            setup.path("users").asInt(),
            setup.path("groups").asInt(),
            setup.path("deltaPageSize").asInt(),
            setup.path("database").asText(),
            setup.path("nodes").asInt(),
            f.path("suite").path("seconds").asLong(),
            f.path("suite").path("nodeStarts").asInt()),
        "",
        String.format(
            "first full sync: %d Graph pages, identity tables equal the tenant: %s",
            f.path("baseline").path("pages").asInt(),
            f.path("baseline").path("equal").asBoolean()));
    JsonNode load = f.path("load");
    row(
        t,
        "Load",
        "access requests (membership check, then add) started on both nodes alternately",
        load.path("accessRequests").asText() + " instances",
        String.format(
            "%d completed, each once; Graph member adds %d for %d needed, %d refused; %d incidents;"
                + " jobs per node %s",
            load.path("completed").asLong(),
            load.path("graphWrites").asLong(),
            load.path("addsNeeded").asLong(),
            load.path("refusedWrites").asLong(),
            load.path("incidents").asLong(),
            compact(load.path("jobsPerNode"))));
    List<String> kills = new ArrayList<>();
    boolean allEqual = true;
    long duplicates = 0;
    for (JsonNode kill : f.path("kills")) {
      kills.add(
          String.format(
              "`%s`: %d pages after restart (full run %d)%s",
              kill.path("phase").asText(),
              kill.path("pagesAfterRestart").asInt(),
              kill.path("fullRunPages").asInt(),
              kill.path("batchRequestsAfterRestart").asLong() > 0
                  ? String.format(
                      " and %d `$batch` requests checking the users the resumed round had not seen",
                      kill.path("batchRequestsAfterRestart").asLong())
                  : ""));
      allEqual &= kill.path("equal").asBoolean();
      duplicates += kill.path("duplicateRows").asLong();
    }
    row(
        t,
        "Kill -9 mid-sync",
        "the node running a full sync halted (exit 137) at a named phase by the test hook, restarted;"
            + " its job picked up again (a re-run while the dead run's lease is live ends skipped; then"
            + " the next run)",
        f.path("kills").size() + " kills",
        String.format(
            "identity tables equal the tenant after every resume: %s; duplicate rows %d; %s",
            allEqual, duplicates, String.join("; ", kills)));
    JsonNode overlap = f.path("overlap");
    row(
        t,
        "Overlapping syncs",
        String.format(
            "both nodes start syncs of one connection at once, plus two more connections; a slow"
                + " tenant makes the longest run take %d s against a %d s job lock",
            overlap.path("longestRunSeconds").asLong(), overlap.path("jobLockSeconds").asLong()),
        overlap.path("syncsStarted").asText() + " syncs",
        String.format(
            "overlapping writers %d (%d runs wrote, from the nodes' logs); reports %s (%s); %d"
                + " incidents; REST during it: %d calls, %d errors, p50 %d ms, p95 %d ms, max %d ms",
            overlap.path("overlappingWriters").asLong(),
            overlap.path("writerRuns").asLong(),
            compact(overlap.path("reportModes")),
            String.join(" / ", texts(overlap.path("skipReasons"))),
            overlap.path("incidents").asLong(),
            overlap.path("rest").path("calls").asLong(),
            overlap.path("rest").path("errors").asLong(),
            overlap.path("rest").path("p50ms").asLong(),
            overlap.path("rest").path("p95ms").asLong(),
            overlap.path("rest").path("maxms").asLong()));
    JsonNode storm = f.path("storm");
    row(
        t,
        "Throttling storm",
        String.format(
            "50 %% of Graph requests answered 429 (Retry-After 1 s) for %d s, then 30 %% answered"
                + " 503 for %d s",
            storm.path("stormSeconds").asInt(), storm.path("burstSeconds").asInt()),
        storm.path("accessRequests").asText() + " access requests",
        String.format(
            "%d answered 429, %d answered 503; %d completed; member adds %d for %d needed; %d job"
                + " failures retried; %d incidents",
            storm.path("answered429").asLong(),
            storm.path("answered503").asLong(),
            storm.path("completed").asLong(),
            storm.path("graphWrites").asLong(),
            storm.path("addsNeeded").asLong(),
            storm.path("jobFailures").asLong(),
            storm.path("incidents").asLong()));
    JsonNode down = f.path("graphDown");
    row(
        t,
        "Graph down",
        String.format(
            "the tenant unreachable (connections closed unanswered) for %d s",
            down.path("downSeconds").asInt()),
        down.path("accessRequests").asText() + " access requests",
        String.format(
            "%d completed while down; %d job failures retried on the task's cycle; health %s, then"
                + " %s; all %d completed %d s after the tenant was back; %d incidents",
            down.path("completedWhileDown").asLong(),
            down.path("jobFailuresWhileDown").asLong(),
            down.path("healthWhileDown").asText().replace("|", "/"),
            down.path("healthAfter").asText(),
            down.path("completed").asLong(),
            down.path("secondsToRecover").asLong(),
            down.path("incidents").asLong()));
    JsonNode ambiguous = f.path("ambiguous");
    row(
        t,
        "Ambiguous writes",
        "creates applied by the tenant, then answered 504",
        String.format(
            "%d user creates, %d group creates",
            ambiguous.path("userCreatesAnswered504").asLong(),
            ambiguous.path("groupCreatesAnswered504").asLong()),
        String.format(
            "%d of %d user instances completed, %d users created (no duplicate); false"
                + " ENTRA_ALREADY_EXISTS %d; groups: %d incidents saying the group may have been"
                + " created (names are not unique: a person decides), at most %d group per name",
            ambiguous.path("userInstancesCompleted").asLong(),
            ambiguous.path("userCreatesAnswered504").asLong(),
            ambiguous.path("usersCreated").asLong(),
            ambiguous.path("falseAlreadyExists").asLong(),
            ambiguous.path("groupIncidentsSayingMayHaveBeenCreated").asLong(),
            ambiguous.path("mostGroupsWithOneName").asLong()));
    JsonNode secrets = f.path("secrets");
    row(
        t,
        "Secrets",
        "client secret and access tokens searched for in " + secrets.path("scanned").asText(),
        "after all scenarios",
        String.format(
            "found %s; planted control found %s",
            compact(secrets.path("found")), compact(secrets.path("plantedFound"))));
    return t.toString();
  }

  private static void row(StringBuilder t, String... cells) {
    t.append("| ").append(String.join(" | ", cells)).append(" |\n");
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(item -> texts.add("`" + item.asText() + "`"));
    return texts;
  }

  /** {"a":1,"b":2} as a: 1, b: 2. */
  private static String compact(JsonNode node) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : node.properties())
      parts.add(e.getKey() + ": " + e.getValue().asText());
    return String.join(", ", parts);
  }
}
