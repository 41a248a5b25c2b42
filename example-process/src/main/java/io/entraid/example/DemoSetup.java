package io.entraid.example;

import io.entraid.emulator.EntraEmulator;
import io.entraid.emulator.Group;
import io.entraid.emulator.User;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
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
 * Demo mode only: lets the admin user {@code demo} approve access requests (member of the Camunda
 * group {@code Approvers}, the candidate group of the approval task), and shows what the processes did
 * to the emulated directory, read-only, at {@code /demo/directory/users/{idOrUpn}} (HTTP Basic, like
 * the REST API). With a real tenant, the Entra admin center shows this instead.
 */
@RestController
@ConditionalOnProperty(name = DemoEmulatorInitializer.MODE_PROPERTY, havingValue = "demo")
class DemoSetup {
  static final String APPROVERS = "Approvers";
  private static final Logger LOG = LoggerFactory.getLogger(DemoSetup.class);

  private final EntraEmulator emulator;
  private final IdentityService identity;

  DemoSetup(@Qualifier(DemoEmulatorInitializer.EMULATOR_BEAN) EntraEmulator emulator, IdentityService identity) {
    this.emulator = emulator;
    this.identity = identity;
  }

  @EventListener(ApplicationReadyEvent.class)
  @Order(0)
  void approvers() {
    String admin = "demo";
    if (identity.createGroupQuery().groupId(APPROVERS).count() == 0) {
      var group = identity.newGroup(APPROVERS);
      group.setName(APPROVERS);
      group.setType("WORKFLOW");
      identity.saveGroup(group);
    }
    if (identity.createUserQuery().userId(admin).memberOfGroup(APPROVERS).count() == 0
        && identity.createUserQuery().userId(admin).count() == 1) {
      identity.createMembership(admin, APPROVERS);
      LOG.info("Demo: user '{}' is a member of the Camunda group '{}' and can approve access requests.", admin, APPROVERS);
    }
  }

  @GetMapping("/demo/directory/users/{user}")
  ResponseEntity<Map<String, Object>> user(@PathVariable String user) {
    return emulator.directory().user(user).map(u -> ResponseEntity.ok(describe(u))).orElse(ResponseEntity.notFound().build());
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
    result.put("memberOf", directory.memberOfIds(user.id()).stream()
        .map(id -> directory.group(id).map(Group::displayName).orElse(id)).sorted().toList());
    return result;
  }
}
