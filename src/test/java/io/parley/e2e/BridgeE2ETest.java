package io.parley.e2e;

import io.parley.e2e.support.Injected;
import io.parley.e2e.support.TestServer;
import io.parley.e2e.support.TestUser;
import io.parley.e2e.support.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Event-bus bridge at /v1/eventbus, driven by the real npm @vertx/eventbus-bridge-client.js")
class BridgeE2ETest {
  private static final Path NPM = Path.of("target", "node-bridge");
  private static final Path SCRIPT = Path.of("src", "test", "node", "eventbus-bridge.cjs");

  @RegisterExtension
  static final TestServer server = TestServer.withConfig(config -> config);

  @Injected private TestUser alice;
  @Injected private TestUser bob;

  @BeforeAll
  static void installClient() throws Exception {
    if (Files.isDirectory(NPM.resolve("node_modules/@vertx/eventbus-bridge-client.js"))) {
      return;
    }
    Files.createDirectories(NPM);
    Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund",
        "@vertx/eventbus-bridge-client.js@1.0.0").directory(NPM.toFile()).redirectErrorStream(true).start();
    String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(npm.waitFor(120, TimeUnit.SECONDS) && npm.exitValue() == 0).as("npm install: %s", output).isTrue();
  }

  @ParameterizedTest(name = "over {0}")
  @ValueSource(strings = {"websocket", "xhr-polling"})
  @DisplayName("own address and parley.client work, sent as the token's user; every other address is refused")
  void bridge(String transport, Vertx vertx) throws Exception {
    WsClient bobPhone = server.device(vertx, bob, "phone");
    JsonObject seen = runClient(transport);

    List<Object> errors = seen.getJsonArray("errors").getList();
    // another user's address, chat.routing.send, chat.user.<bob>, a reply address, parley.client without a frame
    assertThat(errors).as("refusals").containsExactly("access_denied", "access_denied", "access_denied",
        "access_denied", "access_denied");
    assertThat(seen.getInteger("stolen")).as("frames on the other user's address").isZero();
    JsonArray frames = seen.getJsonArray("frames");
    assertThat(frames.getJsonObject(0).getString("type")).as("first frame").isEqualTo("welcome");
    assertThat(frames.getJsonObject(0).getString("userId")).isEqualTo(alice.userId());
    assertThat(frames.stream().map(frame -> ((JsonObject) frame).getString("type"))).contains("ack");

    // positive control: the frame through parley.client reached bob, from alice whatever its headers said
    JsonObject message = bobPhone.next("message").getJsonObject("message");
    assertThat(message.getString("text")).isEqualTo("via bridge");
    assertThat(message.getString("from")).isEqualTo(alice.userId());
    bobPhone.expectNone(frame -> frame.encode().contains("forged"), Duration.ofSeconds(1));
  }

  private JsonObject runClient(String transport) throws Exception {
    ProcessBuilder node = new ProcessBuilder("node", SCRIPT.toString()).redirectErrorStream(true);
    node.environment().put("NODE_PATH", NPM.resolve("node_modules").toAbsolutePath().toString());
    node.environment().put("PARLEY_URL", "http://127.0.0.1:" + server.port());
    node.environment().put("TOKEN", alice.token());
    node.environment().put("USER_ID", alice.userId());
    node.environment().put("OTHER_ID", bob.userId());
    node.environment().put("TRANSPORT", transport);
    Process process = node.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("node output: %s", output).isZero();
    String last = output.lines().filter(line -> line.startsWith("{")).reduce((a, b) -> b).orElse("{}");
    return new JsonObject(last);
  }

}
