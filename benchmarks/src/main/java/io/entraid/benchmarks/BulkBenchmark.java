package io.entraid.benchmarks;

import io.entraid.connector.core.connection.ConnectionDefinition;
import io.entraid.connector.core.connection.ConnectionOptions;
import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.connection.EntraIdConnectionType;
import io.entraid.connector.core.graph.GraphPath;
import io.entraid.connector.core.graph.GraphRequest;
import io.entraid.connector.core.operation.OperationCatalog;
import io.entraid.connector.core.operation.Result;
import io.entraid.emulator.EntraEmulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scenario 5: addGroupMembers with 10,000 users into an empty group, through the operation catalog
 * as the delegate runs it: write requests and time, then the same with the emulator throttling a
 * share of the requests (429 with Retry-After), which must end with every member added and take
 * about the unthrottled time plus the waits the throttle asked for.
 */
final class BulkBenchmark {
  static final int MEMBERS = 10_000;
  static final int BIND_LIMIT = 20;

  private final Report report;
  private final Benchmarks.Options options;

  BulkBenchmark(Report report, Benchmarks.Options options) {
    this.report = report;
    this.options = options;
  }

  record Outcome(double seconds, GraphCalls calls, int members, int added) {}

  void run() {
    try (EntraEmulator emulator =
        EntraEmulator.builder().users(MEMBERS).groups(12).seed(Benchmarks.SEED).start()) {
      EntraConnection connection =
          EntraConnection.create(
              EntraIdConnectionType.validate(
                  new ConnectionDefinition(
                      "bench",
                      EntraIdConnectionType.NAME,
                      Benchmarks.inProcessParameters(emulator))),
              ConnectionOptions.DEFAULTS.withSslContext(emulator.sslContext()));
      List<String> members =
          emulator.directory().users().stream().map(u -> u.id()).limit(MEMBERS).toList();
      add(emulator, connection, members.subList(0, 200), 0); // warm-up: JIT, token, connection

      List<Outcome> plain = new ArrayList<>();
      for (int i = 1; i <= options.runs(); i++) {
        Benchmarks.progress(
            "bulk: adding " + MEMBERS + " members, run " + i + " of " + options.runs());
        plain.add(add(emulator, connection, members, i));
      }
      double rtt = roundTrip(connection, emulator);
      String s = "5 bulk add " + MEMBERS;
      double seconds = Report.median(plain.stream().map(Outcome::seconds).toList());
      int writes = plain.get(0).calls().count("PATCH /v1.0/groups/{id}");
      report.target(s, "write requests", writes, "", "500", writes <= MEMBERS / BIND_LIMIT);
      report.figure(s, "other Graph requests", plain.get(0).calls().total() - writes, "");
      report.timed(s, "wall time", plain.stream().map(Outcome::seconds).toList(), "s");
      report.figure(
          s, "baseline: requests x raw round trip", plain.get(0).calls().total() * rtt / 1000, "s");
      report.timed(
          s,
          "wall time / baseline",
          plain.stream().map(o -> o.seconds() * 1000 / (o.calls().total() * rtt)).toList(),
          "x");
      report.target(
          s,
          "members in the group",
          plain.get(0).members(),
          "",
          String.valueOf(MEMBERS),
          plain.stream().allMatch(o -> o.members() == MEMBERS && o.added() == MEMBERS));
      report.detail(s, "requests by kind", plain.get(0).calls().byKind());

      if (options.throttlePercent() > 0) {
        double retryAfter = emulator.faults().retryAfterSeconds();
        Benchmarks.progress(
            "bulk: the same with "
                + options.throttlePercent()
                + " % of requests throttled (Retry-After "
                + retryAfter
                + " s)");
        emulator.faults().throttlePercent(options.throttlePercent());
        Outcome throttled;
        try {
          throttled = add(emulator, connection, members, options.runs() + 1);
        } catch (RuntimeException e) {
          report.target(
              s + " throttled " + options.throttlePercent() + " %",
              "failures",
              e.getMessage(),
              "",
              "0",
              false);
          return;
        } finally {
          emulator.faults().throttlePercent(0);
        }
        String t = s + " throttled " + options.throttlePercent() + " %";
        double allowed = seconds + throttled.calls().throttled() * retryAfter;
        report.target(
            t,
            "failures",
            throttled.members() == MEMBERS && throttled.added() == MEMBERS ? 0 : 1,
            "",
            "0",
            throttled.members() == MEMBERS && throttled.added() == MEMBERS);
        report.figure(t, "requests answered 429", throttled.calls().throttled(), "");
        report.figure(
            t,
            "write requests (429s included)",
            throttled.calls().count("PATCH /v1.0/groups/{id}"),
            "");
        report.figure(t, "wall time", throttled.seconds(), "s");
        report.figure(t, "allowed: unthrottled + 429s x Retry-After", allowed, "s");
        report.target(
            t,
            "wall time / allowed",
            throttled.seconds() / allowed,
            "x",
            "<= 1.2",
            throttled.seconds() / allowed <= 1.2);
      }
    }
  }

  /** Adds the members to a new empty group; the outcome counts what reached the emulator. */
  private static Outcome add(
      EntraEmulator emulator, EntraConnection connection, List<String> members, int n) {
    var group =
        emulator
            .directory()
            .createGroup(
                Map.of(
                    "displayName",
                    "Bulk " + n,
                    "mailNickname",
                    "bulk" + n,
                    "securityEnabled",
                    true,
                    "mailEnabled",
                    false));
    emulator.clearRequests();
    long start = System.nanoTime();
    Result result =
        OperationCatalog.standard()
            .execute(
                connection, "addGroupMembers", Map.of("group", group.id(), "members", members));
    double seconds = (System.nanoTime() - start) / 1e9;
    @SuppressWarnings("unchecked")
    int added = ((List<String>) ((Map<String, Object>) result.result()).get("added")).size();
    return new Outcome(
        seconds,
        GraphCalls.of(emulator.requests()),
        emulator.directory().memberIds(group.id()).size(),
        added);
  }

  /** Milliseconds of one small Graph request on the same connection: the emulator's round trip. */
  private static double roundTrip(EntraConnection connection, EntraEmulator emulator) {
    String id = emulator.directory().groups().get(0).id();
    GraphRequest request =
        GraphRequest.get(GraphPath.of("groups").key(id)).withQuery("$select", "id");
    for (int i = 0; i < 300; i++) connection.graph().send(request);
    List<Double> ms = new ArrayList<>();
    for (int round = 0; round < 5; round++) {
      long t = System.nanoTime();
      for (int i = 0; i < 200; i++) connection.graph().send(request);
      ms.add((System.nanoTime() - t) / 1e6 / 200);
    }
    return Report.median(ms);
  }
}
