package io.parley.push.webpush;

import io.parley.config.WebPushConfig;
import io.parley.push.PushDelivery;
import io.parley.push.OnContext;
import io.parley.push.PushOutcome;
import io.parley.push.webpush.WebPushServer.Answer;
import io.parley.push.webpush.WebPushServer.Browser;
import io.parley.storage.PushNotification;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The Web Push provider against a local push service that decrypts and verifies what it is sent. */
@ExtendWith(VertxExtension.class)
class WebPushProviderTest {
  private OnContext onLoop;
  private static final WebPushConfig CONFIG = new WebPushConfig(true, "mailto:ops@example.com", "", "", true);

  private WebPushServer service;
  private WebPushProvider provider;
  private VapidKeys keys;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    onLoop = new OnContext(vertx);
    service = await(new WebPushServer(vertx).start());
    KeyPair pair = P256.generate();
    keys = new VapidKeys((ECPublicKey) pair.getPublic(), (ECPrivateKey) pair.getPrivate());
    provider = new WebPushProvider(vertx, CONFIG, 8000, 3600, keys, Clock.systemUTC());
    service.expectKey(provider.publicKey());
  }

  @AfterEach
  void stop() throws Exception {
    await(provider.close());
    await(service.close());
  }

  @Test
  @DisplayName("a delivery is encrypted for the browser, VAPID-signed by the server's key, with TTL, Urgency, Topic")
  void deliveredAndDecrypted() throws Exception {
    Browser browser = service.subscribe("b1");
    PushOutcome outcome = sent(delivery(browser, "dm:a:b", "hello"));

    assertThat(outcome.kind()).isEqualTo(PushOutcome.Kind.ACCEPTED);
    assertThat(service.problems()).isEmpty();
    assertThat(service.received()).singleElement().satisfies(received -> {
      assertThat(received.payload()).isEqualTo(new JsonObject().put("type", "message").put("conversationId", "dm:a:b")
          .put("messageId", "00000000000000ff").put("senderId", "a").put("preview", "hello").put("messages", 2)
          .put("unread", 5));
      assertThat(received.topic()).isEqualTo(WebPushProvider.topic("dm:a:b")).hasSize(32);
      assertThat(received.urgency()).isEqualTo("high");
      assertThat(received.ttl()).isEqualTo(3600);
      assertThat(received.claims().getString("sub")).isEqualTo("mailto:ops@example.com");
    });
    assertThat(WebPushProvider.topic("dm:a:c")).isNotEqualTo(WebPushProvider.topic("dm:a:b"));
  }

  @Test
  @DisplayName("the stand-in refuses a token of another key and a body encrypted for another browser")
  void standInChecksCanFail() throws Exception {
    Browser browser = service.subscribe("b1");
    Browser other = service.subscribe("b2");
    service.expectKey(P256.base64Url(P256.encode((ECPublicKey) P256.generate().getPublic())));
    assertThat(sent(delivery(browser, "dm:a:b", "x")).kind()).isEqualTo(PushOutcome.Kind.REJECTED);
    assertThat(service.problems()).singleElement().asString().contains("is not the server's");

    service.expectKey(provider.publicKey());
    Browser swapped = new Browser("b1", other.keys(), other.auth(), browser.endpoint());
    assertThat(sent(delivery(swapped, "dm:a:b", "x")).kind()).isEqualTo(PushOutcome.Kind.REJECTED);
    assertThat(service.problems()).hasSize(2);
    assertThat(service.received()).isEmpty();
  }

  @Test
  @DisplayName("404 and 410 say the subscription is gone; 429, 5xx and no answer retry, with Retry-After; 413 rejects")
  void answersMapToOutcomes(Vertx vertx) throws Exception {
    Browser browser = service.subscribe("b1");
    service.answer(Answer.of(410), Answer.of(404), new Answer(429, Map.of("Retry-After", "7")), Answer.of(503),
        Answer.of(413));

    assertThat(sent(delivery(browser, "dm:a:b", "x")).kind()).isEqualTo(PushOutcome.Kind.GONE);
    assertThat(sent(delivery(browser, "dm:a:b", "x")).kind()).isEqualTo(PushOutcome.Kind.GONE);
    PushOutcome throttled = sent(delivery(browser, "dm:a:b", "x"));
    assertThat(throttled.kind()).isEqualTo(PushOutcome.Kind.RETRY);
    assertThat(throttled.retryAfterMillis()).isEqualTo(7000);
    PushOutcome unavailable = sent(delivery(browser, "dm:a:b", "x"));
    assertThat(unavailable.kind()).isEqualTo(PushOutcome.Kind.RETRY);
    assertThat(unavailable.retryAfterMillis()).isEqualTo(-1);
    assertThat(sent(delivery(browser, "dm:a:b", "x")).kind()).isEqualTo(PushOutcome.Kind.REJECTED);
    assertThat(service.problems()).isEmpty();

    await(service.close());
    assertThat(sent(delivery(browser, "dm:a:b", "x")).kind()).isEqualTo(PushOutcome.Kind.RETRY);
    // for stop(), which closes it again
    service = await(new WebPushServer(vertx).start());
  }

  private static PushDelivery delivery(Browser browser, String conversationId, String preview) {
    String token = WebPushSubscription.fromBrowser(browser.subscription(), true).toToken();
    return new PushDelivery(new PushNotification("b", "laptop", "webpush", token, 255, conversationId, "a", preview,
        System.currentTimeMillis()), 2, 5);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** What the provider made of the delivery, asked on an event loop as the push verticle asks. */
  private PushOutcome sent(PushDelivery delivery) throws Exception {
    return onLoop.await(() -> provider.send(delivery));
  }
}
