package io.parley.e2e;

import io.parley.e2e.support.ApiClient;
import io.parley.e2e.support.ApiResponse;
import io.parley.e2e.support.Frames;
import io.parley.e2e.support.Injected;
import io.parley.e2e.support.PushOutbox;
import io.parley.e2e.support.Scrape;
import io.parley.e2e.support.TestServer;
import io.parley.e2e.support.TestUser;
import io.parley.e2e.support.WsClient;
import io.parley.model.Ids;
import io.parley.push.webpush.WebPushServer;
import io.parley.push.webpush.WebPushServer.Browser;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Web Push: browsers registered over HTTP get one push per message while their user is offline")
class WebPushE2ETest {
  @RegisterExtension
  static final TestServer server = TestServer.withConfig(config -> config
      .set("push.webPushAllowHttpEndpoints", true).set("push.collapseMillis", 200));

  @Injected private Vertx vertx;
  @Injected private ApiClient api;
  @Injected private TestUser alice;
  @Injected private TestUser bob;
  private WebPushServer service;
  private PushOutbox outbox;

  @BeforeEach
  void startService() throws Exception {
    service = await(new WebPushServer(vertx).start());
    String publicKey = api.get("/v1/push/webpush", bob.token()).expect(200).getString("publicKey");
    service.expectKey(publicKey);
    outbox = new PushOutbox(server.serverBus());
  }

  @AfterEach
  void stopService() throws Exception {
    await(service.close());
  }

  @Test
  @DisplayName("the VAPID key needs a token and stays the same; a subscription is checked before it is kept")
  void registrationIsChecked() throws Exception {
    api.get("/v1/push/webpush", null).expectError(401, "UNAUTHORIZED");
    assertThat(api.get("/v1/push/webpush", alice.token()).expect(200).getString("publicKey"))
        .isEqualTo(api.get("/v1/push/webpush", bob.token()).expect(200).getString("publicKey")).hasSize(87);
    JsonObject good = service.subscribe("b1").subscription();
    register(bob, "laptop", good).expect(204);

    register(bob, "laptop", null).expectError(400, "INVALID");
    register(bob, "laptop", good.copy().put("endpoint", "ftp://push.example/x")).expectError(400, "INVALID");
    register(bob, "laptop", good.copy().put("endpoint", 7)).expectError(400, "INVALID");
    register(bob, "laptop", good.copy().put("keys", new JsonObject().put("auth", "AAAAAAAAAAAAAAAAAAAAAA")))
        .expectError(400, "INVALID");
    JsonObject badKey = good.copy();
    badKey.getJsonObject("keys").put("p256dh", "BAAA" + "A".repeat(83));
    register(bob, "laptop", badKey).expectError(400, "INVALID");
    JsonObject shortAuth = good.copy();
    shortAuth.getJsonObject("keys").put("auth", "AAAA");
    register(bob, "laptop", shortAuth).expectError(400, "INVALID");
    // the refused ones changed nothing: the good registration is still the one pushed to
    long messageId = messageId(WsClient.open(vertx, server.port(), alice, "phone").ack(Frames.textTo(bob, "hi")));
    awaitPushed(messageId, "b1");
    assertThat(service.received("b1")).hasSize(1);
  }

