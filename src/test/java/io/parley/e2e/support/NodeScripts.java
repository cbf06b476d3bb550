package io.parley.e2e.support;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the Node scripts of {@code src/test/node} against a test node, with the npm packages they use installed once
 * into {@code target/node-e2e} (npm's own client and registry, at test time only, never at server run time).
 */
public final class NodeScripts {
  private static final Path PREFIX = Path.of("target", "node-e2e");
  private static final Path SCRIPTS = Path.of("src", "test", "node");
  /** What the scripts require; sockjs-client comes with the bridge client. */
  private static final String PACKAGE = "@vertx/eventbus-bridge-client.js@1.0.0";

  private NodeScripts() {
  }

  /** Installs the scripts' packages unless a previous run did. */
  public static void install() throws Exception {
    if (Files.isDirectory(PREFIX.resolve("node_modules/@vertx/eventbus-bridge-client.js"))) {
      return;
    }
    Files.createDirectories(PREFIX);
    Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", PACKAGE)
        .directory(PREFIX.toFile()).redirectErrorStream(true).start();
    String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(npm.waitFor(120, TimeUnit.SECONDS) && npm.exitValue() == 0).as("npm install: %s", output).isTrue();
  }

  /** Runs {@code script} with {@code env} and {@code PARLEY_URL}; fails with its output unless it exits 0. */
  public static String run(String script, int port, Map<String, String> env) throws Exception {
    ProcessBuilder node = new ProcessBuilder("node", SCRIPTS.resolve(script).toString()).redirectErrorStream(true);
    node.environment().put("NODE_PATH", PREFIX.resolve("node_modules").toAbsolutePath().toString());
    node.environment().put("PARLEY_URL", "http://127.0.0.1:" + port);
    node.environment().putAll(env);
    Process process = node.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("node exits: %s", output).isTrue();
    assertThat(process.exitValue()).as("node output: %s", output).isZero();
    return output;
  }
}
