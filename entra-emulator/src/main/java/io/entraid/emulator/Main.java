package io.entraid.emulator;

import io.entraid.emulator.tls.ClientCertificate;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CountDownLatch;

/**
 * Command line: {@code java -jar entra-emulator.jar [--port N] [--users N] [--groups N] [--seed N]
 * [--latency-ms N] [--throttle-percent N] [--directory FILE] [--secret-expires-in-days N]}. Prints
 * the connection settings, one {@code Key=value} per line, and serves until killed (a shutdown hook
 * closes the emulator and deletes the trust store).
 */
public final class Main {
  static final String USAGE =
      "usage: java -jar entra-emulator.jar [--port N] [--users N] [--groups N] [--seed N]"
          + " [--latency-ms N] [--throttle-percent N] [--directory FILE]"
          + " [--secret-expires-in-days N] [--certificate-file FILE]"
          + " [--federated-token-file FILE [--federated-subject SUBJECT]]";

  /** The subject of the federated credential --federated-token-file registers, unless given. */
  static final String DEFAULT_SUBJECT = "system:serviceaccount:camunda:engine";

  /** Credentials the command line registers on the default app after start. */
  record Credentials(Path certificateFile, Path federatedTokenFile, String federatedSubject) {}

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    EntraEmulator.Builder builder;
    Credentials credentials;
    try {
      builder = parse(args);
      credentials = credentials(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage() + " - " + USAGE);
      System.exit(2);
      return;
    }
    EntraEmulator emu = builder.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  emu.close();
                  stopped.countDown();
                },
                "entra-emulator-shutdown"));
    print(emu, System.out);
    try {
      register(emu, credentials, System.out);
    } catch (IOException e) {
      System.err.println("Cannot write a credential file: " + e.getMessage());
      System.exit(1);
    }
    stopped.await();
  }

  /**
   * Registers what the flags ask for on the default app and prints the connection key for each:
   * {@code ClientCertificate=} (a new self-signed certificate, key and certificate as PEM, valid
   * for a year) and {@code ClientAssertionFile=} (a federated credential for the emulator's own
   * issuer and a token from it, valid for an hour).
   */
  static void register(EntraEmulator emu, Credentials credentials, PrintStream out)
      throws IOException {
    Instant now = Instant.now();
    if (credentials.certificateFile() != null) {
      ClientCertificate cert =
          ClientCertificate.create(
              "entra-emulator client",
              now.minus(1, ChronoUnit.DAYS),
              now.plus(365, ChronoUnit.DAYS));
      cert.writePem(credentials.certificateFile());
      emu.defaultApp().addCertificate(cert.certificate());
      out.println("ClientCertificate=" + credentials.certificateFile().toAbsolutePath());
    }
    if (credentials.federatedTokenFile() != null) {
      emu.defaultApp()
          .addFederatedCredential(
              "command line", emu.federation().issuer(), credentials.federatedSubject());
      Files.writeString(
          credentials.federatedTokenFile(),
          emu.federation()
              .token(
                  credentials.federatedSubject(),
                  AppRegistration.TOKEN_EXCHANGE_AUDIENCE,
                  now,
                  Duration.ofHours(1)));
      out.println("ClientAssertionFile=" + credentials.federatedTokenFile().toAbsolutePath());
    }
    out.flush();
  }

  static Credentials credentials(String[] args) {
    Path certificate = null;
    Path token = null;
    String subject = DEFAULT_SUBJECT;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--certificate-file" -> certificate = Path.of(args[i + 1]);
        case "--federated-token-file" -> token = Path.of(args[i + 1]);
        case "--federated-subject" -> subject = args[i + 1];
        default -> {
          // the emulator's own settings, parsed by parse()
        }
      }
    }
    return new Credentials(certificate, token, subject);
  }

  static void print(EntraEmulator emu, PrintStream out) {
    out.println("TenantID=" + emu.tenantId());
    out.println("ClientID=" + emu.clientId());
    out.println("ClientSecret=" + emu.clientSecret());
    out.println("AuthorityHost=" + emu.authorityHost());
    out.println("GraphEndpoint=" + emu.graphEndpoint());
    out.println("TrustStore=" + emu.trustStorePath().toAbsolutePath());
    out.println("TrustStorePassword=" + emu.trustStorePassword());
    out.flush();
  }

  static EntraEmulator.Builder parse(String[] args) {
    EntraEmulator.Builder b = EntraEmulator.builder();
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value for " + flag);
      }
      String value = args[++i];
      switch (flag) {
        case "--port" -> b.port(number(flag, value, 0, 65535));
        case "--users" -> b.users(number(flag, value, 0, 10_000_000));
        case "--groups" -> b.groups(number(flag, value, 0, 1_000_000));
        case "--seed" -> {
          try {
            b.seed(Long.parseLong(value));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--seed needs a number, got '" + value + "'");
          }
        }
        case "--latency-ms" -> b.latencyMs(number(flag, value, 0, 600_000));
        case "--throttle-percent" -> b.throttlePercent(number(flag, value, 0, 100));
        case "--directory" -> {
          Path p = Path.of(value);
          if (!Files.isReadable(p)) {
            throw new IllegalArgumentException("--directory: cannot read '" + value + "'");
          }
          b.directoryFile(p);
        }
        case "--secret-expires-in-days" ->
            b.secretEndDateTime(
                Instant.now().plus(number(flag, value, -3650, 3650), ChronoUnit.DAYS));
        case "--certificate-file", "--federated-token-file", "--federated-subject" -> {
          // registered after start, see credentials()
        }
        default -> throw new IllegalArgumentException("unknown option '" + flag + "'");
      }
    }
    return b;
  }

  private static int number(String flag, String value, int min, int max) {
    try {
      int n = Integer.parseInt(value);
      if (n < min || n > max) {
        throw new IllegalArgumentException(
            flag + " must be between " + min + " and " + max + ", got " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " needs a number, got '" + value + "'");
    }
  }
}
