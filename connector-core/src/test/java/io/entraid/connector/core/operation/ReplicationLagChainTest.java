package io.entraid.connector.core.operation;

import static org.assertj.core.api.Assertions.assertThat;

import io.entraid.connector.core.GraphListener;
import io.entraid.connector.core.connection.ConnectionDefinition;
import io.entraid.connector.core.connection.ConnectionOptions;
import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.connection.EntraIdConnectionType;
import io.entraid.connector.core.graph.GraphClientOptions;
import io.entraid.connector.core.graph.GraphErrorCategory;
import io.entraid.connector.core.graph.GraphException;
import io.entraid.emulator.EntraEmulator;
import io.entraid.emulator.Group;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The onboarding chain against an eventually consistent directory (emulator fault replicationLag,
 * after devblogs.microsoft.com/identity/designing-for-eventual-consistency-for-microsoft-entra and
 * group-post-members.md): every step right after the one before, with a 3-second lag; each step
 * must end as it would without lag.
 */
class ReplicationLagChainTest {
  static final int LAG_MS = 3_000;
  static EmulatorFixture fixture;
  static EntraConnection connection;
  static final AtomicInteger replicationWaits = new AtomicInteger();

  @BeforeAll
  static void start() {
    fixture = new EmulatorFixture(10, 3);
    EntraEmulator emu = fixture.emulator();
    GraphListener counting =
        new GraphListener() {
          @Override
          public void onReplicationWait(String operation, Duration wait) {
            replicationWaits.incrementAndGet();
          }
        };
    ConnectionDefinition definition =
        new ConnectionDefinition(
            "lagging",
            "EntraID",
            Map.of(
                "TenantID",
                emu.tenantId(),
                "ClientID",
                emu.clientId(),
                "ClientSecret",
                emu.clientSecret(),
                "AuthorityHost",
                emu.authorityHost(),
                "GraphEndpoint",
                emu.graphEndpoint()));
    connection =
        EntraConnection.create(
            EntraIdConnectionType.validate(definition),
            ConnectionOptions.DEFAULTS
                .withSslContext(emu.sslContext())
                .withGraph(GraphClientOptions.DEFAULTS)
                .withListener(counting));
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @AfterEach
  void reset() {
    fixture.emulator().faults().reset();
    replicationWaits.set(0);
  }

  @SuppressWarnings("unchecked")
  @Test
  void createUserSetManagerAddGroupMembersCheckMembershipWithAThreeSecondLag() {
    EntraEmulator emu = fixture.emulator();
    String managerUpn = emu.directory().users().get(0).userPrincipalName();
    Group group = emu.directory().groups().get(0);
    emu.faults().replicationLag(LAG_MS);
    String upn =
        "new.joiner."
            + UUID.randomUUID().toString().substring(0, 6)
            + "@"
            + emu.directory().defaultDomain();

    Map<String, Object> created =
        (Map<String, Object>)
            fixture
                .run(
                    connection,
                    "createUser",
                    Map.of("userPrincipalName", upn, "givenName", "New", "surname", "Joiner"))
                .result();
    String userId = (String) created.get("id");
    fixture.run(connection, "setManager", Map.of("user", userId, "manager", managerUpn));
    fixture.run(
        connection, "addGroupMembers", Map.of("group", group.id(), "members", List.of(userId)));
    Object isMember =
        fixture
            .run(
                connection,
                "checkGroupMembership",
                Map.of("user", userId, "groups", List.of(group.id()), "mode", "all"))
            .result();

    assertThat(isMember).isEqualTo(true);
    assertThat(emu.directory().manager(userId).orElseThrow().userPrincipalName())
        .isEqualToIgnoringCase(managerUpn);
    assertThat(emu.directory().memberIds(group.id())).contains(userId);
    assertThat(replicationWaits.get()).as("the lag was waited for, and counted").isPositive();
  }

  /**
   * A fresh membership is missing from checkMemberGroups for the lag; the connection that added it
   * reads again.
   */
  @Test
  void aMembershipCheckRightAfterAddingReadsItsOwnWrite() {
    EntraEmulator emu = fixture.emulator();
    String userId = emu.directory().users().get(3).id();
    Group group = emu.directory().groups().get(1);
    emu.faults().replicationLag(1_000);
    fixture.run(
        connection, "addGroupMembers", Map.of("group", group.id(), "members", List.of(userId)));
    assertThat(
            fixture
                .run(
                    connection,
                    "checkGroupMembership",
                    Map.of("user", userId, "groups", List.of(group.id())))
                .result())
        .isEqualTo(true);
    assertThat(replicationWaits.get()).isPositive();
    assertThat(fixture.graphRequests())
        .filteredOn(r -> r.path().endsWith("/checkMemberGroups"))
        .hasSizeGreaterThan(1);
  }

  /**
   * A user that does not exist is still NOT_FOUND, after the bounded window, not a wait without
   * end.
   */
  @Test
  void aRealNotFoundEndsAfterTheWindow() {
    EntraConnection shortWindow =
        fixture.connection(
            GraphClientOptions.DEFAULTS.withReplicationWindow(Duration.ofSeconds(2)));
    String missing = UUID.randomUUID().toString();
    GraphException e =
        fixture.failure(
            shortWindow,
            GraphErrorCategory.NOT_FOUND,
            "setManager",
            Map.of("user", missing, "manager", fixture.emulator().directory().users().get(1).id()));
    assertThat(e.getMessage()).contains(missing);
    assertThat(fixture.graphRequests())
        .filteredOn(r -> r.path().endsWith("/manager/$ref"))
        .hasSize(3);
  }
}
