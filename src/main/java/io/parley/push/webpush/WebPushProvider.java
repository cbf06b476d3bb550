package io.parley.push.webpush;

import io.parley.config.WebPushConfig;
import io.parley.push.ConversationKey;
import io.parley.push.PushDelivery;
import io.parley.push.PushOutcome;
import io.parley.push.PushPayload;
import io.parley.push.PushProvider;
import io.parley.push.RetryAfter;
import io.parley.push.ServiceCall;
import io.parley.push.ServiceCall.Answer;
import io.parley.storage.PushNotification;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;

/**
 * Web Push to browsers: a POST to the subscription's endpoint (RFC 8030) with the payload encrypted for the browser
 * (RFC 8291, {@code aes128gcm}) and a VAPID token (RFC 8292). {@code Topic} is derived from the conversation, so a
 * service holding an undelivered notification of the same conversation replaces it rather than queueing a second.
 */
public final class WebPushProvider implements PushProvider {
  public static final String PLATFORM = "webpush";

  private final WebPushConfig config;
  private final int ttlSeconds;
  private final VapidKeys keys;
  private final VapidToken tokens;
  private final Clock clock;
  private final ServiceCall calls;

  public WebPushProvider(Vertx vertx, WebPushConfig config, int requestTimeoutMillis, int ttlSeconds, VapidKeys keys,
      Clock clock) {
    this.config = config;
    this.ttlSeconds = ttlSeconds;
    this.keys = keys;
    this.tokens = new VapidToken(keys, config.subject(), clock);
    this.clock = clock;
    this.calls = new ServiceCall(vertx, vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)),
        requestTimeoutMillis);
  }

  @Override
  public String platform() {
    return PLATFORM;
  }

  /** The VAPID public key browsers subscribe with, base64url. */
  public String publicKey() {
    return keys.publicKeyText();
  }

  @Override
  public Future<PushOutcome> send(PushDelivery delivery) {
    PushNotification latest = delivery.latest();
    WebPushSubscription subscription;
    RequestOptions request;
    byte[] body;
    try {
      subscription = WebPushSubscription.fromToken(latest.pushToken());
      body = Aes128Gcm.encrypt(PushPayload.json(delivery).encode().getBytes(StandardCharsets.UTF_8),
          subscription.p256dh(), subscription.auth());
      request = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(subscription.endpoint().toString())
          .putHeader("TTL", Integer.toString(ttlSeconds))
          .putHeader("Urgency", "high")
          .putHeader("Topic", topic(latest.conversationId()))
          .putHeader("Content-Encoding", "aes128gcm")
          .putHeader("Content-Type", "application/octet-stream")
          .putHeader("Authorization", tokens.authorization(subscription.origin()));
    } catch (GeneralSecurityException | RuntimeException e) {
      return Future.succeededFuture(PushOutcome.rejected("subscription unusable: " + e.getMessage()));
    }
    return calls.send(request, Buffer.buffer(body)).map(this::outcome)
        .otherwise(cause -> PushOutcome.retry(-1, "no answer: " + cause.getMessage()));
  }

  private PushOutcome outcome(Answer answer) {
    int status = answer.status();
    String detail = status + " " + answer.text().lines().findFirst().orElse("");
    if (status >= 200 && status < 300) {
      return PushOutcome.accepted();
    }
    if (status == 404 || status == 410) {
      return PushOutcome.gone(detail);
    }
    // 406 is how Windows' push service says 429
    if (status == 429 || status == 406 || status >= 500) {
      return PushOutcome.retry(RetryAfter.millis(answer.header("Retry-After"), clock), detail);
    }
    return PushOutcome.rejected(detail);
  }

  /** At most 32 characters of the base64url alphabet (RFC 8030 5.4): 24 bytes of the conversation id's SHA-256. */
  static String topic(String conversationId) {
    return ConversationKey.of(conversationId, 24);
  }


  @Override
  public Future<Void> close() {
    return calls.close();
  }
}
