package io.entraid.connector.camunda;

import static org.assertj.core.api.Assertions.assertThat;

import io.entraid.connector.core.operation.Operation;
import io.entraid.connector.core.operation.OperationCatalog;
import io.entraid.emulator.EntraEmulator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.builder.ServiceTaskBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every catalog operation as a service task in a real engine against the emulator: the happy path
 * ends normally with the result variable of the declared kind, and an error path ends at the
 * boundary event of the expected BPMN error code, with the message in a variable.
 */
class EveryOperationInEngineTest {
  static final String[] CODES = {
    "ENTRA_NOT_FOUND", "ENTRA_ALREADY_EXISTS", "ENTRA_AMBIGUOUS", "ENTRA_INVALID_INPUT"
  };
  static final AtomicInteger COUNTER = new AtomicInteger();
  static EntraEmulator emulator;
  static ProcessEngine engine;

  /**
   * One operation's two runs: inputs that work and the variable type they give, and inputs that
   * fail with a code.
   */
  record Scenario(
      String operation,
      Supplier<Map<String, Object>> happy,
      String resultType,
      Supplier<Map<String, Object>> failing,
      String errorCode) {
    @Override
    public String toString() {
      return operation;
    }
  }

  @BeforeAll
  static void start() {
    emulator = EntraEmulator.builder().users(10).groups(4).seed(21L).start();
    EntraIdProcessEnginePlugin plugin = TestEngines.plugin(emulator);
    plugin.setPolicies(Map.of("default", Map.of("graph-requests", "GET users")));
    engine = TestEngines.start(plugin);
  }

  @AfterAll
  static void stop() {
    engine.close();
    emulator.close();
  }

  static String unique(String prefix) {
    return prefix + COUNTER.incrementAndGet();
  }

  static String upn(String local) {
    return local + "@" + emulator.tenantDomain();
  }

  static io.entraid.emulator.User newUser() {
    String name = unique("engine.user");
    return emulator.directory().createUser(upn(name), name);
  }

  static io.entraid.emulator.Group newGroup() {
    return emulator.directory().createGroup(unique("Engine group "));
  }

  static String ghostId() {
    return UUID.randomUUID().toString();
  }

