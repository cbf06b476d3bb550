package io.parley.e2e;

import io.parley.e2e.support.ApiClient;
import io.parley.e2e.support.Frames;
import io.parley.e2e.support.Injected;
import io.parley.e2e.support.PushOutbox;
import io.parley.e2e.support.TestServer;
import io.parley.e2e.support.TestUser;
import io.parley.e2e.support.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Push: devices registered over HTTP are due a notification only while their user has no connection")
class PushE2ETest {
  @RegisterExtension
  static final TestServer server = TestServer.shared();

  @Injected private Vertx vertx;
  @Injected private ApiClient api;
  @Injected private TestUser alice;
  @Injected private TestUser bob;
  private WsClient alicePhone;

  @BeforeEach
  void alicePhone() {
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
  void dueOnlyWhileDisconnected() {
    PushOutbox outbox = new PushOutbox(server.serverBus());
    register(bob, "bob-phone", "apns", "apns-1");
    register(bob, "bob-tablet", "fcm", "fcm-1");
    register(alice, "alice-tablet", "fcm", "fcm-2");

    long offlineMessage = messageId(alicePhone.ack(Frames.textTo(bob, "are you there?")));
    List<JsonObject> due = outbox.awaitDue(bob.userId(), offlineMessage, 2);
    assertThat(due.stream().map(n -> n.getString("pushToken"))).containsExactlyInAnyOrder("apns-1", "fcm-1");
    assertThat(due.stream().map(n -> n.getString("preview"))).containsOnly("are you there?");

    WsClient bobLaptop = server.device(vertx, bob, "laptop");
    String liveMessage = alicePhone.ack(Frames.textTo(bob, "now you are")).getString("messageId");
    bobLaptop.nextMessage(liveMessage);
    // delivery comes before the push decision: the laptop stays until a later message's push, to a user who is
    // offline, is recorded, as pushes are decided in the order messages were stored
    TestUser carol = api.newUser("carol");
    register(carol, "carol-phone", "fcm", "fcm-3");
    long toCarol = messageId(alicePhone.ack(Frames.textTo(carol, "are you there too?")));
    outbox.awaitDue(carol.userId(), toCarol, 1);
    bobLaptop.close();
    api.delete("/v1/devices/bob-tablet", bob.token()).expect(204);
    long afterRemoval = messageId(alicePhone.ack(Frames.textTo(bob, "gone again")));

    // pushes are decided in the order messages were stored: with the last one recorded, the live one was decided
    assertThat(outbox.awaitDue(bob.userId(), afterRemoval, 1).stream().map(n -> n.getString("deviceId")))
        .containsExactly("bob-phone");
    List<JsonObject> bobsOutbox = outbox.pending(bob.userId());
    assertThat(PushOutbox.of(Long.parseLong(liveMessage, 16), bobsOutbox)).isEmpty();
    assertThat(PushOutbox.of(afterRemoval, bobsOutbox)).hasSize(1);

    // alice, connected while she sent, was due nothing; her device is due once she is offline and written to
    alicePhone.close();
    long toAlice = messageId(server.device(vertx, bob, "laptop").ack(Frames.textTo(alice, "your turn")));
    assertThat(outbox.awaitDue(alice.userId(), toAlice, 1)).extracting(n -> n.getString("pushToken"))
        .containsExactly("fcm-2");
    assertThat(outbox.pending(alice.userId())).hasSize(1);
  }

  private void register(TestUser user, String deviceId, String platform, String pushToken) {
    api.put("/v1/devices/" + deviceId, user.token(), new JsonObject().put("platform", platform)
        .put("pushToken", pushToken)).expect(204);
  }

  private static long messageId(JsonObject ack) {
    return Long.parseLong(ack.getString("messageId"), 16);
  }
}
