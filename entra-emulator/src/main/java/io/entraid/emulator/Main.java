package io.entraid.emulator;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
          + " [--secret-expires-in-days N]";

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    EntraEmulator.Builder builder;
    try {
      builder = parse(args);
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
    stopped.await();
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
