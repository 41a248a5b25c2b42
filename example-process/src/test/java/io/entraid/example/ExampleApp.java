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

  /** Starts the jar with the given environment additions, JVM options and arguments, and waits until its REST API answers. */
  static ExampleApp start(String name, Map<String, String> env, List<String> jvmOptions, List<String> args) {
    ExampleApp app = launch(name, env, jvmOptions, args);
    app.awaitReady(Duration.ofSeconds(120));
    return app;
  }

  /** Starts the jar as {@link #start} does, for a start that must fail; returns its console once it has exited. */
  static String failedStart(String name, Map<String, String> env, List<String> args) {
    ExampleApp app = launch(name, env, List.of(), args);
    try {
      assertThat(app.process.waitFor(120, TimeUnit.SECONDS)).as("the app should have stopped; see %s", app.log).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      app.close();
    }
    assertThat(app.process.exitValue()).as("exit code; see %s", app.log).isNotZero();
    return app.log();
  }

  private static ExampleApp launch(String name, Map<String, String> env, List<String> jvmOptions, List<String> args) {
    int port = freePort();
    Path logs = Path.of(System.getProperty("example.logs", "target/it-logs"));
    Path log = logs.resolve(name + ".log");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", System.getProperty("example.jar", "target/example-process.jar"),
        "--server.port=" + port,
        // Tests do not wait for the job executor's idle back-off or for the real retention period.
        "--camunda.bpm.job-execution.wait-time-in-millis=200", "--camunda.bpm.job-execution.max-wait=500",
        "--example.offboarding.retention=PT2S"));
    command.addAll(args);
    try {
      Files.createDirectories(logs);
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().keySet().removeIf(k -> k.startsWith("ENTRA_"));
      builder.environment().putAll(env);
      return new ExampleApp(builder.start(), log, new Rest("http://127.0.0.1:" + port));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitReady(Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      assertThat(process.isAlive()).as("the app stopped during start-up; see %s:%n%s", log, tail()).isTrue();
      // Ready once the start-up report (the last thing the app logs) is out and the REST API answers.
      if (log().contains("Log in at ") && rest.status("/engine-rest/engine") == 200) return;
      sleep(250);
    }
    throw new AssertionError("the app did not start within " + timeout + "; see " + log + ":\n" + tail());
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