  @Test
  @DisplayName("with bob offline each of his browsers gets exactly one push; with bob online, none")
  void exactlyOnePushPerDevice() throws Exception {
    Browser laptop = service.subscribe("laptop");
    Browser desktop = service.subscribe("desktop");
    register(bob, "laptop", laptop.subscription()).expect(204);
    register(bob, "desktop", desktop.subscription()).expect(204);
    WsClient alicePhone = server.device(vertx, alice, "phone");

    long offline = messageId(alicePhone.ack(Frames.textTo(bob, "are you there?")));
    awaitPushed(offline, laptop.id(), desktop.id());
    assertThat(service.problems()).isEmpty();
    for (Browser browser : new Browser[] {laptop, desktop}) {
      assertThat(service.received(browser.id())).singleElement().satisfies(push -> {
        assertThat(push.payload().getString("messageId")).isEqualTo(Ids.toHex(offline));
        assertThat(push.payload().getString("preview")).isEqualTo("are you there?");
        assertThat(push.payload().getString("senderId")).isEqualTo(alice.userId());
      });
    }

    WsClient bobPhone = server.device(vertx, bob, "phone");
    String live = alicePhone.ack(Frames.textTo(bob, "now you are")).getString("messageId");
    bobPhone.nextMessage(live);
    bobPhone.close();
    // decided in order: once the next message (bob offline again) is pushed, the live one was decided too
    long afterwards = messageId(alicePhone.ack(Frames.textTo(bob, "gone again")));
    awaitPushed(afterwards, laptop.id(), desktop.id());
    assertThat(service.received(laptop.id())).hasSize(2);
    assertThat(service.received(laptop.id()).get(1).payload().getString("messageId"))
        .isEqualTo(Ids.toHex(afterwards));
    assertThat(service.received(desktop.id())).hasSize(2);

    Scrape scrape = Scrape.of(server.metricsApi(vertx).get("/metrics", null));
    assertThat(scrape.value("parley_push_sent_total{provider=\"webpush\"}")).isGreaterThanOrEqualTo(4);
    assertThat(scrape.value("parley_push_queued_total{provider=\"webpush\"}")).isGreaterThanOrEqualTo(4);
    assertThat(scrape.has("parley_push_queue_size")).isTrue();
  }

  @Test
  @DisplayName("with previews turned off in PATCH /v1/me the push carries no text; turned on again, it does")
  void previewsOff() throws Exception {
    Browser laptop = service.subscribe("laptop");
    register(bob, "laptop", laptop.subscription()).expect(204);
    WsClient alicePhone = server.device(vertx, alice, "phone");
    api.patch("/v1/me", bob.token(), new JsonObject().put("pushPreviews", false)).expect(200);

    long quiet = messageId(alicePhone.ack(Frames.textTo(bob, "secret plans")));
    awaitPushed(quiet, laptop.id());
    api.patch("/v1/me", bob.token(), new JsonObject().put("pushPreviews", true)).expect(200);
    long loud = messageId(alicePhone.ack(Frames.textTo(bob, "party at 8")));
    awaitPushed(loud, laptop.id());

    assertThat(service.received(laptop.id())).hasSize(2);
    JsonObject first = service.received(laptop.id()).get(0).payload();
    assertThat(first.getString("messageId")).isEqualTo(Ids.toHex(quiet));
    assertThat(first.containsKey("preview")).isFalse();
    assertThat(first.encode()).doesNotContain("secret");
    assertThat(service.received(laptop.id()).get(1).payload().getString("preview")).isEqualTo("party at 8");
  }

  /**
   * Until each of the browsers got message {@code messageId} and bob's outbox is empty. Watched at the service, not in
   * the outbox: a notification stays there only until the service accepts it, which can be quicker than a poll.
   */
  private void awaitPushed(long messageId, String... browsers) throws InterruptedException {
    String id = Ids.toHex(messageId);
    until(() -> Arrays.stream(browsers).allMatch(browser -> service.received(browser).stream()
        .anyMatch(push -> id.equals(push.payload().getString("messageId")))));
    until(() -> outbox.pending(bob.userId()).isEmpty());
  }

  private ApiResponse register(TestUser user, String deviceId, JsonObject subscription) {
    JsonObject body = subscription == null ? new JsonObject() : subscription.copy();
    return api.put("/v1/devices/" + deviceId, user.token(), body.put("platform", "webpush"));
  }

  private static long messageId(JsonObject ack) {
    return Long.parseLong(ack.getString("messageId"), 16);
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static void until(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 15_000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("condition not met within 15 s");
      }
      Thread.sleep(50);
    }
  }
}
