package io.parley.push.fcm;

import io.parley.config.FcmConfig;
import io.parley.push.PushDelivery;
import io.parley.push.OnContext;
import io.parley.push.PushOutcome;
import io.parley.push.fcm.FcmServer.Answer;
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

import java.security.KeyPairGenerator;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The FCM provider against a local token endpoint and FCM send endpoint that check what they are sent. */
@ExtendWith(VertxExtension.class)
class FcmProviderTest {
  private OnContext onLoop;
  private Vertx vertx;
  private FcmServer fcm;
  private FcmProvider provider;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    onLoop = new OnContext(vertx);
    fcm = await(new FcmServer(vertx).start());
    provider = provider(ServiceAccount.parse(fcm.serviceAccount(fcm.keys())));
  }

  @AfterEach
  void stop() throws Exception {
    await(provider.close());
    await(fcm.close());
  }

  private FcmProvider provider(ServiceAccount account) {
    return new FcmProvider(vertx, new FcmConfig(true, "unused", fcm.origin()), account, 8000, 600,
        Clock.systemUTC());
  }

  @Test
  @DisplayName("sends carry a bearer token fetched once with a signed JWT grant, and the documented message shape")
  void tokenOnceAndShape() throws Exception {
    assertThat(sent(delivery("token-a", "hello")).kind()).isEqualTo(PushOutcome.Kind.ACCEPTED);
    assertThat(sent(delivery("token-b", "again")).kind()).isEqualTo(PushOutcome.Kind.ACCEPTED);

    assertThat(fcm.problems()).isEmpty();
    assertThat(fcm.tokenRequests()).isEqualTo(1);
    assertThat(fcm.received()).hasSize(2);
    JsonObject message = fcm.received().get(0);
    assertThat(message.getString("token")).isEqualTo("token-a");
    assertThat(message.getJsonObject("notification").getString("body")).isEqualTo("hello");
    assertThat(message.getJsonObject("data").getMap()).containsEntry("conversationId", "dm:a:b")
        .containsEntry("messageId", "00000000000000ff").containsEntry("messages", "2").containsEntry("unread", "5")
        .containsEntry("preview", "hello");
    JsonObject android = message.getJsonObject("android");
    assertThat(android.getString("collapse_key")).isEqualTo(FcmMessage.collapseKey("dm:a:b"));
    assertThat(android.getString("ttl")).isEqualTo("600s");
    assertThat(android.getJsonObject("notification").getInteger("notification_count")).isEqualTo(5);
  }

  @Test
  @DisplayName("the stand-in refuses a grant signed by another key; a refused access token is replaced")
  void grantsChecked() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    FcmProvider impostor = provider(ServiceAccount.parse(fcm.serviceAccount(generator.generateKeyPair())));
    assertThat(onLoop.await(() -> impostor.send(delivery("token-a", "x"))).kind()).isEqualTo(PushOutcome.Kind.RETRY);
    assertThat(fcm.problems()).singleElement().asString().contains("signature");
    await(impostor.close());

    assertThat(sent(delivery("token-a", "x")).kind()).isEqualTo(PushOutcome.Kind.ACCEPTED);
    fcm.revokeTokens();
    assertThat(sent(delivery("token-a", "x")).kind()).isEqualTo(PushOutcome.Kind.RETRY);
    assertThat(sent(delivery("token-a", "x")).kind()).isEqualTo(PushOutcome.Kind.ACCEPTED);
    assertThat(fcm.tokenRequests()).isEqualTo(3);
    assertThat(fcm.received()).hasSize(2);
  }

  @Test
  @DisplayName("UNREGISTERED and INVALID_ARGUMENT for the token are gone; 429 and 503 retry; another 400 rejects")
  void answersMapToOutcomes() throws Exception {
    fcm.answer(Answer.error(404, "NOT_FOUND", "Requested entity was not found.", "UNREGISTERED"),
        Answer.error(400, "INVALID_ARGUMENT", "The registration token is not a valid FCM registration token",
            "INVALID_ARGUMENT"),
        new Answer(429, new JsonObject(), Map.of("Retry-After", "9")), Answer.of(503),
        Answer.error(400, "INVALID_ARGUMENT", "Invalid value at 'message.data'", "INVALID_ARGUMENT"));

    assertThat(sent(delivery("t", "x")).kind()).isEqualTo(PushOutcome.Kind.GONE);
    assertThat(sent(delivery("t", "x")).kind()).isEqualTo(PushOutcome.Kind.GONE);
    PushOutcome throttled = sent(delivery("t", "x"));
    assertThat(throttled.kind()).isEqualTo(PushOutcome.Kind.RETRY);
    assertThat(throttled.retryAfterMillis()).isEqualTo(9000);
    assertThat(sent(delivery("t", "x")).kind()).isEqualTo(PushOutcome.Kind.RETRY);
    assertThat(sent(delivery("t", "x")).kind()).isEqualTo(PushOutcome.Kind.REJECTED);
    assertThat(fcm.problems()).isEmpty();
  }

  @Test
  @DisplayName("a message over 4096 bytes loses its preview to fit; one that cannot fit is not sent")
  void sizeCap() throws Exception {
    String preview = "p".repeat(400);
    assertThat(sent(delivery("t".repeat(3300), preview)).kind())
        .isEqualTo(PushOutcome.Kind.ACCEPTED);
    assertThat(fcm.received()).singleElement().satisfies(message -> {
      assertThat(message.getJsonObject("data").containsKey("preview")).isFalse();
      assertThat(message.getJsonObject("notification").containsKey("body")).isFalse();
    });
    assertThat(sent(delivery("t".repeat(4100), preview)).kind())
        .isEqualTo(PushOutcome.Kind.REJECTED);
    assertThat(sent(delivery("t".repeat(100), preview)).kind()).isEqualTo(PushOutcome.Kind.ACCEPTED);
    assertThat(fcm.received().get(1).getJsonObject("data").getString("preview")).isEqualTo(preview);
    assertThat(fcm.problems()).isEmpty();
  }

  private static PushDelivery delivery(String token, String preview) {
    return new PushDelivery(new PushNotification("b", "phone", "fcm", token, 255, "dm:a:b", "a", preview,
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
