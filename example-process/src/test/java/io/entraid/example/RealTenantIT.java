package io.entraid.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real-tenant path, as the README tells administrators to run it: a standalone emulator process
 * plays the tenant, the app gets it through ENTRA_TENANT_ID, ENTRA_CLIENT_ID, ENTRA_CLIENT_SECRET
 * and its first admin through ADMIN_USER and ADMIN_PASSWORD, trusts the tenant through the JVM's
 * {@code javax.net.ssl.trustStore}, and reaches it through the connection's AuthorityHost and
 * GraphEndpoint (what a proxy in front of Entra ID would need too). The result is checked the way
 * an administrator would: with Microsoft Graph calls of its own. The attacker walk of issue #13
 * runs against it too: a second Camunda user without groups tries what an attacker on the network
 * would.
 */
class RealTenantIT {
  private static final String ADMIN = "opsadmin";
  private static final String ADMIN_PASSWORD = "Adm1n-" + java.util.UUID.randomUUID();
  private static EmulatedTenant tenant;
  private static ExampleApp app;

  @BeforeAll
  static void start() {
    tenant = EmulatedTenant.start("--users", "60", "--groups", "14", "--seed", "7");
    app =
        ExampleApp.start(
            "real-tenant",
            tenant.env(Map.of("ADMIN_USER", ADMIN, "ADMIN_PASSWORD", ADMIN_PASSWORD)),
            tenant.jvmOptions(),
            tenant.connectionArgs());
  }

  @AfterAll
  static void stop() {
    if (app != null) app.close();
    if (tenant != null) tenant.close();
  }

  @Test
  void startsWithoutEmulatorAndRunsThePreflightAgainstTheTenant() {
    String log = app.log();
    assertThat(log)
        .contains(
            "running in REAL-TENANT MODE: tenant " + tenant.setting("TenantID"),
            "Connection 'default' works",
            "Process 'entra-onboarding' is ready",
            "Process 'entra-offboarding' is ready",
            "Process 'entra-access-request' is ready");
    assertThat(log).doesNotContain("DEMO MODE", tenant.setting("ClientSecret"));
    String startUp = log.substring(0, log.indexOf("Log in at "));
    assertThat(startUp.lines().filter(line -> line.contains(" WARN ") || line.contains(" ERROR ")))
        .as("a warning at start")
        .isEmpty();
    assertThat(app.rest.status("/demo/directory/users/x@contoso.onmicrosoft.com")).isEqualTo(404);
  }

  @Test
  void refusesToStartWithoutTheFirstAdminsLogin() {
    String log = ExampleApp.refusedStart("real-tenant-no-admin", tenant.env(Map.of()), List.of());
    assertThat(log)
        .contains(
            "APPLICATION FAILED TO START",
            "Real-tenant mode (Entra ID connection parameters are given, e.g. ENTRA_TENANT_ID) needs",
            "missing: ADMIN_USER, ADMIN_PASSWORD",
            "There is no default login outside demo mode",
            "Action:",
            "Set ADMIN_USER and ADMIN_PASSWORD")
        .doesNotContain(tenant.setting("ClientSecret"));
  }

  @Test
  void thereIsNoDemoLoginOutsideDemoMode() {
    assertThat(app.rest.as("demo", "demo").status("/engine-rest/user")).isEqualTo(401);
    assertThat(app.rest.status("/engine-rest/user")).isEqualTo(200);
    assertThat(app.log())
        .contains("/camunda/app/ as " + ADMIN + ";")
        .doesNotContain("as demo", ADMIN_PASSWORD);
  }

