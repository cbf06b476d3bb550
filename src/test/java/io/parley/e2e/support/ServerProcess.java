package io.parley.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A node in a JVM of its own ({@code java -cp <test classpath> io.parley.Main} with {@code -D} overrides), so a
 * test can kill it with SIGKILL and start it again on the same data directory. Each start takes a new free port.
 */
public final class ServerProcess implements AutoCloseable {
  /**
   * A clustered node's first start creates the Cassandra schema, one table at a time with schema agreement after
   * each; on a loaded 2-core machine (load average 10 to 14) start-up took over 60 s twice.
   */
  static final Duration STARTUP = Duration.ofSeconds(120);

  private final TestConfig config;
  private final Path workDir = TempDirs.create("parley-e2e-process");
  private final Path dataDir = workDir.resolve("data");
  private final Map<String, String> environment = new HashMap<>();
  private boolean portByEnvironment;
  private Process process;
  private int port;
  private int starts;

  public ServerProcess(TestConfig config) {
    this.config = config.copy();
  }

  /** Starts the node and returns once {@code GET /health} answers 200. */
  public ServerProcess start() {
    return start(STARTUP);
  }

  /** As {@link #start()}, allowing {@code within} for it, e.g. for a first node that creates the schema. */
  public ServerProcess start(Duration within) {
    launch();
    awaitHealthy(within);
    return this;
  }

  /** Starts the node and waits for it to exit by itself, as one refusing its config does; returns the exit code. */
  public int runToExit() throws InterruptedException {
    launch();
    if (!process.waitFor(STARTUP.toSeconds(), TimeUnit.SECONDS)) {
      throw new IllegalStateException("server still running after " + STARTUP + ":\n" + output());
    }
    return process.exitValue();
  }

  /** An environment variable for the node; the test JVM's own {@code PARLEY_} variables never reach it. */
  public ServerProcess environment(String name, String value) {
    environment.put(name, value);
    return this;
  }

  /** Hands the node its port as {@code PARLEY_HTTP_PORT} instead of {@code -Dhttp.port}, which would win over it. */
  public ServerProcess portByEnvironment() {
    portByEnvironment = true;
    return this;
  }

  private void launch() {
    port = FreePort.pick();
    starts++;
    TestConfig flags = config.copy().set("metrics.port", FreePort.pick()).set("storage.dataDir", dataDir.toString());
    Map<String, String> env = new HashMap<>(environment);
    if (portByEnvironment) {
      env.put("PARLEY_HTTP_PORT", String.valueOf(port));
    } else {
      flags.set("http.port", port);
    }
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-cp", testClasspath()));
    command.addAll(flags.toSystemProperties());
    command.add("io.parley.Main");
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(workDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log().toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("PARLEY_"));
    builder.environment().putAll(env);
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SIGKILL: no shutdown hook, no flush, no goodbye. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGTERM, as an orchestrator stops a node: the shutdown hook runs. Returns at once. */
  public void terminate() {
    process.destroy();
  }

  /** Waits for the process to end after {@link #terminate()}; false if it still runs after {@code timeout}. */
  public boolean awaitExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public ServerProcess restart() throws InterruptedException {
    kill();
    return start();
  }

  public int port() {
    return port;
  }

  /** The output of the latest start, for failure messages. */
  public String output() {
    try {
      return Files.readString(log());
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null) {
      kill();
    }
    TempDirs.deleteQuietly(workDir);
  }

  private void awaitHealthy(Duration within) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
        .timeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("server exited with " + process.exitValue() + ":\n" + output());
      }
      try {
        if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sleep(100);
    }
    throw new IllegalStateException("server not healthy within " + within + ":\n" + output());
  }

  private Path log() {
    return workDir.resolve("server-" + starts + ".log");
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Surefire may hide the real classpath behind a manifest-only jar; either works for a child JVM. */
  private static String testClasspath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
