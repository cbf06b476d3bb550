package io.parley.push.apns;

import io.parley.config.ApnsConfig;
import io.parley.presence.MutableClock;
import io.parley.push.ConversationKey;
import io.parley.push.PushDelivery;
import io.parley.push.OnContext;
import io.parley.push.PushOutcome;
import io.parley.push.apns.ApnsServer.Answer;
import io.parley.push.webpush.P256;
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
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The APNs provider against a local HTTP/2 server with a self-signed certificate that checks each request. */
@ExtendWith(VertxExtension.class)
class ApnsProviderTest {
  private OnContext onLoop;
  private static final String DEVICE = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";

  private Vertx vertx;
  private Path dir;
  private KeyPair key;
  private ApnsServer apns;
  private ApnsProvider provider;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dir) throws Exception {
    this.vertx = vertx;
    onLoop = new OnContext(vertx);
    this.dir = dir;
    key = P256.generate();
    apns = await(new ApnsServer(vertx, key).start());
    provider = provider(key, Clock.systemUTC());
  }

  @AfterEach
  void stop() throws Exception {
    await(provider.close());
    await(apns.close());
  }

  private ApnsProvider provider(KeyPair signingKey, Clock clock) throws Exception {
    ApnsConfig config = new ApnsConfig(true, ApnsServer.writeKey(signingKey, dir).toString(), ApnsServer.KEY_ID,
        ApnsServer.TEAM_ID, ApnsServer.TOPIC, apns.origin(), apns.caFile());
    return new ApnsProvider(vertx, config, ApnsProvider.readKey(config), 10_000, 600, clock);
  }

  @Test
  @DisplayName("HTTP/2 on one connection, a valid ES256 provider token reused, the apns-* headers and the aps payload")
  void deliveredOverHttp2() throws Exception {
    assertThat(sent(delivery("hello")).kind()).isEqualTo(PushOutcome.Kind.ACCEPTED);
    assertThat(sent(delivery(null)).kind()).isEqualTo(PushOutcome.Kind.ACCEPTED);

    assertThat(apns.problems()).isEmpty();
    assertThat(apns.providerTokens()).hasSize(1);
    assertThat(apns.connections()).isEqualTo(1);
    assertThat(apns.received()).hasSize(2);
    ApnsServer.Received first = apns.received().get(0);
    assertThat(first.deviceToken()).isEqualTo(DEVICE);
    assertThat(first.headers()).containsEntry("apns-collapse-id", ConversationKey.of("dm:a:b", 24))
        .containsEntry("apns-priority", "10").containsEntry("apns-push-type", "alert");
    assertThat(Long.parseLong(first.headers().get("apns-expiration")))
        .isBetween(System.currentTimeMillis() / 1000 + 500, System.currentTimeMillis() / 1000 + 700);
    JsonObject aps = first.body().getJsonObject("aps");
    assertThat(aps.getJsonObject("alert").getString("body")).isEqualTo("hello");
    assertThat(aps.getInteger("badge")).isEqualTo(5);
    assertThat(aps.getString("thread-id")).isEqualTo("dm:a:b");
    assertThat(first.body().getString("messageId")).isEqualTo("00000000000000ff");
    assertThat(apns.received().get(1).body().getJsonObject("aps").getJsonObject("alert").containsKey("body"))
        .isFalse();
  }

  @Test
  @DisplayName("the stand-in refuses a provider token signed by another key")
  void standInChecksSignature() throws Exception {
    ApnsProvider impostor = provider(P256.generate(), Clock.systemUTC());
    assertThat(onLoop.await(() -> impostor.send(delivery("x"))).kind()).isEqualTo(PushOutcome.Kind.REJECTED);
    await(impostor.close());
    assertThat(apns.problems()).singleElement().asString().contains("signature");
    assertThat(apns.received()).isEmpty();
  }

  @Test
  @DisplayName("Unregistered, BadDeviceToken and ExpiredToken are gone; 429 and 503 retry; 413 rejects")
  void answersMapToOutcomes() throws Exception {
    apns.answer(Answer.of(410, "Unregistered"), Answer.of(400, "BadDeviceToken"), Answer.of(410, "ExpiredToken"),
        new Answer(429, "TooManyRequests", Map.of("retry-after", "4")), Answer.of(503, "ServiceUnavailable"),
        Answer.of(413, "PayloadTooLarge"), Answer.of(400, "BadTopic"));
    for (int i = 0; i < 3; i++) {
      PushOutcome gone = sent(delivery("x"));
      assertThat(gone.kind()).as(gone.detail()).isEqualTo(PushOutcome.Kind.GONE);
    }
    PushOutcome throttled = sent(delivery("x"));
    assertThat(throttled.kind()).isEqualTo(PushOutcome.Kind.RETRY);
    assertThat(throttled.retryAfterMillis()).isEqualTo(4000);
    assertThat(sent(delivery("x")).kind()).isEqualTo(PushOutcome.Kind.RETRY);
    assertThat(sent(delivery("x")).kind()).isEqualTo(PushOutcome.Kind.REJECTED);
    assertThat(sent(delivery("x")).kind()).isEqualTo(PushOutcome.Kind.REJECTED);
    assertThat(apns.problems()).isEmpty();
  }

  @Test
  @DisplayName("the provider token is renewed after 40 minutes, and on ExpiredProviderToken only once 20 minutes old")
  void providerTokenRenewal() throws Exception {
    MutableClock clock = new MutableClock(System.currentTimeMillis() - 50 * 60_000);
    await(provider.close());
    provider = provider(key, clock);
    apns.answer(Answer.of(403, "ExpiredProviderToken"));
    assertThat(sent(delivery("x")).kind()).isEqualTo(PushOutcome.Kind.RETRY);
    assertThat(sent(delivery("x")).kind()).isEqualTo(PushOutcome.Kind.ACCEPTED);
    // refused at once after being issued: kept, as renewing that soon is refused by Apple
    assertThat(apns.providerTokens()).hasSize(1);

    clock.advance(41 * 60_000);
    assertThat(sent(delivery("x")).kind()).isEqualTo(PushOutcome.Kind.ACCEPTED);
    assertThat(apns.providerTokens()).hasSize(2);
    clock.advance(21 * 60_000);
    apns.answer(Answer.of(403, "ExpiredProviderToken"));
    assertThat(sent(delivery("x")).kind()).isEqualTo(PushOutcome.Kind.RETRY);
    clock.advance(-40 * 60_000);
    assertThat(sent(delivery("x")).kind()).isEqualTo(PushOutcome.Kind.ACCEPTED);
    assertThat(apns.providerTokens()).hasSize(3);
    assertThat(apns.problems()).isEmpty();
  }

  private static PushDelivery delivery(String preview) {
    return new PushDelivery(new PushNotification("b", "phone", "apns", DEVICE, 255, "dm:a:b", "a", preview,
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
