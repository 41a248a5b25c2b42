package io.entraid.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Directory triggers end to end (issue #18): the packaged app in real-tenant mode against a
 * standalone emulator, every change made through Microsoft Graph as an HR system or an
 * administrator would make it. Besides the example's triggers ({@code joiners}, {@code leavers},
 * {@code movers}) the app gets one trigger per event kind whose message ({@code it.<kind>}) starts
 * a test process of its own, so each kind is seen with its variables. Polls every {@value #POLL}.
 */
class TriggersIT {
  static final String POLL = "PT2S";
  static final List<String> KINDS =
      List.of(
          "userCreated",
          "userUpdated",
          "userDisabled",
          "userEnabled",
          "userDeleted",
          "userRestored",
          "managerChanged",
          "groupCreated",
          "groupDeleted",
          "groupMemberAdded",
          "groupMemberRemoved");
  private static final String ADMIN = "trigadmin";
  private static final String ADMIN_PASSWORD = "Adm1n-" + UUID.randomUUID();
  private static final String DOMAIN = "@contoso.onmicrosoft.com";
  private static final String BULK_TITLE = "Bulk hire";

  /** The per-kind triggers, it-bulk and the example's joiners, leavers and movers. */
  private static final int TRIGGERS = KINDS.size() + 4;

  private static EmulatedTenant tenant;
  private static Path database;
  private static ExampleApp app;

  @BeforeAll
  static void start() {
    tenant = EmulatedTenant.start("--users", "100", "--groups", "16", "--seed", "11");
    database =
        Path.of(System.getProperty("example.logs", "target/it-logs"))
            .resolve("triggers-db-" + UUID.randomUUID())
            .toAbsolutePath();
    app = ExampleApp.start("triggers", env(), tenant.jvmOptions(), args(List.of()));
    for (String kind : KINDS) {
      assertThat(app.rest.deploy("it-" + kind + ".bpmn", messageStarted("it-" + kind, kind)))
          .isEqualTo(200);
    }
    assertThat(app.rest.deploy("it-bulk.bpmn", messageStarted("it-bulk", "bulk"))).isEqualTo(200);
    awaitBaselines(app);
  }

  @AfterAll
  static void stop() {
    if (app != null) app.close();
    if (tenant != null) tenant.close();
  }

  private static Map<String, String> env() {
    return tenant.env(Map.of("ADMIN_USER", ADMIN, "ADMIN_PASSWORD", ADMIN_PASSWORD));
  }

  /**
   * The app's arguments: the tenant, a file database that survives a restart, short job locks (a
   * killed node's poll is taken over after 10 s, not 5 minutes), the per-kind triggers.
   */
  private static List<String> args(List<String> more) {
    List<String> args = new ArrayList<>(tenant.connectionArgs());
    args.add("--spring.datasource.url=jdbc:h2:file:" + database + ";DB_CLOSE_ON_EXIT=FALSE");
    args.add("--camunda.bpm.job-execution.lock-time-in-millis=10000");
    args.add("--example.triggers.poll-interval=" + POLL);
    String prefix = "--camunda.bpm.plugin.entraid.triggers.";
    for (String kind : KINDS) {
      String trigger = prefix + "it-" + kind.toLowerCase(java.util.Locale.ROOT) + ".";
      args.add(trigger + "events=" + kind);
      args.add(trigger + "message=it." + kind);
      args.add(trigger + "poll-interval=" + POLL);
    }
    args.add(prefix + "it-bulk.events=userCreated");
    args.add(prefix + "it-bulk.filter.jobTitle=" + BULK_TITLE);
    args.add(prefix + "it-bulk.message=it.bulk");
    args.add(prefix + "it-bulk.poll-interval=" + POLL);
    args.addAll(more);
    return args;
  }

  /** A process started by the message {@code it.<kind>} that ends at once (history keeps it). */
  private static String messageStarted(String key, String kind) {
    return Bpmn.convertToString(
        Bpmn.createExecutableProcess(key)
            .camundaHistoryTimeToLive(1)
            .startEvent()
            .message("it." + kind)
            .endEvent()
            .done());
  }

  /** Every trigger has recorded its baseline (users and groups rounds) and polled once more. */
  private static void awaitBaselines(ExampleApp app) {
    Rest.await(
        "the triggers' baselines",
        () -> {
          JsonNode triggers = app.rest.triggers();
          if (triggers.size() < TRIGGERS) return null;
          for (JsonNode t : triggers) {
            if (t.path("baseline").asBoolean(true) || t.path("lastPoll").asText().equals("null"))
              return null;
          }
          return true;
        });
  }

  @Test
  void eachEventKindMadeThroughGraphStartsItsProcessWithTheEventVariables() {
    String upn = "trig.created" + DOMAIN;
    JsonNode created =
        tenant.graph(
            "POST",
            "/v1.0/users",
            user(upn, "Trig Created", Map.of("department", "Legal", "jobTitle", "Paralegal")));
    String id = created.path("id").asText();
    Map<String, String> vars = variables(started("userCreated", upn));
    assertThat(vars)
        .containsEntry("entraEvent", "userCreated")
        .containsEntry("entraTrigger", "it-usercreated")
        .containsEntry("entraConnection", "default")
        .containsEntry("entraUserId", id)
        .containsEntry("userPrincipalName", upn)
        .containsEntry("displayName", "Trig Created")
        .containsEntry("department", "Legal")
        .containsEntry("jobTitle", "Paralegal")
        .containsEntry("accountEnabled", "true")
        .containsKey("entraEventId");

    tenant.graph("PATCH", "/v1.0/users/" + id, Map.of("jobTitle", "Counsel"));
    assertThat(json(variables(started("userUpdated", upn)).get("changes")))
        .isEqualTo(json("{\"jobTitle\":{\"old\":\"Paralegal\",\"new\":\"Counsel\"}}"));

    String manager =
        tenant.graph("GET", "/v1.0/users?$top=1", null).path("value").get(0).path("id").asText();
    tenant.graph("PUT", "/v1.0/users/" + id + "/manager/$ref", tenant.ref(manager));
    Map<String, String> managerChanged = variables(started("managerChanged", upn));
    assertThat(managerChanged).containsEntry("managerId", manager);
    assertThat(managerChanged.get("changes")).contains("\"manager\"", manager);

    tenant.graph("DELETE", "/v1.0/users/" + id, null);
    assertThat(variables(started("userDeleted", upn))).containsEntry("entraUserId", id);
    tenant.graph("POST", "/v1.0/directory/deletedItems/" + id + "/restore", Map.of());
    assertThat(variables(started("userRestored", upn))).containsEntry("entraUserId", id);

    // A user disabled from the start (the seed disables every 97th), enabled: userEnabled.
    String disabledUpn = null;
    for (JsonNode u :
        tenant
            .graph("GET", "/v1.0/users?$select=userPrincipalName,accountEnabled&$top=999", null)
            .path("value")) {
      if (!u.path("accountEnabled").asBoolean(true))
        disabledUpn = u.path("userPrincipalName").asText();
    }
    assertThat(disabledUpn).as("a seeded user disabled from the start").isNotNull();
    tenant.graph("PATCH", "/v1.0/users/" + enc(disabledUpn), Map.of("accountEnabled", true));
    assertThat(variables(started("userEnabled", disabledUpn)))
        .containsEntry("accountEnabled", "true");

    String leaverUpn = "trig.disabled" + DOMAIN;
    tenant.graph("POST", "/v1.0/users", user(leaverUpn, "Trig Disabled", Map.of()));
    started("userCreated", leaverUpn);
    tenant.graph("PATCH", "/v1.0/users/" + enc(leaverUpn), Map.of("accountEnabled", false));
    assertThat(variables(started("userDisabled", leaverUpn)))
        .containsEntry("accountEnabled", "false");

    JsonNode group =
        tenant.graph(
            "POST",
            "/v1.0/groups",
            Map.of(
                "displayName",
                "Trig Group",
                "mailEnabled",
                false,
                "mailNickname",
                "triggroup",
                "securityEnabled",
                true));
    String groupId = group.path("id").asText();
    assertThat(variables(started("groupCreated", groupId)))
        .containsEntry("entraGroupId", groupId)
        .containsEntry("group", "Trig Group");
    tenant.graph("POST", "/v1.0/groups/" + groupId + "/members/$ref", tenant.ref(id));
    assertThat(variables(started("groupMemberAdded", groupId)))
        .containsEntry("entraGroupId", groupId)
        .containsEntry("entraUserId", id)
        .containsEntry("userPrincipalName", upn);
    tenant.graph("DELETE", "/v1.0/groups/" + groupId + "/members/" + id + "/$ref", null);
    assertThat(variables(started("groupMemberRemoved", groupId))).containsEntry("entraUserId", id);
    tenant.graph("DELETE", "/v1.0/groups/" + groupId, null);
    assertThat(variables(started("groupDeleted", groupId))).containsEntry("entraGroupId", groupId);
  }

  @Test
  void aJoinerAMoverAndALeaverRunTheirExampleProcesses() {
    String upn = "jo.mover" + DOMAIN;
    String id =
        tenant
            .graph("POST", "/v1.0/users", user(upn, "Jo Mover", Map.of("department", "Sales")))
            .path("id")
            .asText();
    String joiner = instance("entra-joiner", upn);
    JsonNode welcome = app.rest.task(joiner, "Task_Welcome");
    assertThat(welcome.path("name").asText()).isEqualTo("Welcome Jo Mover");
    assertThat(groupsOf(id)).contains("Sales");
    app.rest.complete(welcome, Map.of());
    app.rest.ended(joiner);
    awaitPolls(2); // the movers trigger has seen the new user, so the change is not summed with it

    tenant.graph("PATCH", "/v1.0/users/" + id, Map.of("department", "Finance"));
    String mover = instance("entra-mover", upn);
    app.rest.ended(mover);
    assertThat(app.rest.passed(mover, "EndEvent_Moved")).isTrue();
    assertThat(groupsOf(id)).contains("Finance").doesNotContain("Sales");
    awaitPolls(2);

    tenant.graph("PATCH", "/v1.0/users/" + id, Map.of("accountEnabled", false));
    String leaver = instance("entra-leaver", upn);
    app.rest.ended(leaver);
    assertThat(app.rest.passed(leaver, "EndEvent_Offboarded")).isTrue();
    assertThat(
            tenant
                .graph("GET", "/v1.0/directory/deletedItems/microsoft.graph.user", null)
                .findValuesAsText("id"))
        .contains(id);
  }

  /**
   * An account this app's own offboarding disabled is not offboarded a second time: the leaver
   * started by the trigger ends at "Already offboarded".
   */
  @Test
  void aLeaverWhoseAccountThisAppsOffboardingDisabledIsNotOffboardedTwice() {
    String upn = "off.boarded" + DOMAIN;
    tenant.graph("POST", "/v1.0/users", user(upn, "Off Boarded", Map.of()));
    // Every trigger (the leavers' too) sees the new user before it is disabled: a trigger sees the
    // net change between its polls, and a user created disabled is no leaver.
    started("userCreated", upn);
    String offboarding = app.rest.start("entra-offboarding", Map.of("userPrincipalName", upn));
    String leaver = instance("entra-leaver", upn);
    app.rest.ended(leaver);
    assertThat(app.rest.passed(leaver, "EndEvent_Already")).isTrue();
    app.rest.ended(offboarding);
    assertThat(
            app.rest
                .get(
                    "/engine-rest/history/process-instance/count?processDefinitionKey=entra-offboarding&variables=userPrincipalName_eq_"
                        + enc(upn))
                .path("count")
                .asLong())
        .isEqualTo(1);
  }

  @Test
  void aHundredChangesInOnePollStartExactlyAHundredInstances() {
    List<Map<String, Object>> requests = new ArrayList<>();
    String run = UUID.randomUUID().toString().substring(0, 8);
    for (int i = 0; i < 100; i++) {
      requests.add(
          Map.of(
              "id",
              Integer.toString(requests.size() % 20 + 1),
              "method",
              "POST",
              "url",
              "/users",
              "headers",
              Map.of("Content-Type", "application/json"),
              "body",
              user("bulk." + run + "." + i + DOMAIN, "Bulk " + i, Map.of("jobTitle", BULK_TITLE))));
      if (requests.size() == 20) {
        JsonNode answers = tenant.graph("POST", "/v1.0/$batch", Map.of("requests", requests));
        assertThat(answers.path("responses").findValuesAsText("status")).containsOnly("201");
        requests.clear();
      }
    }
    Rest.await("100 instances of it-bulk", () -> bulkInstances(run) == 100 ? true : null);
    awaitPolls(2);
    assertThat(bulkInstances(run)).isEqualTo(100);
  }

  /**
   * A node killed (halt, as kill -9) after reading a page of changes from Graph and before
   * committing it, then restarted on the same database, leaves exactly one instance per change: the
   * page is read again and nothing of it was delivered twice or lost.
   */
  @Test
  void aNodeKilledBetweenTheGraphReadAndTheCommitLeavesExactlyOneInstancePerChange() {
    app.close();
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<String> upns = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String upn = "crash." + run + "." + i + DOMAIN;
      tenant.graph("POST", "/v1.0/users", user(upn, "Crash " + i, Map.of()));
      upns.add(upn);
    }
    String halted =
        ExampleApp.refusedStart(
            "triggers-halted",
            env(),
            tenant.jvmOptions(),
            args(List.of("--" + TriggerCommitHalt.PROPERTY + "=1")));
    assertThat(halted).contains("halting before a trigger page commits");

    app = ExampleApp.start("triggers-restarted", env(), tenant.jvmOptions(), args(List.of()));
    for (String upn : upns) {
      instance("it-userCreated", upn);
      instance("entra-joiner", upn);
    }
    awaitPolls(2);
    for (String upn : upns) {
      assertThat(count("it-userCreated", upn)).as(upn).isEqualTo(1);
      assertThat(count("entra-joiner", upn)).as(upn).isEqualTo(1);
    }
  }

  private static long count(String processKey, String businessKey) {
    return app.rest
        .get(
            "/engine-rest/history/process-instance/count?processDefinitionKey="
                + processKey
                + "&processInstanceBusinessKey="
                + enc(businessKey))
        .path("count")
        .asLong();
  }

  private long bulkInstances(String run) {
    return app.rest
        .get(
            "/engine-rest/history/process-instance?processDefinitionKey=it-bulk&processInstanceBusinessKeyLike="
                + enc("bulk." + run + ".%"))
        .size();
  }

  /** Waits until every trigger has polled {@code rounds} more times. */
  private static void awaitPolls(int rounds) {
    for (int i = 0; i < rounds; i++) app.rest.awaitTriggerPolls(Instant.now());
  }

  /**
   * Waits for the instance of it-<kind> started for this business key, then for every trigger to
   * poll a users and a groups round more, so the next change is not seen in the same poll as this
   * one by another trigger (which would see only their sum); returns the instance's id.
   */
  private static String started(String kind, String businessKey) {
    String instance = instance("it-" + kind, businessKey);
    awaitPolls(2);
    return instance;
  }

  private static String instance(String processKey, String businessKey) {
    return Rest.await(
        processKey + " for " + businessKey,
        () -> {
          JsonNode found =
              app.rest.get(
                  "/engine-rest/history/process-instance?processDefinitionKey="
                      + processKey
                      + "&processInstanceBusinessKey="
                      + enc(businessKey));
          assertThat(found.size()).as(processKey + " for " + businessKey).isLessThanOrEqualTo(1);
          return found.size() == 1 ? found.get(0).path("id").asText() : null;
        });
  }

  /** An instance's variables as text (JSON variables as their JSON). */
  private static Map<String, String> variables(String instance) {
    Map<String, String> values = new HashMap<>();
    for (JsonNode v :
        app.rest.get(
            "/engine-rest/history/variable-instance?processInstanceId="
                + instance
                + "&deserializeValues=false")) {
      JsonNode value = v.path("value");
      values.put(v.path("name").asText(), value.isNull() ? null : value.asText());
    }
    return values;
  }

  private static List<String> groupsOf(String userId) {
    return tenant
        .graph("GET", "/v1.0/users/" + userId + "/memberOf?$select=displayName", null)
        .findValuesAsText("displayName");
  }

  private static Map<String, Object> user(String upn, String name, Map<String, Object> more) {
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("accountEnabled", true);
    user.put("displayName", name);
    user.put("mailNickname", upn.substring(0, upn.indexOf('@')).replace(".", ""));
    user.put("userPrincipalName", upn);
    user.put("passwordProfile", Map.of("password", "Tr1gger-" + UUID.randomUUID()));
    user.putAll(more);
    return user;
  }

  private static JsonNode json(String text) {
    try {
      return Rest.JSON.readTree(text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
