package io.entraid.connector.core.operation;

import io.entraid.connector.core.connection.ConnectionDefinition;
import io.entraid.connector.core.connection.ConnectionOptions;
import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.connection.EntraIdConnectionType;
import io.entraid.emulator.AppRegistration;
import io.entraid.emulator.EntraEmulator;
import io.entraid.emulator.RecordedRequest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Connections to an emulator for operation tests. */
public final class EmulatorFixture {
  private EmulatorFixture() {}

  /** A connection with the emulator's default app, which holds every Graph role. */
  public static EntraConnection connect(EntraEmulator emulator) {
    return connect(emulator, emulator.clientId(), emulator.clientSecret());
  }

  /** A connection with a new app that holds only {@code roles}. */
  public static EntraConnection connectWithRoles(EntraEmulator emulator, String... roles) {
    AppRegistration app = emulator.registerApp("limited-" + UUID.randomUUID(), Set.of(roles));
    return connect(emulator, app.clientId(), app.secret().value());
  }

  static EntraConnection connect(EntraEmulator emulator, String clientId, String secret) {
    ConnectionDefinition definition = new ConnectionDefinition("test", "EntraID", Map.of(
        "TenantID", emulator.tenantId(), "ClientID", clientId, "ClientSecret", secret,
        "AuthorityHost", emulator.authorityHost(), "GraphEndpoint", emulator.graphEndpoint()));
    return EntraConnection.create(EntraIdConnectionType.validate(definition),
        ConnectionOptions.DEFAULTS.withSslContext(emulator.sslContext()));
  }

  /** The Graph requests the emulator received (token requests left out). */
  public static List<RecordedRequest> graphRequests(EntraEmulator emulator) {
    return emulator.requests().stream().filter(r -> r.path().startsWith("/v1.0/")).toList();
  }
}
