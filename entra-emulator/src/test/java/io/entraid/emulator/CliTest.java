package io.entraid.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/** Main in a child JVM: the printed settings are all a client needs. */
class CliTest {
  static Process java(String... args) throws Exception {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of(javaBin, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).start();
  }

  @Test
  void printsSettingsThatWorkForTokenAndGraph() throws Exception {
    Process p = java("--users", "12", "--groups", "4", "--seed", "5", "--port", "0");
    try {
      Map<String, String> settings = new LinkedHashMap<>();
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      while (settings.size() < 7) {
        String line = out.readLine();
        assertThat(line).as("emulator output ended early").isNotNull();
        settings.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
      }
      assertThat(settings.keySet())
          .containsExactly(
              "TenantID",
              "ClientID",
              "ClientSecret",
              "AuthorityHost",
              "GraphEndpoint",
              "TrustStore",
              "TrustStorePassword");
      Path store = Path.of(settings.get("TrustStore"));
      assertThat(store.isAbsolute()).isTrue();
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        ks.load(in, settings.get("TrustStorePassword").toCharArray());
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      HttpClient http =
          HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(5)).build();
      String form =
          "grant_type=client_credentials&client_id="
              + settings.get("ClientID")
              + "&client_secret="
              + URLEncoder.encode(settings.get("ClientSecret"), StandardCharsets.UTF_8)
              + "&scope="
              + URLEncoder.encode(
                  settings.get("GraphEndpoint") + "/.default", StandardCharsets.UTF_8);
      HttpResponse<String> token =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          settings.get("AuthorityHost")
                              + "/"
                              + settings.get("TenantID")
                              + "/oauth2/v2.0/token"))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString(form))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(token.statusCode()).isEqualTo(200);
      String accessToken = TestClient.JSON.readTree(token.body()).path("access_token").asText();
      HttpResponse<String> users =
          http.send(
              HttpRequest.newBuilder(URI.create(settings.get("GraphEndpoint") + "/v1.0/users"))
                  .header("Authorization", "Bearer " + accessToken)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(users.statusCode()).isEqualTo(200);
      assertThat(TestClient.JSON.readTree(users.body()).path("value")).hasSize(12);
      p.destroy(); // SIGTERM: the shutdown hook closes the emulator and deletes the trust store
      assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(store).doesNotExist();
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void badArgumentsPrintUsageAndExit2() throws Exception {
    for (String[] args :
        List.of(
            new String[] {"--users", "many"},
            new String[] {"--bogus", "1"},
            new String[] {"--port"},
            new String[] {"--throttle-percent", "101"})) {
      Process p = java(args);
      assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isEqualTo(2);
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      assertThat(err.lines().count()).isEqualTo(1);
      assertThat(err).contains("usage: java -jar entra-emulator.jar");
      assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEmpty();
    }
  }

  @Test
  void secretExpiresInDaysSetsTheDefaultSecretsEndDateTime() {
    Instant before = Instant.now();
    try (EntraEmulator emu = Main.parse(new String[] {"--secret-expires-in-days", "10"}).start()) {
      Instant end = emu.defaultApp().secret().expiresAt();
      assertThat(end)
          .isBetween(before.plus(Duration.ofDays(10)), Instant.now().plus(Duration.ofDays(10)));
    }
    assertThatThrownBy(() -> Main.parse(new String[] {"--secret-expires-in-days", "x"}))
        .hasMessageContaining("--secret-expires-in-days needs a number");
  }

  /**
   * --certificate-file and --federated-token-file register a certificate and a federated credential
   * on the default app and print the connection keys; the files work with MSAL4J.
   */
  @Test
  void registersACertificateAndAFederatedCredential(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path pem = dir.resolve("client.pem");
    Path token = dir.resolve("token.jwt");
    String[] args = {
      "--seed",
      "9",
      "--certificate-file",
      pem.toString(),
      "--federated-token-file",
      token.toString()
    };
    try (EntraEmulator emu = Main.parse(args).start()) {
      java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
      Main.register(
          emu,
          Main.credentials(args),
          new java.io.PrintStream(printed, true, StandardCharsets.UTF_8));
      assertThat(printed.toString(StandardCharsets.UTF_8))
          .isEqualTo(
              "ClientCertificate="
                  + pem.toAbsolutePath()
                  + System.lineSeparator()
                  + "ClientAssertionFile="
                  + token.toAbsolutePath()
                  + System.lineSeparator());
      java.security.cert.X509Certificate written;
      try (InputStream in = Files.newInputStream(pem)) {
        written =
            (java.security.cert.X509Certificate)
                java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
      }
      assertThat(emu.defaultApp().certificates())
          .extracting(AppRegistration.KeyCredential::certificate)
          .containsExactly(written);
      assertThat(Files.readString(pem)).contains("-----BEGIN PRIVATE KEY-----");
      AppRegistration.FederatedCredential fic = emu.defaultApp().federatedCredentials().get(0);
      assertThat(fic.subject()).isEqualTo(Main.DEFAULT_SUBJECT);
      assertThat(
              ClientAssertionTest.msal(
                      emu,
                      emu.clientId(),
                      com.microsoft.aad.msal4j.ClientCredentialFactory.createFromClientAssertion(
                          Files.readString(token)))
                  .acquireToken(
                      com.microsoft.aad.msal4j.ClientCredentialParameters.builder(
                              java.util.Set.of(emu.graphEndpoint() + "/.default"))
                          .build())
                  .get()
                  .accessToken())
          .isNotBlank();
      assertThat(emu.defaultApp().tokensIssuedWith(fic.id())).isEqualTo(1);
    }
  }
}
