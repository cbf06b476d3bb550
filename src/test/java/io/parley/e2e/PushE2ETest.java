package io.parley.e2e;

import io.parley.e2e.support.ApiClient;
import io.parley.e2e.support.Frames;
import io.parley.e2e.support.TestServer;
import io.parley.e2e.support.TestUser;
import io.parley.e2e.support.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Push: devices registered over HTTP are due a notification only while their user has no connection")
class PushE2ETest {
  @RegisterExtension
  static final TestServer server = TestServer.shared();

  private Vertx vertx;
  private ApiClient api;
  private TestUser alice;
  private TestUser bob;
  private WsClient alicePhone;

  @BeforeEach
  void users(Vertx vertx) {
    this.vertx = vertx;
    api = server.api(vertx);
    alice = api.newUser("alice");
    bob = api.newUser("bob");
    alicePhone = server.device(vertx, alice, "phone");
  }

  @Test
  @DisplayName("device registration checks its fields")
  void registrationIsChecked() {
    api.put("/v1/devices/phone-1", bob.token(), new JsonObject().put("platform", "apns").put("pushToken", "t"))
        .expect(204);
    api.put("/v1/devices/phone-1", bob.token(), new JsonObject().put("platform", "sms").put("pushToken", "t"))
        .expectError(400, "INVALID");
    api.put("/v1/devices/phone-1", bob.token(), new JsonObject().put("platform", "fcm")).expectError(400, "INVALID");
    api.put("/v1/devices/bad%20id", bob.token(), new JsonObject().put("platform", "fcm").put("pushToken", "t"))
        .expectError(400, "INVALID");
    api.put("/v1/devices/phone-1", null, new JsonObject().put("platform", "fcm").put("pushToken", "t"))
        .expectError(401, "UNAUTHORIZED");
    api.delete("/v1/devices/phone-1", bob.token()).expect(204);
  }

  @Test
  @DisplayName("a message to a user with no connection is due on each registered device; connected or removed, none")
  void dueOnlyWhileDisconnected() throws Exception {
    api.put("/v1/devices/bob-phone", bob.token(), new JsonObject().put("platform", "apns").put("pushToken", "apns-1"))
        .expect(204);
    api.put("/v1/devices/bob-tablet", bob.token(), new JsonObject().put("platform", "fcm").put("pushToken", "fcm-1"))
        .expect(204);

    String offlineMessage = alicePhone.ack(Frames.textTo(bob, "are you there?")).getString("messageId");
    JsonArray due = awaitPending(bob, 2);
    assertThat(due.stream().map(JsonObject.class::cast).map(n -> n.getString("pushToken")))
        .containsExactlyInAnyOrder("apns-1", "fcm-1");
    assertThat(due.stream().map(JsonObject.class::cast).map(n -> n.getString("preview"))).containsOnly("are you there?");
    assertThat(due.getJsonObject(0).getLong("messageId")).isEqualTo(Long.parseLong(offlineMessage, 16));

    WsClient bobLaptop = server.device(vertx, bob, "laptop");
    String liveMessage = alicePhone.ack(Frames.textTo(bob, "now you are")).getString("messageId");
    bobLaptop.nextMessage(liveMessage);
    bobLaptop.close();
    api.delete("/v1/devices/bob-tablet", bob.token()).expect(204);
    String afterRemoval = alicePhone.ack(Frames.textTo(bob, "gone again")).getString("messageId");

    JsonArray after = awaitPending(bob, 3);
    assertThat(after.stream().map(JsonObject.class::cast).map(n -> Long.toHexString(n.getLong("messageId"))))
        .doesNotContain(Long.toHexString(Long.parseLong(liveMessage, 16)));
    assertThat(after.stream().map(JsonObject.class::cast)
        .filter(n -> n.getLong("messageId") == Long.parseLong(afterRemoval, 16))
        .map(n -> n.getString("deviceId"))).containsExactly("bob-phone");
    assertThat(pending(alice)).isEmpty();
  }

  private JsonArray awaitPending(TestUser user, int expected) throws Exception {
    long deadline = System.currentTimeMillis() + 5000;
    JsonArray due = pending(user);
    while (due.size() < expected && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
      due = pending(user);
    }
    return due;
  }

  private JsonArray pending(TestUser user) throws Exception {
    return server.serverBus().<JsonArray>request("chat.storage.push.pending",
            new JsonObject().put("userId", user.userId()).put("limit", 100))
        .map(Message::body).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