  /**
   * The attacker walk: a Camunda user without groups can neither deploy, nor start, nor read, nor
   * promote herself.
   */
  @Test
  void anAuthenticatedNonAdminCanNeitherDeployNorStartNorReadVariables() {
    Rest admin = app.rest;
    admin.post(
        "/engine-rest/user/create",
        Map.of(
            "profile",
            Map.of(
                "id",
                "mallory",
                "firstName",
                "Mal",
                "lastName",
                "Lory",
                "email",
                "mallory@example.com"),
            "credentials",
            Map.of("password", "mallory-pass-1")));
    Rest mallory = admin.as("mallory", "mallory-pass-1");
    assertThat(mallory.status("/engine-rest/user?id=mallory")).isEqualTo(200);

    String victim = "victor.victim@contoso.onmicrosoft.com";
    String instance =
        admin.start(
            "entra-onboarding",
            Map.of(
                "givenName",
                "Victor",
                "surname",
                "Victim",
                "userPrincipalName",
                victim,
                "department",
                "Sales",
                "groups",
                "Sales"));
    JsonNode handOver = admin.task(instance, "Task_HandOver");

    assertThat(mallory.deploy("mallory.bpmn", deleteUserProcess("entra-mallory", victim)))
        .isEqualTo(403);
    assertThat(
            mallory.status(
                "POST",
                "/engine-rest/process-definition/key/entra-offboarding/start",
                Map.of("variables", Map.of("userPrincipalName", Map.of("value", victim)))))
        .isIn(403, 404);
    assertThat(mallory.get("/engine-rest/variable-instance?variableName=temporaryPassword"))
        .isEmpty();
    assertThat(mallory.get("/engine-rest/process-instance")).isEmpty();
    assertThat(mallory.get("/engine-rest/task")).isEmpty();
    assertThat(mallory.status("PUT", "/engine-rest/group/camunda-admin/members/mallory", Map.of()))
        .isEqualTo(403);
    assertThat(admin.get("/engine-rest/user?memberOfGroup=camunda-admin").findValuesAsText("id"))
        .containsExactly(ADMIN);
    assertThat(admin.get("/engine-rest/variable-instance?variableName=temporaryPassword"))
        .hasSize(1);

    admin.complete(handOver, Map.of());
    admin.ended(instance);
    assertThat(admin.get("/engine-rest/process-instance?processDefinitionKey=entra-offboarding"))
        .isEmpty();
  }

  /** The candidate group Approvers gets what its task needs, and nothing else. */
  @Test
  void anApproverWorksOnItsTaskAndSeesNothingElse() {
    Rest admin = app.rest;
    admin.post(
        "/engine-rest/group/create",
        Map.of("id", "Approvers", "name", "Approvers", "type", "WORKFLOW"));
    admin.post(
        "/engine-rest/user/create",
        Map.of(
            "profile",
            Map.of(
                "id",
                "anna",
                "firstName",
                "Anna",
                "lastName",
                "Approver",
                "email",
                "anna@example.com"),
            "credentials",
            Map.of("password", "anna-pass-1")));
    assertThat(admin.status("PUT", "/engine-rest/group/Approvers/members/anna", Map.of()))
        .isEqualTo(204);
    Rest anna = admin.as("anna", "anna-pass-1");

    String upn = "rita.requester@contoso.onmicrosoft.com";
    String onboarded =
        admin.start(
            "entra-onboarding",
            Map.of(
                "givenName",
                "Rita",
                "surname",
                "Requester",
                "userPrincipalName",
                upn,
                "department",
                "Sales",
                "groups",
                "Sales"));
    admin.complete(admin.task(onboarded, "Task_HandOver"), Map.of());
    admin.ended(onboarded);
    String request =
        admin.start("entra-access-request", Map.of("userPrincipalName", upn, "group", "Finance"));

    JsonNode approval = anna.task(request, "Task_Approve");
    assertThat(anna.get("/engine-rest/task")).hasSize(1);
    assertThat(
            anna.get("/engine-rest/task/" + approval.path("id").asText() + "/form-variables")
                .path("group")
                .path("value")
                .asText())
        .isEqualTo("Finance");
    assertThat(anna.get("/engine-rest/process-instance")).isEmpty();
    assertThat(anna.get("/engine-rest/variable-instance")).isEmpty();
    assertThat(anna.deploy("anna.bpmn", deleteUserProcess("entra-anna", upn))).isEqualTo(403);
    anna.complete(approval, Map.of("approved", false));
    admin.ended(request);
    assertThat(admin.passed(request, "Task_Add")).isFalse();
  }

