package io.entraid.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * A private PostgreSQL for the sync benchmarks, started and stopped by the example app's scripts
 * ({@code example-process/scripts/start-postgres.sh}, Debian's package, installed when missing):
 * data in {@code benchmarks/target/pg}, a free port, stopped on {@link #close} and when the harness
 * is interrupted. Each run gets a fresh database ({@link #fresh}).
 */
final class Postgres implements AutoCloseable {
  static final String USER = "camunda";
  static final String PASSWORD = "camunda";

  private final Path scripts;
  private final Path data;
  private final int port;
  private final Thread stopOnExit;

  private Postgres(Path scripts, Path data, int port) {
    this.scripts = scripts;
    this.data = data;
    this.port = port;
    this.stopOnExit = new Thread(this::stop, "postgres-stop");
  }

  /**
   * @param target the benchmarks module's target directory (the jar's)
   */
  static Postgres start(Path target) throws IOException, InterruptedException {
    Path scripts =
        target.toAbsolutePath().getParent().resolveSibling("example-process").resolve("scripts");
    if (!Files.isRegularFile(scripts.resolve("start-postgres.sh"))) {
      throw new IllegalStateException(
          "PostgreSQL is started by "
              + scripts.resolve("start-postgres.sh")
              + ", which is missing: run the harness from the project's checkout, or pass"
              + " --databases h2");
    }
    Postgres pg = new Postgres(scripts, target.resolve("pg").toAbsolutePath(), freePort());
    Runtime.getRuntime().addShutdownHook(pg.stopOnExit);
    try {
      pg.script("start-postgres.sh");
    } catch (IOException | RuntimeException e) {
      pg.close();
      throw e;
    }
    return pg;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/camunda";
  }

  /** Empties the database: the next engine creates its schema anew. */
  void fresh() throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl(), USER, PASSWORD);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA public CASCADE");
      s.execute("CREATE SCHEMA public");
    }
  }

  String version() throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl(), USER, PASSWORD);
        Statement s = c.createStatement();
        var rs = s.executeQuery("SHOW server_version")) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook stops it
      return;
    }
    stop();
  }

  private void stop() {
    try {
      script("stop-postgres.sh");
    } catch (IOException | RuntimeException e) {
      Benchmarks.progress("could not stop PostgreSQL in " + data + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void script(String name) throws IOException, InterruptedException {
    Path log = data.resolveSibling("pg-" + name + ".log");
    Files.createDirectories(log.getParent());
    ProcessBuilder builder =
        new ProcessBuilder("bash", scripts.resolve(name).toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("EXAMPLE_PG_PORT", String.valueOf(port));
    builder.environment().put("EXAMPLE_PG_DATA", data.toString());
    Process process = builder.start();
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException(name + " did not finish within 10 min; see " + log);
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          name + " failed (exit code " + process.exitValue() + "): " + Files.readString(log));
    }
  }
}
