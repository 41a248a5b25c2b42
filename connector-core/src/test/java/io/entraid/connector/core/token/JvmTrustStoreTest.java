package io.entraid.connector.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.entraid.emulator.EntraEmulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Proves the production path for self-hosted endpoints: no SSLContext in code, only the JVM's
 * standard -Djavax.net.ssl.trustStore properties. Needs its own JVM, since the default trust store
 * is fixed once per JVM.
 */
class JvmTrustStoreTest {

  @Test
  void tokenIsAcquiredWithTheStandardTrustStoreProperties() throws Exception {
    try (EntraEmulator emulator = EntraEmulator.builder().start()) {
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      Process child =
          new ProcessBuilder(
                  List.of(
                      java.toString(),
                      "-Djavax.net.ssl.trustStore=" + emulator.trustStorePath(),
                      "-Djavax.net.ssl.trustStorePassword=" + emulator.trustStorePassword(),
                      "-Djavax.net.ssl.trustStoreType=PKCS12",
                      "-cp",
                      System.getProperty("java.class.path"),
                      TokenCheckMain.class.getName(),
                      emulator.tenantId(),
                      emulator.clientId(),
                      emulator.authorityHost(),
                      emulator.graphEndpoint()))
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      // The secret travels on stdin, not the command line (which other users of the machine can
      // read).
      child.getOutputStream().write(emulator.clientSecret().getBytes(StandardCharsets.UTF_8));
      child.getOutputStream().close();
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(child.exitValue()).as(out).isZero();
      assertThat(out).contains("Connection 'jvm-trust' works").contains("User.Read.All");
      assertThat(emulator.tokenRequestCount(emulator.clientId())).isEqualTo(1);
    }
  }
}
