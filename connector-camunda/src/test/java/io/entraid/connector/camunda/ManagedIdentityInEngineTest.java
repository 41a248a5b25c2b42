package io.entraid.connector.camunda;

import static org.assertj.core.api.Assertions.assertThat;

import io.entraid.emulator.AppRegistration;
import io.entraid.emulator.EntraEmulator;
import io.entraid.emulator.ManagedIdentityEndpoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ManagedIdentity end to end: the engine runs in a child JVM whose environment has
 * IDENTITY_ENDPOINT and IDENTITY_HEADER pointing at the emulator's App Service managed identity
 * endpoint (plain HTTP on 127.0.0.1), exactly as App Service and Azure Functions set them; MSAL4J
 * finds the endpoint there, and the token works for Graph. The child logs at DEBUG, and neither the
 * identity header nor the access token may appear in its output.
 */
class ManagedIdentityInEngineTest {
  static EntraEmulator emulator;
  static ManagedIdentityEndpoint identity;

  @BeforeAll
  static void start() {
    emulator = EntraEmulator.builder().users(2).seed(21L).start();
    identity = emulator.managedIdentity();
    identity.systemAssigned().roles(Set.of("User.Read.All"));
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  /**
   * One child JVM runs a connection with the system-assigned identity, one with a user-assigned
   * identity and one with a client ID that is not assigned to the resource (a wrong setup).
   */
  @Test
  void systemAndUserAssignedIdentitiesRunProcessesAndAnUnassignedOneIsAnIncident()
      throws Exception {
    AppRegistration uami = identity.addUserAssigned("engine identity", Set.of("User.Read.All"));
    String unassigned = UUID.randomUUID().toString();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    java.toString(),
                    "-Djavax.net.ssl.trustStore=" + emulator.trustStorePath(),
                    "-Djavax.net.ssl.trustStorePassword=" + emulator.trustStorePassword(),
                    "-Djavax.net.ssl.trustStoreType=PKCS12",
                    "-cp",
                    System.getProperty("java.class.path"),
                    ManagedIdentityProcessMain.class.getName(),
                    emulator.graphEndpoint(),
                    emulator.directory().users().get(0).id(),
                    "system=system",
                    "user=" + uami.clientId(),
                    "unassigned=" + unassigned))
            .redirectErrorStream(true);
    builder.environment().put("IDENTITY_ENDPOINT", identity.endpoint());
    builder.environment().put("IDENTITY_HEADER", identity.header());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();

    String upn = emulator.directory().users().get(0).userPrincipalName();
    assertThat(output).as(output).contains("RESULT system ").contains("RESULT user ").contains(upn);
    assertThat(output)
        .contains("INCIDENT unassigned ")
        .contains("No user-assigned managed identity with client ID '" + unassigned + "'");
    assertThat(identity.systemAssigned().tokensIssuedWith("managed-identity")).isEqualTo(1);
    assertThat(uami.tokensIssuedWith("managed-identity")).isEqualTo(1);
    assertThat(output).as("DEBUG logging reached the output").contains("DEBUG");
    assertThat(output).as("the identity header leaked").doesNotContain(identity.header());
  }
}
