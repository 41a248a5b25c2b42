package io.entraid.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged app ({@code target/example-process.jar}) started with {@code java -jar} as a child
 * process, as a user would, on a free port; its console goes to {@code target/it-logs/<name>.log}.
 */
final class ExampleApp implements AutoCloseable {
  private final Process process;
  private final Path log;
  final Rest rest;

  private ExampleApp(Process process, Path log, Rest rest) {
    this.process = process;
    this.log = log;
    this.rest = rest;
  }

  /**
   * Starts the jar with the given environment additions, JVM options and arguments, and waits until
   * its REST API answers; {@link #rest} logs in as ADMIN_USER/ADMIN_PASSWORD if given, else as
   * demo/demo.
   */
  static ExampleApp start(
      String name, Map<String, String> env, List<String> jvmOptions, List<String> args) {
    int port = freePort();
    Process process = launch(name, port, env, jvmOptions, args);
    ExampleApp app =
        new ExampleApp(
            process,
            logFile(name),
            new Rest("http://127.0.0.1:" + port)
                .as(
                    env.getOrDefault("ADMIN_USER", "demo"),
                    env.getOrDefault("ADMIN_PASSWORD", "demo")));
    try {
      app.awaitReady(Duration.ofSeconds(240));
    } catch (AssertionError | RuntimeException e) {
      app.close(); // a start that failed leaves no process behind
      throw e;
    }
    return app;
  }

  /**
   * Starts the jar expecting it to refuse to start; returns its console output once it has exited.
   */
  static String refusedStart(String name, Map<String, String> env, List<String> args) {
    return refusedStart(name, env, List.of(), args);
  }

  /**
   * Starts the jar with JVM options, expecting it to stop by itself (refused, or halted by a test
   * hook); returns its console output once it has exited.
   */
  static String refusedStart(
      String name, Map<String, String> env, List<String> jvmOptions, List<String> args) {
    Process process = launch(name, freePort(), env, jvmOptions, args);
    try {
      assertThat(process.waitFor(120, TimeUnit.SECONDS))
          .as("the app was expected to stop by itself")
          .isTrue();
      assertThat(process.exitValue()).isNotZero();
      return Files.readString(logFile(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      process.destroyForcibly();
    }
  }

  private static Path logFile(String name) {
    return Path.of(System.getProperty("example.logs", "target/it-logs")).resolve(name + ".log");
  }

  private static Process launch(
      String name, int port, Map<String, String> env, List<String> jvmOptions, List<String> args) {
    Path log = logFile(name);
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-jar",
            System.getProperty("example.jar", "target/example-process.jar"),
            "--server.port=" + port,
            // Tests do not wait for the job executor's idle back-off or for the real retention
            // period.
            "--camunda.bpm.job-execution.wait-time-in-millis=200",
            "--camunda.bpm.job-execution.max-wait=500",
            "--example.offboarding.retention=PT2S"));
    command.addAll(args);
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      builder
          .environment()
          .keySet()
          .removeIf(k -> k.startsWith("ENTRA_") || k.startsWith("ADMIN_"));
      builder.environment().putAll(env);
      Process process = builder.start();
      // stopped with this JVM too, e.g. when a test run is cancelled
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitReady(Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      assertThat(process.isAlive())
          .as("the app stopped during start-up; see %s:%n%s", log, tail())
          .isTrue();
      // Ready once the start-up report (the last thing the app logs) is out and the REST API
      // answers.
      if (log().contains("Log in at ") && rest.status("/engine-rest/engine") == 200) return;
      sleep(250);
    }
    throw new AssertionError(
        "the app did not start within " + timeout + "; see " + log + ":\n" + tail());
  }

  /** Waits until the app has stopped by itself (e.g. a test hook halted it); its exit code. */
  int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
        throw new AssertionError("the app did not stop within " + timeout + "; see " + log);
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  boolean alive() {
    return process.isAlive();
  }

  Path logFile() {
    return log;
  }

  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "";
    }
  }

  private String tail() {
    String text = log();
    return text.substring(Math.max(0, text.length() - 4000));
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
