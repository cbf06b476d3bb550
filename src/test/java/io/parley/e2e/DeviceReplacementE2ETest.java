package io.parley.e2e;

import io.parley.e2e.support.ApiClient;
import io.parley.e2e.support.Frames;
import io.parley.e2e.support.Injected;
import io.parley.e2e.support.TestServer;
import io.parley.e2e.support.TestUser;
import io.parley.e2e.support.WsClient;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("One device id, one connection: a device that connects again replaces its older connection (4409)")
class DeviceReplacementE2ETest {
  /** Two gateway instances, so some twins land on different event loops of the node. */
  @RegisterExtension
  static final TestServer server = TestServer.withConfig(config -> config.set("http.instances", 2));

  @Injected private Vertx vertx;
  @Injected private ApiClient api;
  @Injected private TestUser alice;
  @Injected private TestUser bob;

  @Test
  @DisplayName("the older connection of a device id closes with 4409 and the newer gets the messages; other "
      + "device ids stay")
  void newerReplacesOlder() {
    WsClient older = server.device(vertx, alice, "phone");
    WsClient laptop = server.device(vertx, alice, "laptop");

    WsClient newer = server.device(vertx, alice, "phone");

    assertThat(older.awaitClose(WsClient.TIMEOUT)).isEqualTo((short) 4409);
    String messageId = server.device(vertx, bob, "phone").ack(Frames.textTo(alice, "to the new phone"))
        .getString("messageId");
    assertThat(newer.nextMessage(messageId).getJsonObject("message").getString("text")).isEqualTo("to the new phone");
    assertThat(laptop.nextMessage(messageId)).isNotNull();
    assertThat(newer.isClosed()).isFalse();
    assertThat(laptop.isClosed()).as("control: another device id is not replaced").isFalse();
  }

  @Test
  @DisplayName("the same device id of another account, or of another session of the same account, is its own: only "
      + "the same (user, deviceId) replaces")
  void onlyTheSameUserAndDevice() {
    WsClient alicePhone = server.device(vertx, alice, "phone");
    WsClient bobPhone = server.device(vertx, bob, "phone");
    bobPhone.expectQuiet(Duration.ofMillis(300));
    assertThat(alicePhone.isClosed()).isFalse();

    TestUser aliceAgain = api.logIn(alice.username(), alice.password());
    server.device(vertx, aliceAgain, "phone");
    assertThat(alicePhone.awaitClose(WsClient.TIMEOUT)).as("a device id is the user's, whatever the session")
        .isEqualTo((short) 4409);
    assertThat(bobPhone.isClosed()).isFalse();
  }

  @Test
  @DisplayName("of several reconnects of one device, only the newest stays open")
  void onlyNewestSurvives() {
    List<WsClient> connections = IntStream.range(0, 4).mapToObj(i -> server.device(vertx, alice, "tablet")).toList();

    for (WsClient replaced : connections.subList(0, 3)) {
      assertThat(replaced.awaitClose(WsClient.TIMEOUT)).isEqualTo((short) 4409);
    }
    WsClient newest = connections.get(3);
    newest.expectQuiet(Duration.ofMillis(300));
    assertThat(newest.isClosed()).isFalse();
  }
}
