package io.entraid.example;

import io.entraid.emulator.EntraEmulator;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An emulator in the test JVM playing the real tenant of packaged apps started in real-tenant mode
 * (ENTRA_* variables, trusted through the JVM's trust store, reached through AuthorityHost and
 * GraphEndpoint), so a test can change the tenant's app registrations as an administrator does in
 * the Entra admin center. The apps get one connection-store key, as the nodes of a cluster do.
 */
final class EmulatorTenant implements AutoCloseable {
  final EntraEmulator emulator;
  // Unique per run: a PostgreSQL database outlives the run, and Camunda keeps an existing admin's
  // password.
  final String admin = "ops" + UUID.randomUUID().toString().substring(0, 8);
  final String adminPassword = "Adm1n-" + UUID.randomUUID();
  private final String storeKey;

  EmulatorTenant(long seed) {
    emulator = EntraEmulator.builder().users(20).groups(5).seed(seed).start();
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    storeKey = Base64.getEncoder().encodeToString(key);
  }

  /** Starts the packaged app on this tenant; {@code args} are added to the tenant's. */
  ExampleApp startApp(String name, String... args) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "--camunda.bpm.plugin.entraid.connections.default.parameters.AuthorityHost="
                    + emulator.authorityHost(),
                "--camunda.bpm.plugin.entraid.connections.default.parameters.GraphEndpoint="
                    + emulator.graphEndpoint(),
                "--camunda.bpm.plugin.entraid.connection-store.key=" + storeKey));
    all.addAll(List.of(args));
    return ExampleApp.start(
        name,
        Map.of(
            "ENTRA_TENANT_ID", emulator.tenantId(),
            "ENTRA_CLIENT_ID", emulator.clientId(),
            "ENTRA_CLIENT_SECRET", emulator.clientSecret(),
            "ADMIN_USER", admin,
            "ADMIN_PASSWORD", adminPassword),
        List.of(
            "-Djavax.net.ssl.trustStore=" + emulator.trustStorePath().toAbsolutePath(),
            "-Djavax.net.ssl.trustStorePassword=" + emulator.trustStorePassword(),
            "-Djavax.net.ssl.trustStoreType=PKCS12"),
        all);
  }

  /** A user of the directory, for tasks that read one. */
  String someUser() {
    return emulator.directory().users().get(0).userPrincipalName();
  }

  @Override
  public void close() {
    emulator.close();
  }
}