  /** Even a process an admin deploys cannot go beyond what the connection's policy allows. */
  @Test
  void aDeployedProcessCannotCallWhatTheConnectionsPolicyForbids() throws Exception {
    String victim = "vera.victim@contoso.onmicrosoft.com";
    String created =
        app.rest.start(
            "entra-onboarding",
            Map.of(
                "givenName",
                "Vera",
                "surname",
                "Victim",
                "userPrincipalName",
                victim,
                "department",
                "Sales",
                "groups",
                "Sales"));
    app.rest.complete(app.rest.task(created, "Task_HandOver"), Map.of());
    app.rest.ended(created);

    assertThat(app.rest.deploy("tools.bpmn", deleteUserProcess("tools-delete", victim)))
        .isEqualTo(200);
    assertThat(
            app.rest.deploy(
                "graph.bpmn",
                Bpmn.convertToString(
                    Bpmn.createExecutableProcess("entra-graph-probe")
                        .camundaHistoryTimeToLive(1)
                        .startEvent()
                        .serviceTask("task")
                        .name("Add a secret")
                        .camundaAsyncBefore()
                        .camundaDelegateExpression("${entraId}")
                        .camundaInputParameter("operation", "graphRequest")
                        .camundaInputParameter("method", "POST")
                        .camundaInputParameter("path", "applications/1f0e/addPassword")
                        .endEvent()
                        .done())))
        .isEqualTo(200);
    assertThat(app.log())
        .contains(
            "Entra ID deployment preflight: Connection 'default' may not be used by process"
                + " 'tools-delete' (policy rule processes: entra-*)",
            "Affects process 'tools-delete' (tasks task).",
            "Entra ID deployment preflight: Connection 'default' may not run graphRequest",
            "Affects process 'entra-graph-probe' (tasks task).");

    assertThat(incident(app.rest.start("tools-delete", Map.of())))
        .contains(
            "may not be used by process 'tools-delete'", "Fix: add the process definition key");
    assertThat(incident(app.rest.start("entra-graph-probe", Map.of())))
        .contains(
            "may not run graphRequest",
            "(policy rule operations: the default, every operation except graphRequest)");
    assertThat(
            graph("/v1.0/users/" + URLEncoder.encode(victim, StandardCharsets.UTF_8))
                .path("userPrincipalName")
                .asText())
        .isEqualTo(victim);
  }

  private static String incident(String instance) {
    return Rest.await(
        "incident of " + instance,
        () -> {
          JsonNode incidents = app.rest.get("/engine-rest/incident?processInstanceId=" + instance);
          return incidents.size() == 1 ? incidents.get(0).path("incidentMessage").asText() : null;
        });
  }

  private static String deleteUserProcess(String key, String user) {
    return Bpmn.convertToString(
        Bpmn.createExecutableProcess(key)
            .camundaHistoryTimeToLive(1)
            .startEvent()
            .serviceTask("task")
            .name("Delete")
            .camundaAsyncBefore()
            .camundaDelegateExpression("${entraId}")
            .camundaInputParameter("operation", "deleteUser")
            .camundaInputParameter("user", user)
            .endEvent()
            .done());
  }

  @Test
  void onboardingCreatesTheUserInTheTenant() throws Exception {
    Rest rest = app.rest;
    String upn = "tara.tenant@contoso.onmicrosoft.com";
    String instance =
        rest.start(
            "entra-onboarding",
            Map.of(
                "givenName",
                "Tara",
                "surname",
                "Tenant",
                "userPrincipalName",
                upn,
                "department",
                "Finance",
                "groups",
                "Finance,Approvers"));
    rest.complete(rest.task(instance, "Task_HandOver"), Map.of());
    rest.ended(instance);

    JsonNode user =
        graph(
            "/v1.0/users/"
                + URLEncoder.encode(upn, StandardCharsets.UTF_8)
                + "?$select=id,displayName,department,accountEnabled");
    assertThat(user.path("displayName").asText()).isEqualTo("Tara Tenant");
    assertThat(user.path("department").asText()).isEqualTo("Finance");
    assertThat(rest.historicVariable(instance, "userId").asText())
        .isEqualTo(user.path("id").asText());
    List<String> groups = new ArrayList<>();
    graph("/v1.0/users/" + user.path("id").asText() + "/memberOf?$select=displayName")
        .path("value")
        .forEach(g -> groups.add(g.path("displayName").asText()));
    assertThat(groups).containsExactlyInAnyOrder("Finance", "Approvers");
  }

  /** A Graph GET with an app-only token of the tenant's app, over the emulator's trust store. */
  private static JsonNode graph(String path) {
    return tenant.graph("GET", path, null);
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
