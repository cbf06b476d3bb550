package io.parley.e2e.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs a JavaScript test suite with the system's {@code node} (20 or later) against nodes started by the calling
 * test, which it names in environment variables such as {@code PARLEY_URL}; fails with node's whole output when it
 * exits non-zero. Node's output is also written to {@code target/<name>.log}, for a run that passed too, and returned
 * to callers that assert on what the script printed.
 */
public final class NodeScript {
  private final String name;
  private final List<String> arguments = new ArrayList<>();
  private final Map<String, String> environment = new LinkedHashMap<>();

  private NodeScript(String name) {
    this.name = name;
  }

  /** A run logged as {@code target/<name>.log}. */
  public static NodeScript named(String name) {
    return new NodeScript(name);
  }

  public NodeScript args(String... more) {
    arguments.addAll(List.of(more));
    return this;
  }

  public NodeScript env(String variable, String value) {
    environment.put(variable, value);
    return this;
  }

  /**
   * Installs the npm packages of {@code dir} from its committed package-lock.json ({@code npm ci}) unless its
   * node_modules is there: test dependencies only, never fetched by a running server.
   */
  public static void installPackages(Path dir) throws IOException, InterruptedException {
    if (Files.isDirectory(dir.resolve("node_modules"))) {
      return;
    }
    Path log = Path.of("target", "npm-ci-" + dir.getFileName() + ".log");
    Files.createDirectories(log.getParent());
    Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!npm.waitFor(5, TimeUnit.MINUTES)) {
      npm.destroyForcibly().waitFor();
      fail("npm ci in " + dir + " still running after 5 minutes:\n" + output(log));
    }
    assertThat(npm.exitValue()).as("npm ci in %s; its output:\n%s", dir, output(log)).isZero();
  }

  /** The files of {@code dir} whose names end with {@code suffix}, sorted, as arguments. */
  public static String[] files(Path dir, String suffix) throws IOException {
    try (var listing = Files.list(dir)) {
      return listing.map(Path::toString).filter(name -> name.endsWith(suffix)).sorted().toArray(String[]::new);
    }
  }

  /** The base URL of a node listening on loopback {@code port}, as the scripts expect it. */
  public static String url(int port) {
    return "http://127.0.0.1:" + port;
  }

  /** Runs node in the project directory, asserts it exits 0 within {@code timeout} and returns its output. */
  public String runAndExpectSuccess(Duration timeout) throws IOException, InterruptedException {
    Path log = Path.of("target", name + ".log");
    Files.createDirectories(log.getParent());
    List<String> command = new ArrayList<>(List.of("node"));
    command.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    Process process = builder.start();
    if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
      fail("node " + arguments + " still running after " + timeout + ":\n" + output(log));
    }
    String output = output(log);
    assertThat(process.exitValue()).as("node %s exit code; its output:\n%s", arguments, output).isZero();
    return output;
  }

  private static String output(Path log) throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }
}
