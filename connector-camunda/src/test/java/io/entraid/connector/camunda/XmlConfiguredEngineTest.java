package io.entraid.connector.camunda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.entraid.connector.core.token.AccessToken;
import io.entraid.connector.core.token.TokenProvider;
import io.entraid.emulator.AppRegistration;
import io.entraid.emulator.EntraEmulator;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The plugin configured from camunda.cfg.xml, as a non-Spring installation does it: JavaBean
 * properties only, a trust store file for the emulator's certificate, the deployment preflight on.
 */
class XmlConfiguredEngineTest {
  static EntraEmulator emulator;

  @BeforeAll
  static void start() {
    emulator = EntraEmulator.builder().users(5).groups(3).seed(9L).start();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  static ProcessEngine engineFromXml(String clientId, String secret) throws Exception {
    String xml =
        new String(
                XmlConfiguredEngineTest.class
                    .getResourceAsStream("/xml/camunda.cfg.xml")
                    .readAllBytes(),
                StandardCharsets.UTF_8)
            .replace("@DB@", UUID.randomUUID().toString())
            .replace("@TENANT@", emulator.tenantId())
            .replace("@CLIENT@", clientId)
            .replace("@SECRET@", secret)
            .replace("@AUTHORITY@", emulator.authorityHost())
            .replace("@GRAPH@", emulator.graphEndpoint())
            .replace("@TRUSTSTORE@", emulator.trustStorePath().toString())
            .replace("@TRUSTSTORE_PASSWORD@", emulator.trustStorePassword());
    return ProcessEngineConfiguration.createProcessEngineConfigurationFromInputStream(
            new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
        .buildProcessEngine();
  }

  static PermissionPreflight preflight(ProcessEngine engine) {
    return ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
        .getProcessEnginePlugins().stream()
            .filter(EntraIdProcessEnginePlugin.class::isInstance)
            .map(p -> ((EntraIdProcessEnginePlugin) p).getPreflight())
            .findFirst()
            .orElseThrow();
  }

  @Test
  void theSameBpmnRunsOnAPlainEngineConfiguredFromXml() throws Exception {
    ProcessEngine engine = engineFromXml(emulator.clientId(), emulator.clientSecret());
    BpmnAwareTests.init(engine);
    try {
      deployMembershipGateway(engine);
      var group = emulator.directory().groups().get(0);
      var user = emulator.directory().users().get(4);
      if (!emulator.directory().memberIds(group.id()).contains(user.id()))
        emulator.directory().addMember(group.id(), user.id());
      ProcessInstance instance =
          engine
              .getRuntimeService()
              .startProcessInstanceByKey(
                  "membership-gateway",
                  Map.of("user", user.userPrincipalName(), "groups", List.of(group.id())));
      assertThat(instance).isEnded().hasPassed("member");
      assertThat(preflight(engine).findings()).isEmpty();
      assertThat(preflight(engine).policyFindings()).isEmpty();
    } finally {
      BpmnAwareTests.reset();
      engine.close();
    }
  }

  @Test
  void deploymentPreflightNamesTheMissingPermission() throws Exception {
    AppRegistration reader =
        emulator.registerApp("reader-" + UUID.randomUUID(), Set.of("User.Read.All"));
    ProcessEngine engine = engineFromXml(reader.clientId(), reader.secret().value());
    try {
      deployMembershipGateway(engine);
      assertThat(preflight(engine).findings())
          .containsExactly(
              new PermissionPreflight.Finding(
                  "membership-gateway",
                  "check",
                  "checkGroupMembership",
                  "default",
                  "GroupMember.Read.All"));
    } finally {
      engine.close();
    }
  }

  /**
   * A permission granted after a deployment is seen by the first deployment after the token the
   * earlier ones were checked with expired: the preflight keeps a connection's test for its token's
   * life (Entra ID puts a new grant only into new tokens), and tests it once per token, not per
   * task.
   */
  @Test
  void aPermissionGrantedLaterIsSeenOnceTheCheckedTokenExpired() throws Exception {
    AppRegistration reader =
        emulator.registerApp("reader-" + UUID.randomUUID(), Set.of("User.Read.All"));
    ProcessEngine engine = engineFromXml(reader.clientId(), reader.secret().value());
    try {
      deployMembershipGateway(engine);
      assertThat(preflight(engine).findings())
          .extracting(PermissionPreflight.Finding::permission)
          .containsExactly("GroupMember.Read.All");

      reader.roles(Set.of("User.Read.All", "GroupMember.Read.All"));
      deployMembershipGateway(engine); // checked with the same token: still missing
      assertThat(preflight(engine).findings()).hasSize(2);

      // the connection's token renewed, the one checked has expired: the grant is seen
      TokenProvider tokens =
          ((EntraIdProcessEnginePlugin)
                  ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
                      .getProcessEnginePlugins().stream()
                          .filter(EntraIdProcessEnginePlugin.class::isInstance)
                          .findFirst()
                          .orElseThrow())
              .getConnectionRegistry()
              .get("default")
              .tokens();
      AccessToken checked = tokens.token();
      tokens.refresh(checked);
      ClockUtil.setCurrentTime(Date.from(checked.expiresAt().plusSeconds(1)));
      deployMembershipGateway(engine);
      assertThat(preflight(engine).findings()).hasSize(2);
    } finally {
      ClockUtil.reset();
      engine.close();
    }
  }

  private static void deployMembershipGateway(ProcessEngine engine) {
    engine
        .getRepositoryService()
        .createDeployment()
        .addClasspathResource("bpmn/membership-gateway.bpmn")
        .deploy();
  }

  @Test
  void deploymentPreflightWarnsOncePerCauseListingEveryTaskItAffects() throws Exception {
    ProcessEngine engine = engineFromXml(emulator.clientId(), "a-wrong-secret-value");
    Logger logger = (Logger) LoggerFactory.getLogger(PermissionPreflight.class);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    logger.addAppender(log);
    try {
      // "other": a process the XML configuration's connection policy allows
      BpmnModelInstance twoTasks =
          Bpmn.createExecutableProcess("other")
              .camundaHistoryTimeToLive(1)
              .startEvent()
              .serviceTask("read")
              .camundaDelegateExpression("${entraId}")
              .camundaInputParameter("operation", "getUser")
              .serviceTask("disable")
              .camundaDelegateExpression("${entraId}")
              .camundaInputParameter("operation", "disableUser")
              .endEvent()
              .done();
      engine
          .getRepositoryService()
          .createDeployment()
          .addClasspathResource("bpmn/membership-gateway.bpmn")
          .addModelInstance("two-tasks.bpmn", twoTasks)
          .deploy();
      // one cause (the connection does not work), three tasks in two processes: one warning naming
      // them all
      assertThat(log.list).hasSize(1);
      assertThat(log.list.get(0).getFormattedMessage())
          .contains(
              "the connection does not work",
              "AADSTS7000215",
              "process 'membership-gateway' (tasks check)",
              "process 'other' (tasks read, disable)",
              "Fix:");
    } finally {
      logger.detachAppender(log);
      engine.close();
    }
  }
}
