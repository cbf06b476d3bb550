package io.parley.e2e;

import io.parley.e2e.support.ApiClient;
import io.parley.e2e.support.Frames;
import io.parley.e2e.support.ServerProcess;
import io.parley.e2e.support.TestConfig;
import io.parley.e2e.support.TestUser;
import io.parley.e2e.support.WsClient;
import io.parley.push.webpush.WebPushServer;
import io.parley.push.webpush.WebPushServer.Answer;
import io.parley.push.webpush.WebPushServer.Browser;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.parley.e2e.WebPushE2ETest.await;
import static io.parley.e2e.WebPushE2ETest.until;
import static org.assertj.core.api.Assertions.assertThat;

/** The node runs in its own JVM so it can be killed with SIGKILL while a push is on its way. */
@ExtendWith(VertxExtension.class)
@DisplayName("Push durability: a push due when the node is killed is sent once after the restart")
class PushDurabilityE2ETest {

  @Test
  @DisplayName("kill -9 while the push service has not answered: after the restart, exactly one push per message")
  void pushSurvivesKill(Vertx vertx) throws Exception {
    WebPushServer service = await(new WebPushServer(vertx).start());
    TestConfig config = TestConfig.defaults().set("push.webPushAllowHttpEndpoints", true)
        .set("push.collapseMillis", 200).set("push.retryBaseMillis", 100);
    try (ServerProcess node = new ServerProcess(config).start()) {
      ApiClient api = new ApiClient(vertx, node.port());
      TestUser alice = api.newUser("alice");
      TestUser bob = api.newUser("bob");
      String publicKey = api.get("/v1/push/webpush", bob.token()).expect(200).getString("publicKey");
      service.expectKey(publicKey);
      Browser laptop = service.subscribe("laptop");
      api.put("/v1/devices/laptop", bob.token(), laptop.subscription().put("platform", "webpush")).expect(204);
      service.answer(Answer.never());

      String first = WsClient.open(vertx, node.port(), alice, "phone").ack(Frames.textTo(bob, "survive"))
          .getString("messageId");
      until(() -> service.arrivals().size() == 1);
      node.kill();
      assertThat(service.received()).isEmpty();

      node.start();
      api = new ApiClient(vertx, node.port());
      // the VAPID key came from the data directory: subscriptions made with it still work
      assertThat(api.get("/v1/push/webpush", bob.token()).expect(200).getString("publicKey")).isEqualTo(publicKey);
      until(() -> service.received(laptop.id()).size() == 1);
      // a later message's push shows the sender went on past the first without sending it again
      String second = WsClient.open(vertx, node.port(), alice, "phone").ack(Frames.textTo(bob, "after"))
          .getString("messageId");
      until(() -> service.received(laptop.id()).size() == 2);
      assertThat(service.received(laptop.id())).extracting(push -> push.payload().getString("messageId"))
          .containsExactly(first, second);
      assertThat(service.problems()).isEmpty();
      assertThat(service.received(laptop.id()).get(0).payload().getString("preview")).isEqualTo("survive");
    } finally {
      await(service.close());
    }
  }

  @Test
  @DisplayName("kill -9 at once after the ack, before any push was sent: after the restart, exactly one push")
  void pushRecordedBeforeAck(Vertx vertx) throws Exception {
    WebPushServer service = await(new WebPushServer(vertx).start());
    // the burst waits 3 s for more messages, so the node dies with the push only in its outbox
    TestConfig config = TestConfig.defaults().set("push.webPushAllowHttpEndpoints", true)
        .set("push.collapseMillis", 3000);
    try (ServerProcess node = new ServerProcess(config).start()) {
      ApiClient api = new ApiClient(vertx, node.port());
      TestUser alice = api.newUser("alice");
      TestUser bob = api.newUser("bob");
      service.expectKey(api.get("/v1/push/webpush", bob.token()).expect(200).getString("publicKey"));
      Browser laptop = service.subscribe("laptop");
      api.put("/v1/devices/laptop", bob.token(), laptop.subscription().put("platform", "webpush")).expect(204);

      String sent = WsClient.open(vertx, node.port(), alice, "phone").ack(Frames.textTo(bob, "acked"))
          .getString("messageId");
      node.kill();
      assertThat(service.arrivals()).isEmpty();

      node.start();
      until(() -> service.received(laptop.id()).size() == 1);
      assertThat(service.received(laptop.id())).extracting(push -> push.payload().getString("messageId"))
          .containsExactly(sent);
      assertThat(service.problems()).isEmpty();
    } finally {
      await(service.close());
    }
  }
}
