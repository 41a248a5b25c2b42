package io.entraid.connector.camunda.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.entraid.connector.camunda.TestEngines;
import io.entraid.connector.core.sync.DirectoryTarget;
import io.entraid.emulator.EntraEmulator;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several connections sync into one engine's identity service; each owns only the groups its own
 * sync created. Found by the reliability suite (#16): the sync of a second connection, scoped to a
 * group prefix, deleted all 205 groups the sync of {@code default} had created, since every synced
 * group had the same type prefix whatever its connection.
 */
class ConnectionsInOneEngineTest {
  EntraEmulator emulator;
  ProcessEngine engine;
  DirectoryTarget defaults;
  DirectoryTarget hr;

  @BeforeEach
  void start() {
    emulator = EntraEmulator.builder().users(0).groups(0).seed(3L).start();
    engine = TestEngines.start(TestEngines.plugin(emulator));
    var configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    defaults = new CamundaDirectoryTarget(configuration, "default");
    hr = new CamundaDirectoryTarget(configuration, "HR");
  }

  @AfterEach
  void stop() {
    engine.close();
    emulator.close();
  }

  @Test
  void aConnectionsSyncSeesTheGroupsOfAnotherAsForeign() {
    defaults.inTransaction(
        () -> defaults.createGroup(new DirectoryTarget.Group("Sales", "o-1", "Sales")));
    hr.inTransaction(() -> hr.createGroup(new DirectoryTarget.Group("Payroll", "o-2", "Payroll")));

    assertThat(defaults.syncedGroupIds()).containsExactly("Sales");
    assertThat(hr.syncedGroupIds()).containsExactly("Payroll");
    assertThat(hr.isForeignGroup("Sales")).isTrue();
    assertThat(defaults.isForeignGroup("Payroll")).isTrue();
    assertThat(hr.syncedGroup("Sales")).isEmpty();
    assertThat(hr.syncedGroupIdByObjectId("o-1")).isEmpty();
    assertThat(hr.syncedGroup("Payroll"))
        .contains(new DirectoryTarget.Group("Payroll", "o-2", "Payroll"));
    assertThat(defaults.syncedGroupIdByObjectId("o-1")).contains("Sales");
    assertThat(
            engine
                .getIdentityService()
                .createGroupQuery()
                .groupId("Payroll")
                .singleResult()
                .getType())
        .isEqualTo("entraid:hr:o-2");
  }

  /** Groups synced before there were per-connection types stay the default connection's. */
  @Test
  void groupsOfEarlierVersionsBelongToTheDefaultConnection() {
    var old = engine.getIdentityService().newGroup("Finance");
    old.setName("Finance");
    old.setType("entraid:o-3");
    engine.getIdentityService().saveGroup(old);

    assertThat(defaults.syncedGroup("Finance"))
        .contains(new DirectoryTarget.Group("Finance", "o-3", "Finance"));
    assertThat(hr.isForeignGroup("Finance")).isTrue();
    assertThat(hr.syncedGroupIds()).isEmpty();
  }
}
