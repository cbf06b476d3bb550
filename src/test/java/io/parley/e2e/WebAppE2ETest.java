package io.parley.e2e;

import io.parley.e2e.support.NodeScript;
import io.parley.e2e.support.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The web app at {@code /} in Debian chromium, driven by playwright-core ({@code src/test/js/webapp.test.js}): users
 * in separate browser contexts chat, go offline and come back. Presence has a 2 s grace here so the dot test is quick.
 * Screenshots of the main screens are left in {@code target/screenshots}.
 */
@DisplayName("Web app: browser tests in chromium against a real node")
class WebAppE2ETest {
  @RegisterExtension
  static final TestServer server = TestServer.withConfig(config -> config
      .set("presence.heartbeatIntervalSeconds", 1)
      .set("presence.offlineAfterSeconds", 2));

  @Test
  @DisplayName("node --test src/test/js/webapp.test.js passes")
  void browserSuite() throws Exception {
    Path tests = Path.of("src", "test", "js");
    NodeScript.installPackages(tests);
    NodeScript.named("webapp-tests")
        // the test drives a second party through parley.js, which needs WebSocket: behind this flag in Node 20
        .args("--experimental-websocket", "--test", "--test-reporter=spec")
        .args(tests.resolve("webapp.test.js").toString())
        .env("PARLEY_URL", NodeScript.url(server.port()))
        .env("SCREENSHOTS", Path.of("target", "screenshots").toString())
        .runAndExpectSuccess(Duration.ofMinutes(8));
  }
}
