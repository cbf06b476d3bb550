package io.parley.e2e;

import io.parley.e2e.support.ApiClient;
import io.parley.e2e.support.Frames;
import io.parley.e2e.support.Injected;
import io.parley.e2e.support.PushOutbox;
import io.parley.e2e.support.PushServices;
import io.parley.e2e.support.TestServer;
import io.parley.e2e.support.TestUser;
import io.parley.e2e.support.WsClient;
import io.parley.model.Ids;
import io.parley.push.webpush.WebPushServer.Browser;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static io.parley.e2e.WebPushE2ETest.until;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Push on every platform: a browser, an Android phone and an iPhone each get one push per offline message")
class AllPlatformsPushE2ETest {
  @RegisterExtension
  @Order(1)
  static final PushServices services = new PushServices();
  @RegisterExtension
  @Order(2)
  static final TestServer server = TestServer.withConfigAtStart(() -> services::configure);

  @Injected private Vertx vertx;
  @Injected private ApiClient api;
  @Injected private TestUser alice;
  @Injected private TestUser bob;

  @Test
  @DisplayName("with bob offline each registered device gets exactly one push; with bob online, none")
  void onePushPerDevice() throws Exception {
    Browser browser = services.webPush().subscribe("bob-browser");
    services.webPush().expectKey(api.get("/v1/push/webpush", bob.token()).expect(200).getString("publicKey"));
    api.put("/v1/devices/browser", bob.token(), browser.subscription().put("platform", "webpush")).expect(204);
    api.put("/v1/devices/android", bob.token(), new JsonObject().put("platform", "fcm")
        .put("pushToken", "fcm-registration-token")).expect(204);
    api.put("/v1/devices/iphone", bob.token(), new JsonObject().put("platform", "apns")
        .put("pushToken", "c0ffee00c0ffee00c0ffee00c0ffee00")).expect(204);
    PushOutbox outbox = new PushOutbox(server.serverBus());
    WsClient alicePhone = server.device(vertx, alice, "phone");

    long offline = messageId(alicePhone.ack(Frames.textTo(bob, "ping")));
    awaitPushed(outbox, offline);
    assertDelivered(List.of(offline));

    WsClient bobLaptop = server.device(vertx, bob, "laptop");
    String live = alicePhone.ack(Frames.textTo(bob, "live")).getString("messageId");
    bobLaptop.nextMessage(live);
    bobLaptop.close();
    long again = messageId(alicePhone.ack(Frames.textTo(bob, "pong")));
    awaitPushed(outbox, again);
    assertDelivered(List.of(offline, again));
  }

  /**
   * Until each service got message {@code messageId} and bob's outbox is empty. Watched at the services, not in the
   * outbox: a notification stays there only until its service accepts it, which can be quicker than a poll.
   */
  private void awaitPushed(PushOutbox outbox, long messageId) throws InterruptedException {
    until(() -> delivered().stream().allMatch(ids -> ids.contains(Ids.toHex(messageId))));
    until(() -> outbox.pending(bob.userId()).isEmpty());
  }

  /** The message ids each service received, web push, FCM and APNs, in arrival order. */
  private List<List<String>> delivered() {
    return List.of(
        services.webPush().received("bob-browser").stream().map(push -> push.payload().getString("messageId")).toList(),
        services.fcm().received().stream().map(message -> message.getJsonObject("data").getString("messageId")).toList(),
        services.apns().received().stream().map(push -> push.body().getString("messageId")).toList());
  }

  private void assertDelivered(List<Long> messageIds) {
    List<String> expected = messageIds.stream().map(Ids::toHex).toList();
    assertThat(services.webPush().problems()).isEmpty();
    assertThat(services.fcm().problems()).isEmpty();
    assertThat(services.apns().problems()).isEmpty();
    assertThat(delivered()).allSatisfy(ids -> assertThat(ids).containsExactlyElementsOf(expected));
  }

  private static long messageId(JsonObject ack) {
    return Long.parseLong(ack.getString("messageId"), 16);
  }
}
