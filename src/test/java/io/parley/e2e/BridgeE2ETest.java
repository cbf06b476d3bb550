package io.parley.e2e;

import io.parley.e2e.support.Injected;
import io.parley.e2e.support.NodeScript;
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

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Event-bus bridge at /v1/eventbus, driven by the real npm @vertx/eventbus-bridge-client.js")
class BridgeE2ETest {
  private static final Path SCRIPTS = Path.of("src", "test", "node");

  @RegisterExtension
  static final TestServer server = TestServer.withConfig(config -> config);

  @Injected private TestUser alice;
  @Injected private TestUser bob;

  @BeforeAll
  static void installClient() throws Exception {
    NodeScript.installPackages(SCRIPTS);
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
    String output = NodeScript.named("eventbus-bridge-" + transport)
        .args(SCRIPTS.resolve("eventbus-bridge.cjs").toString())
        .env("PARLEY_URL", NodeScript.url(server.port()))
        .env("TOKEN", alice.token())
        .env("USER_ID", alice.userId())
        .env("OTHER_ID", bob.userId())
        .env("TRANSPORT", transport)
        .runAndExpectSuccess(Duration.ofMinutes(1));
    return new JsonObject(output.lines().filter(line -> line.startsWith("{")).reduce((a, b) -> b).orElse("{}"));
  }
}
