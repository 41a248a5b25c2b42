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
import io.entraid.emulator.graph.GraphError;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Demo mode only: copies the emulated directory into Camunda once at start (a full directory sync,
 * so the Entra group {@code Approvers}, the candidate group of the approval task, is a synced
 * Camunda group), lets the local admin user {@code demo} approve (a local member of that synced
 * group, which later syncs leave in place), and shows what the processes did to the emulated
 * directory at {@code /demo/directory/users/{idOrUpn}} (HTTP Basic, like the REST API). Admins
 * (group {@code camunda-admin}) may also change the emulated directory there, as an HR system or an
 * administrator would change Entra ID, to see the directory triggers start processes: create
 * ({@code POST /demo/directory/users}), change ({@code PATCH .../{idOrUpn}}, Graph's user
 * properties plus {@code manager}: a user principal name, or null to remove it) and delete ({@code
 * DELETE}) users. The changes go into the emulator's directory, so Graph's delta queries report
 * them as they would report a change in Entra ID. None of this exists outside demo mode: with a
 * real tenant, the Entra admin center shows and changes the directory instead.
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

  /** Creates a user: userPrincipalName and displayName required, enabled unless told otherwise. */
  @PostMapping("/demo/directory/users")
  ResponseEntity<?> createUser(@RequestBody Map<String, Object> body) {
    return change(
        HttpStatus.CREATED,
        () -> {
          Map<String, Object> properties = new LinkedHashMap<>(body);
          properties.putIfAbsent("accountEnabled", true);
          if (properties.get("userPrincipalName") instanceof String upn && upn.contains("@")) {
            properties.putIfAbsent("mailNickname", upn.substring(0, upn.indexOf('@')));
          }
          Object manager = properties.remove("manager");
          User created = emulator.directory().createUser(properties);
          if (manager != null) setManager(created.id(), manager);
          return created.id();
        });
  }

  @PatchMapping("/demo/directory/users/{user}")
  ResponseEntity<?> updateUser(@PathVariable String user, @RequestBody Map<String, Object> body) {
    return change(
        HttpStatus.OK,
        () -> {
          String id = emulator.directory().user(user).orElseThrow(() -> notFound(user)).id();
          Map<String, Object> properties = new LinkedHashMap<>(body);
          boolean managerGiven = properties.containsKey("manager");
          Object manager = properties.remove("manager");
          if (!properties.isEmpty()) emulator.directory().updateUser(id, properties);
          if (managerGiven) setManager(id, manager);
          return id;
        });
  }

  /** A soft delete, as Entra ID's: the user can be restored from the deleted items. */
  @DeleteMapping("/demo/directory/users/{user}")
  ResponseEntity<?> deleteUser(@PathVariable String user) {
    if (!admin()) return forbidden();
    try {
      emulator.directory().deleteUser(user);
      return ResponseEntity.noContent().build();
    } catch (GraphError e) {
      return refused(e);
    }
  }

  private void setManager(String userId, Object manager) {
    if (manager == null) {
      if (emulator.directory().manager(userId).isPresent()) {
        emulator.directory().removeManager(userId);
      }
    } else {
      String managerId =
          emulator
              .directory()
              .user(manager.toString())
              .orElseThrow(() -> notFound(manager.toString()))
              .id();
      emulator.directory().setManager(userId, managerId);
    }
  }

  /** Runs a change for an admin; answers the user as it is now, or why the directory refused. */
  private ResponseEntity<?> change(HttpStatus status, Supplier<String> change) {
    if (!admin()) return forbidden();
    try {
      String id = change.get();
      return ResponseEntity.status(status)
          .body(describe(emulator.directory().user(id).orElseThrow(() -> notFound(id))));
    } catch (GraphError e) {
      return refused(e);
    }
  }

  private boolean admin() {
    Authentication who = identity.getCurrentAuthentication();
    return who != null
        && who.getGroupIds() != null
        && who.getGroupIds().contains(Groups.CAMUNDA_ADMIN);
  }

  private static ResponseEntity<?> forbidden() {
    return ResponseEntity.status(HttpStatus.FORBIDDEN)
        .body(
            Map.of(
                "error",
                "Only members of '"
                    + Groups.CAMUNDA_ADMIN
                    + "' may change the emulated directory."));
  }

  private static ResponseEntity<?> refused(GraphError e) {
    return ResponseEntity.status(e.status()).body(Map.of("error", e.getMessage()));
  }

  private static GraphError notFound(String user) {
    return new GraphError(
        404, "Request_ResourceNotFound", "No user '" + user + "' in the directory.");
  }

  private Map<String, Object> describe(User user) {
    var directory = emulator.directory();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("id", user.id());
    result.put("userPrincipalName", user.userPrincipalName());
    result.put("displayName", user.displayName());
    result.put("department", user.department());
    result.put("jobTitle", user.jobTitle());
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
