package io.entraid.example;

import io.entraid.connector.camunda.sync.CamundaDirectoryTarget;
import io.entraid.connector.camunda.sync.CamundaSyncTargets;
import io.entraid.connector.core.connection.ConnectionRegistry;
import io.entraid.connector.core.sync.DirectorySync;
import io.entraid.connector.core.sync.SyncOptions;
import io.entraid.connector.core.sync.SyncReport;
import io.entraid.emulator.EntraEmulator;
import io.entraid.emulator.Group;
import io.entraid.emulator.User;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Demo mode only: copies the emulated directory into Camunda once at start (a full directory sync,
 * so the Entra group {@code Approvers}, the candidate group of the approval task, is a synced
 * Camunda group), lets the local admin user {@code demo} approve (a local member of that synced
 * group, which later syncs leave in place), and shows what the processes did to the emulated
 * directory, read-only, at {@code /demo/directory/users/{idOrUpn}} (HTTP Basic, like the REST API).
 * With a real tenant, the Entra admin center shows this instead.
 */
@RestController
@ConditionalOnProperty(name = DemoEmulatorInitializer.MODE_PROPERTY, havingValue = "demo")
class DemoSetup {
  static final String APPROVERS = ExampleAuthorizations.APPROVERS;
  private static final Logger LOG = LoggerFactory.getLogger(DemoSetup.class);

  private final EntraEmulator emulator;
  private final IdentityService identity;
  private final ConnectionRegistry connections;
  private final ProcessEngine engine;
  private final CamundaSyncTargets syncTargets;

  DemoSetup(
      @Qualifier(DemoEmulatorInitializer.EMULATOR_BEAN) EntraEmulator emulator,
      IdentityService identity,
      ConnectionRegistry connections,
      ProcessEngine engine,
      CamundaSyncTargets syncTargets) {
    this.emulator = emulator;
    this.identity = identity;
    this.connections = connections;
    this.engine = engine;
    this.syncTargets = syncTargets;
  }

  @EventListener(ApplicationReadyEvent.class)
  @Order(0)
  void syncAndApprovers() {
    SyncReport report =
        new DirectorySync(
                connections.get(ConnectionRegistry.DEFAULT_NAME),
                SyncOptions.defaults(),
                new CamundaDirectoryTarget(
                    (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration(),
                    ConnectionRegistry.DEFAULT_NAME,
                    syncTargets.settings()),
                syncTargets.progress())
            .run();
    if (SyncReport.SKIPPED.equals(report.mode())) {
      LOG.warn("Demo: the emulated directory was not synced into Camunda: {}", report.reason());
    } else {
      LOG.info(
          "Demo: the emulated directory is synced into Camunda ({} users, {} groups).",
          report.users().created() + report.users().unchanged(),
          report.groups().created() + report.groups().unchanged());
    }
    String admin = "demo";
    if (identity.createGroupQuery().groupId(APPROVERS).count() == 1
        && identity.createUserQuery().userId(admin).memberOfGroup(APPROVERS).count() == 0
        && identity.createUserQuery().userId(admin).count() == 1) {
      identity.createMembership(admin, APPROVERS);
      LOG.info(
          "Demo: user '{}' is a member of the synced group '{}' and can approve access requests.",
          admin,
          APPROVERS);
    }
  }

  @GetMapping("/demo/directory/users/{user}")
  ResponseEntity<Map<String, Object>> user(@PathVariable String user) {
    return emulator
        .directory()
        .user(user)
        .map(u -> ResponseEntity.ok(describe(u)))
        .orElse(ResponseEntity.notFound().build());
  }

  private Map<String, Object> describe(User user) {
    var directory = emulator.directory();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("id", user.id());
    result.put("userPrincipalName", user.userPrincipalName());
    result.put("displayName", user.displayName());
    result.put("department", user.department());
    result.put("accountEnabled", user.accountEnabled());
    result.put("manager", directory.manager(user.id()).map(User::userPrincipalName).orElse(null));
    result.put(
        "memberOf",
        directory.memberOfIds(user.id()).stream()
            .map(id -> directory.group(id).map(Group::displayName).orElse(id))
            .sorted()
            .toList());
    return result;
  }
}
