package io.parley.push;

import io.parley.ChatNode;
import io.parley.bus.Addresses;
import io.parley.bus.SendAck;
import io.parley.bus.SendRequest;
import io.parley.config.ChatConfig;
import io.parley.e2e.support.PushOutbox;
import io.parley.metrics.NodeMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Routing, storage, presence and push deployed for real (no gateway): a message to a user with no connected device
 * leaves one notification per registered device in the durable outbox; a connected user gets none, and no sender is
 * ever due a push for their own message.
 */
@ExtendWith(VertxExtension.class)
class PushFlowTest {
  private ChatNode node;
  private Vertx vertx;
  private PushOutbox outbox;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dataDir) throws Exception {
    this.vertx = vertx;
    JsonObject config = new JsonObject(Files.readString(Path.of("conf/config.json")));
    config.getJsonObject("node").put("verticles", new JsonArray().add("routing").add("storage").add("presence")
        .add("push"));
    config.getJsonObject("storage").put("dataDir", dataDir.toString());
    node = await(ChatNode.start(vertx, ChatConfig.from(config), Clock.systemUTC(), NodeMetrics.disabled()));
    outbox = new PushOutbox(vertx.eventBus());
  }

  @AfterEach
  void stop() throws Exception {
    await(node.stop());
  }

  @Test
  @DisplayName("an offline recipient's devices are each due a push; a connected recipient and the sender are not")
  void offlineRecipientsAreDue() throws Exception {
    String sender = createUser("pushsender");
    String offline = createUser("pushoffline");
    String online = createUser("pushonline");
    registerDevice(offline, "phone", "apns");
    registerDevice(offline, "tablet", "fcm");
    registerDevice(online, "phone", "apns");
    registerDevice(sender, "phone", "apns");
    connection(online, true);

    SendAck toOnline = send(sender, online, "c1", "hello online");
    // the later message is due, so once it is recorded the earlier one has been decided too
    SendAck toOffline = send(sender, offline, "c2", "x".repeat(500));

    List<JsonObject> due = outbox.awaitDue(offline, toOffline.message().id(), 2);
    assertThat(due.stream().map(n -> n.getString("deviceId"))).containsExactlyInAnyOrder("phone", "tablet");
    JsonObject notification = due.get(0);
    assertThat(notification.getString("senderId")).isEqualTo(sender);
    assertThat(notification.getString("preview")).hasSize(121).endsWith("…");
    assertThat(outbox.pending(online)).isEmpty();
    assertThat(outbox.pending(sender)).isEmpty();

    // the same devices are due once their user is offline or a recipient: the checks above could have failed
    connection(online, false);
    SendAck onlineGone = send(sender, online, "c3", "now offline");
    SendAck toSender = send(offline, sender, "c4", "back to you");
    assertThat(outbox.awaitDue(online, onlineGone.message().id(), 1)).hasSize(1);
    assertThat(outbox.awaitDue(sender, toSender.message().id(), 1)).hasSize(1);
    assertThat(PushOutbox.of(toOnline.message().id(), outbox.pending(online))).isEmpty();
  }

  private void connection(String userId, boolean connected) {
    vertx.eventBus().send(Addresses.PRESENCE_CONNECTION,
        new JsonObject().put("userId", userId).put("deviceId", "phone").put("connected", connected));
  }

  private String createUser(String name) throws Exception {
    JsonObject user = request(Addresses.STORAGE_USER_CREATE, new JsonObject().put("username", name)
        .put("displayName", name).put("passwordHash", "unused"));
    return user.getString("id");
  }

  private void registerDevice(String userId, String deviceId, String platform) throws Exception {
    await(vertx.eventBus().request(Addresses.STORAGE_DEVICE_PUT, new JsonObject().put("userId", userId)
        .put("deviceId", deviceId).put("platform", platform).put("pushToken", "token-" + deviceId)));
  }

  private SendAck send(String from, String to, String clientMessageId, String text) throws Exception {
    return request(Addresses.ROUTING_SEND, new SendRequest(from, "phone", clientMessageId, to, null, text));
  }

  private <T> T request(String address, Object body) throws Exception {
    return await(vertx.eventBus().<T>request(address, body).map(Message::body));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
