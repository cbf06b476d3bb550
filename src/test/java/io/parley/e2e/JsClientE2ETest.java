package io.parley.e2e;

import io.parley.e2e.support.NodeScript;
import io.parley.e2e.support.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The JavaScript client library's own suite ({@code node --test clients/js/test/}) against real nodes: one with the
 * test defaults, one with fast presence and a low frame rate, one that sheds sends (a pending-send cap of 1).
 */
@DisplayName("JavaScript client library: its node suite against real nodes")
class JsClientE2ETest {
  @RegisterExtension
  static final TestServer server = TestServer.shared();

  @RegisterExtension
  static final TestServer tuned = TestServer.withConfig(config -> config
      .set("presence.heartbeatIntervalSeconds", 1)
      .set("presence.offlineAfterSeconds", 2)
      .set("gateway.messagesPerSecond", 5)
      .set("gateway.messageBurst", 5));

  @RegisterExtension
  static final TestServer busy = TestServer.withConfig(config -> config.set("gateway.maxPendingSends", 1));

  @Test
  @DisplayName("node --test clients/js/test/ passes")
  void nodeSuite() throws Exception {
    Path client = Path.of("clients", "js");
    NodeScript.installPackages(client);
    NodeScript.named("js-client-tests")
        // Node 20 has WebSocket behind this flag; the files are named so the shared support.js is not run as one
        .args("--experimental-websocket", "--test", "--test-reporter=spec")
        .args(NodeScript.files(client.resolve("test"), ".test.js"))
        .env("PARLEY_URL", NodeScript.url(server.port()))
        .env("PARLEY_TUNED_URL", NodeScript.url(tuned.port()))
        .env("PARLEY_BUSY_URL", NodeScript.url(busy.port()))
        .runAndExpectSuccess(Duration.ofMinutes(5));
  }
}
