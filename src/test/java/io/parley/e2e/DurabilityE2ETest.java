package io.parley.e2e;

import io.parley.e2e.support.ApiClient;
import io.parley.e2e.support.DeviceInbox;
import io.parley.e2e.support.Frames;
import io.parley.e2e.support.ServerProcess;
import io.parley.e2e.support.TestConfig;
import io.parley.e2e.support.TestUser;
import io.parley.e2e.support.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The server runs in its own JVM so it can be killed with SIGKILL right after an ack. */
@ExtendWith(VertxExtension.class)
@DisplayName("Durability: an acked message survives kill -9")
class DurabilityE2ETest {
  private static final int IN_FLIGHT = 200;

  @ParameterizedTest(name = "storage.fsync={0}")
  @ValueSource(booleans = {false, true})
  @DisplayName("kill -9 right after one ack: after restart, sync returns the message with the same id and seq")
  void singleAckSurvivesKill(boolean fsync, Vertx vertx) throws Exception {
    try (ServerProcess server = new ServerProcess(TestConfig.defaults().set("storage.fsync", fsync)).start()) {
      ApiClient api = new ApiClient(vertx, server.port());
      TestUser alice = api.newUser("alice");
      TestUser bob = api.newUser("bob");
      JsonObject ack = WsClient.open(vertx, server.port(), alice, "phone").ack(Frames.textTo(bob, "survive"));
      server.kill();

      server.start();
      DeviceInbox bobInbox = new DeviceInbox(WsClient.open(vertx, server.port(), bob, "phone"), 100).catchUp();
      assertThat(bobInbox.messages()).extracting(m -> m.getString("messageId")).containsExactly(ack.getString("messageId"));
      assertThat(bobInbox.messages().get(0).getString("text")).isEqualTo("survive");
      DeviceInbox aliceInbox = new DeviceInbox(WsClient.open(vertx, server.port(), alice, "laptop"), 100).catchUp();
      assertThat(aliceInbox.cursor()).isEqualTo(ack.getLong("seq"));
      assertThat(aliceInbox.messages().get(0).getString("messageId")).isEqualTo(ack.getString("messageId"));
    }
  }

  @ParameterizedTest(name = "storage.fsync={0}")
  @ValueSource(booleans = {false, true})
  @DisplayName("kill -9 amid 200 sends in flight: every acked one survives at its seq, and resends are duplicates")
  void ackedAmidTrafficSurviveKill(boolean fsync, Vertx vertx) throws Exception {
    try (ServerProcess server = new ServerProcess(TestConfig.defaults().set("storage.fsync", fsync)).start()) {
      ApiClient api = new ApiClient(vertx, server.port());
      TestUser alice = api.newUser("alice");
      TestUser bob = api.newUser("bob");
      WsClient phone = WsClient.open(vertx, server.port(), alice, "phone");
      List<JsonObject> sends = IntStream.range(0, IN_FLIGHT).mapToObj(i -> Frames.textTo(bob, "m" + i)).toList();
      CountDownLatch half = new CountDownLatch(IN_FLIGHT / 2);
      List<CompletableFuture<JsonObject>> answers = sends.stream()
          .map(send -> phone.requestAsync(send).whenComplete((answer, failure) -> half.countDown())).toList();
      assertThat(half.await(30, TimeUnit.SECONDS)).isTrue();
      server.kill();
      // the kill fails the unanswered ones as the socket closes, so read each answer once, failure or not
      List<JsonObject> acked = answers.stream().map(a -> a.exceptionally(closed -> null).getNow(null))
          .filter(a -> a != null && "ack".equals(a.getString("type"))).toList();
      assertThat(acked.size()).isGreaterThanOrEqualTo(IN_FLIGHT / 2);

      server.start();
      DeviceInbox aliceInbox = new DeviceInbox(WsClient.open(vertx, server.port(), alice, "laptop"), 100).catchUp();
      for (JsonObject ack : acked) {
        JsonObject stored = aliceInbox.messages().get(Math.toIntExact(ack.getLong("seq")) - 1);
        assertThat(stored.getString("messageId")).as("alice's seq %s", ack.getLong("seq")).isEqualTo(ack.getString("messageId"));
      }
      DeviceInbox bobInbox = new DeviceInbox(WsClient.open(vertx, server.port(), bob, "phone"), 100).catchUp();
      assertThat(bobInbox.messages()).extracting(m -> m.getString("messageId"))
          .containsAll(acked.stream().map(a -> a.getString("messageId")).toList());

      assertResendsAreDuplicates(WsClient.open(vertx, server.port(), alice, "phone"), sends, acked);
    }
  }

  /** After the restart every send is resent: those acked before come back as duplicates of the same message. */
  private static void assertResendsAreDuplicates(WsClient phone, List<JsonObject> sends, List<JsonObject> acked) {
    for (JsonObject before : acked) {
      JsonObject send = sends.stream()
          .filter(s -> s.getString("clientMessageId").equals(before.getString("clientMessageId"))).findFirst().orElseThrow();
      JsonObject again = phone.ack(send);
      assertThat(again.getValue("duplicate")).isEqualTo(true);
      assertThat(again.getString("messageId")).isEqualTo(before.getString("messageId"));
      assertThat(again.getLong("seq")).isEqualTo(before.getLong("seq"));
    }
    sends.forEach(phone::ack);
    DeviceInbox inbox = new DeviceInbox(phone, 100).catchUp();
    assertThat(inbox.cursor()).as("one inbox entry per clientMessageId").isEqualTo(sends.size());
  }
}
