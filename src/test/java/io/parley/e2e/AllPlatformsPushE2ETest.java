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
    outbox.awaitDue(bob.userId(), offline, 3);
    until(() -> outbox.pending(bob.userId()).isEmpty());
    assertDelivered(List.of(offline));

    WsClient bobLaptop = server.device(vertx, bob, "laptop");
    String live = alicePhone.ack(Frames.textTo(bob, "live")).getString("messageId");
    bobLaptop.nextMessage(live);
    bobLaptop.close();
    long again = messageId(alicePhone.ack(Frames.textTo(bob, "pong")));
    outbox.awaitDue(bob.userId(), again, 3);
    until(() -> outbox.pending(bob.userId()).isEmpty());
    assertDelivered(List.of(offline, again));
  }

  private void assertDelivered(List<Long> messageIds) {
    List<String> expected = messageIds.stream().map(Ids::toHex).toList();
    assertThat(services.webPush().problems()).isEmpty();
    assertThat(services.fcm().problems()).isEmpty();
    assertThat(services.apns().problems()).isEmpty();
    assertThat(services.webPush().received("bob-browser")).extracting(push -> push.payload().getString("messageId"))
        .containsExactlyElementsOf(expected);
    assertThat(services.fcm().received()).extracting(message -> message.getJsonObject("data").getString("messageId"))
        .containsExactlyElementsOf(expected);
    assertThat(services.apns().received()).extracting(push -> push.body().getString("messageId"))
        .containsExactlyElementsOf(expected);
  }

  private static long messageId(JsonObject ack) {
    return Long.parseLong(ack.getString("messageId"), 16);
  }
}
