package io.parley.e2e;

import io.parley.e2e.support.ApiClient;
import io.parley.e2e.support.Conversations;
import io.parley.e2e.support.DeviceInbox;
import io.parley.e2e.support.Frames;
import io.parley.e2e.support.Injected;
import io.parley.e2e.support.Names;
import io.parley.e2e.support.TestServer;
import io.parley.e2e.support.TestUser;
import io.parley.e2e.support.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("WebSocket: resending a clientMessageId stores the message once and acks it with the same id")
class IdempotencyE2ETest {
  @RegisterExtension
  static final TestServer server = TestServer.shared();

  @Injected private Vertx vertx;
  @Injected private ApiClient api;
  @Injected private TestUser alice;
  @Injected private TestUser bob;

  @Test
  @DisplayName("the second send is acked duplicate=true with the same messageId and seq; history and inbox hold it once")
  void resendAfterAck() {
    WsClient phone = server.device(vertx, alice, "phone");
    JsonObject send = Frames.textTo(bob, "once only");
    JsonObject first = phone.ack(send);
    JsonObject second = phone.ack(send);
    assertThat(first.getValue("duplicate")).isEqualTo(false);
    assertThat(second.getValue("duplicate")).isEqualTo(true);
    assertSameMessage(first, second);
    assertStoredOnce(first);
  }

  @Test
  @DisplayName("a resend from a reconnected device (ack lost with the connection) gets the first messageId")
  void resendFromNewConnection() {
    JsonObject send = Frames.textTo(bob, "lost ack");
    JsonObject first;
    try (WsClient phone = server.device(vertx, alice, "phone")) {
      first = phone.ack(send);
    }
    JsonObject again = server.device(vertx, alice, "phone").ack(send);
    assertThat(again.getValue("duplicate")).isEqualTo(true);
    assertSameMessage(first, again);
    assertStoredOnce(first);
  }

  @Test
  @DisplayName("two sends of one clientMessageId in flight at once store one message: one ack is new, both share the id")
  void concurrentResend() {
    WsClient phone = server.device(vertx, alice, "phone");
    WsClient laptop = server.device(vertx, alice, "laptop");
    JsonObject send = Frames.textTo(bob, "racing");
    CompletableFuture<JsonObject> one = phone.requestAsync(send);
    CompletableFuture<JsonObject> two = laptop.requestAsync(send);
    List<JsonObject> acks = List.of(one.join(), two.join());
    assertThat(acks).allSatisfy(ack -> assertThat(ack.getString("type")).isEqualTo("ack"));
    assertThat(acks.stream().filter(ack -> !ack.getBoolean("duplicate")).count()).isEqualTo(1);
    assertSameMessage(acks.get(0), acks.get(1));
    assertStoredOnce(acks.get(0));
  }

  @Test
  @DisplayName("clientMessageId is unique per sender: another sender's equal id is another message")
  void perSender() {
    TestUser carol = api.newUser("carol");
    String shared = Names.clientMessageId();
    JsonObject fromAlice = server.device(vertx, alice, "phone").ack(Frames.textTo(bob, "from alice", shared));
    JsonObject fromCarol = server.device(vertx, carol, "phone").ack(Frames.textTo(bob, "from carol", shared));
    assertThat(fromCarol.getValue("duplicate")).isEqualTo(false);
    assertThat(fromCarol.getString("messageId")).isNotEqualTo(fromAlice.getString("messageId"));
  }

  private static void assertSameMessage(JsonObject first, JsonObject second) {
    assertThat(second.getString("messageId")).isEqualTo(first.getString("messageId"));
    assertThat(second.getLong("seq")).isEqualTo(first.getLong("seq"));
    assertThat(second.getString("conversationId")).isEqualTo(first.getString("conversationId"));
    assertThat(second.getLong("timestamp")).isEqualTo(first.getLong("timestamp"));
  }

  private void assertStoredOnce(JsonObject ack) {
    JsonArray history = api.history(bob, Conversations.direct(alice, bob), "").expect(200).getJsonArray("messages");
    assertThat(history).hasSize(1);
    assertThat(history.getJsonObject(0).getString("messageId")).isEqualTo(ack.getString("messageId"));

    DeviceInbox bobInbox = new DeviceInbox(server.device(vertx, bob, "tablet"), 100).catchUp();
    assertThat(bobInbox.messages()).extracting(m -> m.getString("messageId")).containsExactly(ack.getString("messageId"));
    DeviceInbox aliceInbox = new DeviceInbox(server.device(vertx, alice, "desktop"), 100).catchUp();
    assertThat(aliceInbox.cursor()).isEqualTo(ack.getLong("seq")).isEqualTo(1L);
  }
}