  static Map<String, Object> inputs(Object... pairs) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) map.put((String) pairs[i], pairs[i + 1]);
    return map;
  }

  static Stream<Scenario> scenarios() {
    Function<String, Supplier<Map<String, Object>>> ghostUser = key -> () -> inputs(key, ghostId());
    return Stream.of(
        new Scenario(
            "getUser",
            () -> inputs("user", newUser().userPrincipalName()),
            "json",
            ghostUser.apply("user"),
            "ENTRA_NOT_FOUND"),
        new Scenario(
            "findUsers",
            () -> inputs("displayName", newUser().displayName()),
            "json",
            () -> inputs("limit", 5),
            "ENTRA_INVALID_INPUT"),
        new Scenario(
            "createUser",
            () ->
                inputs(
                    "userPrincipalName",
                    upn(unique("created")),
                    "givenName",
                    "Ada",
                    "surname",
                    "Lovelace"),
            "json",
            () ->
                inputs(
                    "userPrincipalName",
                    newUser().userPrincipalName(),
                    "givenName",
                    "Ada",
                    "surname",
                    "Twice"),
            "ENTRA_ALREADY_EXISTS"),
        new Scenario(
            "updateUser",
            () -> inputs("user", newUser().id(), "properties", Map.of("jobTitle", "Engineer")),
            "json",
            () -> inputs("user", newUser().id(), "properties", Map.of("passwordProfile", Map.of())),
            "ENTRA_INVALID_INPUT"),
        new Scenario(
            "enableUser",
            () -> inputs("user", newUser().id()),
            "boolean",
            ghostUser.apply("user"),
            "ENTRA_NOT_FOUND"),
        new Scenario(
            "disableUser",
            () -> inputs("user", newUser().id()),
            "boolean",
            ghostUser.apply("user"),
            "ENTRA_NOT_FOUND"),
        new Scenario(
            "deleteUser",
            () -> inputs("user", newUser().id()),
            "string",
            ghostUser.apply("user"),
            "ENTRA_NOT_FOUND"),
        new Scenario(
            "restoreUser",
            () -> {
              String id = newUser().id();
              emulator.directory().deleteUser(id);
              return inputs("user", id);
            },
            "json",
            ghostUser.apply("user"),
            "ENTRA_NOT_FOUND"),
        new Scenario(
            "revokeSignInSessions",
            () -> inputs("user", newUser().id()),
            "boolean",
            ghostUser.apply("user"),
            "ENTRA_NOT_FOUND"),
        new Scenario(
            "getManager",
            () -> {
              var user = newUser();
              emulator.directory().setManager(user.id(), newUser().id());
              return inputs("user", user.id());
            },
            "json",
            ghostUser.apply("user"),
            "ENTRA_NOT_FOUND"),
        new Scenario(
            "setManager",
            () -> inputs("user", newUser().id(), "manager", newUser().userPrincipalName()),
            "string",
            () -> inputs("user", newUser().id(), "manager", ghostId()),
            "ENTRA_NOT_FOUND"),
        new Scenario(
            "removeManager",
            () -> inputs("user", newUser().id()),
            "boolean",
            ghostUser.apply("user"),
            "ENTRA_NOT_FOUND"),
        new Scenario(
            "listUserGroups",
            () -> inputs("user", newUser().id()),
            "json",
            ghostUser.apply("user"),
            "ENTRA_NOT_FOUND"),
        new Scenario(
            "getGroup",
            () -> inputs("group", newGroup().id()),
            "json",
            () -> {
              String twin = unique("Twin ");
              emulator.directory().createGroup(twin);
              emulator.directory().createGroup(twin);
              return inputs("group", twin);
            },
            "ENTRA_AMBIGUOUS"),
        new Scenario(
            "findGroups",
            () -> inputs("displayName", "Engine"),
            "json",
            () -> inputs("limit", "many"),
            "ENTRA_INVALID_INPUT"),
        new Scenario(
            "createGroup",
            () -> inputs("displayName", unique("Created ")),
            "json",
            () -> {
              String name = unique("Nick ");
              emulator
                  .directory()
                  .createGroup(
                      Map.of(
                          "displayName",
                          name,
                          "mailNickname",
                          name.replace(" ", ""),
                          "securityEnabled",
                          true,
                          "mailEnabled",
                          false));
              return inputs("displayName", name, "mailNickname", name.replace(" ", ""));
            },
            "ENTRA_ALREADY_EXISTS"),
        new Scenario(
            "updateGroup",
            () -> inputs("group", newGroup().id(), "properties", Map.of("description", "Updated")),
            "json",
            () -> inputs("group", ghostId(), "properties", Map.of("description", "x")),
            "ENTRA_NOT_FOUND"),
        new Scenario(
            "deleteGroup",
            () -> inputs("group", newGroup().id()),
            "json",
            () -> inputs("group", ghostId()),
            "ENTRA_NOT_FOUND"),
        new Scenario(
            "listGroupMembers",
            () -> inputs("group", newGroup().id()),
            "json",
            () -> inputs("group", ghostId()),
            "ENTRA_NOT_FOUND"),
        new Scenario(
            "addGroupMembers",
            () -> inputs("group", newGroup().id(), "members", List.of(newUser().id())),
            "json",
            () -> inputs("group", ghostId(), "members", List.of(newUser().id())),
            "ENTRA_NOT_FOUND"),
        new Scenario(
            "removeGroupMembers",
            () -> {
              var group = newGroup();
              var user = newUser();
              emulator.directory().addMember(group.id(), user.id());
              return inputs("group", group.id(), "members", List.of(user.userPrincipalName()));
            },
            "json",
            () -> inputs("group", ghostId(), "members", List.of(newUser().id())),
            "ENTRA_NOT_FOUND"),
        new Scenario(
            "checkGroupMembership",
            () -> inputs("user", newUser().id(), "groups", List.of(newGroup().id())),
            "boolean",
            () -> inputs("user", ghostId(), "groups", List.of(newGroup().id())),
            "ENTRA_NOT_FOUND"),
        new Scenario(
            "syncDirectory",
            () -> inputs("dryRun", true),
            "json",
            () -> inputs("deletionGuardPercent", 150),
            "ENTRA_INVALID_INPUT"),
        new Scenario(
            "graphRequest",
            () -> inputs("method", "GET", "path", "users", "query", "$top=2"),
            "json",
            () -> inputs("method", "GET", "path", "../me"),
            "ENTRA_INVALID_INPUT"),
        new Scenario(
            "testConnection",
            () -> inputs("operations", List.of("getUser")),
            "json",
            () -> inputs("operations", List.of("noSuchOperation")),
            "ENTRA_INVALID_INPUT"));
  }

  @Test
  void everyOperationHasAScenario() {
    assertThat(scenarios().map(Scenario::operation))
        .containsExactlyInAnyOrderElementsOf(
            OperationCatalog.standard().all().stream().map(o -> o.spec().name()).toList());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void happyPathEndsNormallyWithTheResult(Scenario s) {
    Operation op = OperationCatalog.standard().get(s.operation());
    ProcessInstance instance = run(s.operation(), s.happy().get());
    assertThat(endedAt(instance))
        .as("error: %s", variable(instance, "errorMessage"))
        .isEqualTo("done");
    var result = processVariable(instance, op.spec().result().defaultVariable());
    assertThat(result).as("result variable").isNotNull();
    assertThat(result.getTypeName()).isEqualTo(s.resultType());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void errorPathIsCaughtByTheBoundaryEvent(Scenario s) {
    ProcessInstance instance = run(s.operation(), s.failing().get());
    assertThat(endedAt(instance)).isEqualTo("caught_" + s.errorCode());
    assertThat(String.valueOf(variable(instance, "errorMessage")))
        .isNotBlank()
        .doesNotContain("Exception");
  }

  static ProcessInstance run(String operation, Map<String, Object> inputs) {
    String key = "op-" + operation + "-" + COUNTER.incrementAndGet();
    ServiceTaskBuilder task =
        Bpmn.createExecutableProcess(key)
            .camundaHistoryTimeToLive(1)
            .startEvent()
            .serviceTask("task")
            .camundaDelegateExpression("${entraId}")
            .camundaInputParameter("operation", operation);
    Map<String, Object> variables = new HashMap<>();
    for (Map.Entry<String, Object> input : inputs.entrySet()) {
      task.camundaInputParameter(input.getKey(), "${in_" + input.getKey() + "}");
      variables.put("in_" + input.getKey(), input.getValue());
    }
    BpmnModelInstance model = task.endEvent("done").done();
    for (String code : CODES) {
      model =
          ((org.camunda.bpm.model.bpmn.builder.AbstractActivityBuilder<?, ?>)
                  model
                      .<org.camunda.bpm.model.bpmn.instance.ServiceTask>getModelElementById("task")
                      .builder())
              .boundaryEvent("boundary_" + code)
              .errorEventDefinition()
              .error(code)
              .errorMessageVariable("errorMessage")
              .errorEventDefinitionDone()
              .endEvent("caught_" + code)
              .done();
    }
    engine
        .getRepositoryService()
        .createDeployment()
        .addModelInstance(key + ".bpmn", model)
        .deploy();
    return engine.getRuntimeService().startProcessInstanceByKey(key, variables);
  }

  static String endedAt(ProcessInstance instance) {
    return engine
        .getHistoryService()
        .createHistoricActivityInstanceQuery()
        .processInstanceId(instance.getId())
        .activityType("noneEndEvent")
        .list()
        .stream()
        .map(HistoricActivityInstance::getActivityId)
        .findFirst()
        .orElse("(not ended)");
  }

  static Object variable(ProcessInstance instance, String name) {
    var v = processVariable(instance, name);
    return v == null ? null : v.getValue();
  }

  /** The process-level variable; a task's input of the same name is a separate, local one. */
  static org.camunda.bpm.engine.history.HistoricVariableInstance processVariable(
      ProcessInstance instance, String name) {
    return engine
        .getHistoryService()
        .createHistoricVariableInstanceQuery()
        .processInstanceId(instance.getId())
        .variableName(name)
        .list()
        .stream()
        .filter(v -> instance.getId().equals(v.getActivityInstanceId()))
        .findFirst()
        .orElse(null);
  }
}
