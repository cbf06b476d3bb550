package io.parley.e2e;

import io.parley.e2e.support.ApiClient;
import io.parley.e2e.support.Conversations;
import io.parley.e2e.support.Frames;
import io.parley.e2e.support.Injected;
import io.parley.e2e.support.TestServer;
import io.parley.e2e.support.TestUser;
import io.parley.e2e.support.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("WebSocket: welcome, 1:1 and group delivery to every device")
class MessagingE2ETest {
  @RegisterExtension
  static final TestServer server = TestServer.shared();

  @Injected private Vertx vertx;
  @Injected private ApiClient api;
  @Injected private TestUser alice;
  @Injected private TestUser bob;

  @Test
  @DisplayName("the welcome frame names the user and device and gives the heartbeat interval and text limit")
  void welcome() {
    JsonObject welcome = server.device(vertx, alice, "phone-1").welcome();
    assertThat(welcome.getString("userId")).isEqualTo(alice.userId());
    assertThat(welcome.getString("deviceId")).isEqualTo("phone-1");
    assertThat(welcome.getLong("heartbeatInterval")).isEqualTo(5000L);
    assertThat(welcome.getInteger("maxTextLength")).isEqualTo(99_999);
  }

  @Test
  @DisplayName("a 1:1 send is acked with id, conversation, time and seq, and reaches every device of both users")
  void directMessageReachesEveryDevice() {
    WsClient alicePhone = server.device(vertx, alice, "phone");
    WsClient aliceLaptop = server.device(vertx, alice, "laptop");
    WsClient bobPhone = server.device(vertx, bob, "phone");
    WsClient bobTablet = server.device(vertx, bob, "tablet");

    JsonObject send = Frames.textTo(bob, "hello bob");
    long before = System.currentTimeMillis();
    JsonObject ack = alicePhone.ack(send);
    assertThat(ack.getString("messageId")).matches("[0-9a-f]{16}");
    assertThat(ack.getString("clientMessageId")).isEqualTo(send.getString("clientMessageId"));
    assertThat(ack.getString("conversationId")).isEqualTo(Conversations.direct(alice, bob));
    assertThat(ack.getLong("timestamp")).isBetween(before - 5000, System.currentTimeMillis() + 5000);
    assertThat(ack.getLong("seq")).isEqualTo(1L);
    assertThat(ack.getValue("duplicate")).isEqualTo(false);

    for (WsClient device : List.of(bobPhone, bobTablet)) {
      JsonObject frame = device.nextMessage(ack.getString("messageId"));
      assertThat(frame.getLong("seq")).as("bob's inbox seq").isEqualTo(1L);
      assertMessage(frame.getJsonObject("message"), ack, alice, "hello bob");
    }
    for (WsClient device : List.of(alicePhone, aliceLaptop)) {
      JsonObject frame = device.nextMessage(ack.getString("messageId"));
      assertThat(frame.getLong("seq")).as("alice's own inbox seq, as in the ack").isEqualTo(ack.getLong("seq"));
      assertMessage(frame.getJsonObject("message"), ack, alice, "hello bob");
    }
  }

  @Test
  @DisplayName("a group send reaches every member's device")
  void groupMessageReachesEveryMember() {
    TestUser carol = api.newUser("carol");
    String groupId = api.createGroup(alice, bob, carol).getString("groupId");
    List<WsClient> devices = List.of(server.device(vertx, alice, "phone"), server.device(vertx, alice, "laptop"),
        server.device(vertx, bob, "phone"), server.device(vertx, carol, "phone"));

    JsonObject ack = devices.get(0).ack(Frames.textToGroup(groupId, "hi all"));
    assertThat(ack.getString("conversationId")).isEqualTo(Conversations.group(groupId));
    for (WsClient device : devices) {
      assertMessage(device.nextMessage(ack.getString("messageId")).getJsonObject("message"), ack, alice, "hi all");
    }
  }

  @Test
  @DisplayName("sending to a group one is not in is NOT_MEMBER, nothing is delivered, and the connection stays usable")
  void notMemberOfGroup() {
    TestUser carol = api.newUser("carol");
    String groupId = api.createGroup(bob, carol).getString("groupId");
    WsClient alicePhone = server.device(vertx, alice, "phone");
    WsClient carolPhone = server.device(vertx, carol, "phone");

    JsonObject send = Frames.textToGroup(groupId, "let me in");
    JsonObject error = alicePhone.expectError(send, "NOT_MEMBER");
    assertThat(error.getString("clientMessageId")).isEqualTo(send.getString("clientMessageId"));
    assertThat(error.getString("ref")).isNotBlank();

    JsonObject ack = alicePhone.ack(Frames.textTo(carol, "still here"));
    carolPhone.nextMessage(ack.getString("messageId"));
    carolPhone.expectNone(frame -> frame.encode().contains("let me in"), java.time.Duration.ofMillis(300));
  }

  @Test
  @DisplayName("sending to an unknown user or group is NOT_FOUND")
  void unknownRecipient() {
    WsClient alicePhone = server.device(vertx, alice, "phone");
    alicePhone.expectError(Frames.send("c-ghost-user", "hello?").put("toUser", "0000000000000000"), "NOT_FOUND");
    alicePhone.expectError(Frames.textToGroup("0000000000000000", "hello?"), "NOT_FOUND");
    alicePhone.ack(Frames.textTo(bob, "usable"));
  }

  private static void assertMessage(JsonObject message, JsonObject ack, TestUser from, String text) {
    assertThat(message.getString("messageId")).isEqualTo(ack.getString("messageId"));
    assertThat(message.getString("conversationId")).isEqualTo(ack.getString("conversationId"));
    assertThat(message.getString("from")).isEqualTo(from.userId());
    assertThat(message.getString("clientMessageId")).isEqualTo(ack.getString("clientMessageId"));
    assertThat(message.getString("text")).isEqualTo(text);
    assertThat(message.getLong("timestamp")).isEqualTo(ack.getLong("timestamp"));
  }
}
