package io.parley.push.apns;

import io.parley.config.ApnsConfig;
import io.parley.push.ConversationKey;
import io.parley.push.PushDelivery;
import io.parley.push.PushOutcome;
import io.parley.push.PushPayload;
import io.parley.push.PushProvider;
import io.parley.push.RetryAfter;
import io.parley.push.ServiceCall;
import io.parley.push.ServiceCall.Answer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.Set;

/**
 * APNs over one long-lived HTTP/2 connection (TLS with ALPN, kept open for an hour of silence) with token
 * authentication: {@code POST /3/device/<token>} with {@code authorization: bearer <provider token>},
 * {@code apns-topic}, {@code apns-push-type: alert}, {@code apns-collapse-id} per conversation,
 * {@code apns-expiration} and {@code apns-priority: 10}. {@code Unregistered}, {@code BadDeviceToken} and
 * {@code ExpiredToken} mean the device token is gone.
 */
public final class ApnsProvider implements PushProvider {
  public static final String PLATFORM = "apns";
  private static final Set<String> GONE = Set.of("Unregistered", "BadDeviceToken", "ExpiredToken");
  private static final int MAX_BYTES = 4096;
  private static final int KEEP_ALIVE_SECONDS = 3600;

  private final ApnsConfig config;
  private final int ttlSeconds;
  private final Clock clock;
  private final ProviderToken tokens;
  private final ServiceCall calls;

  public ApnsProvider(Vertx vertx, ApnsConfig config, PrivateKey key, int timeoutMillis, int ttlSeconds,
      Clock clock) {
    this.config = config;
    this.ttlSeconds = ttlSeconds;
    this.clock = clock;
    this.tokens = new ProviderToken(key, config.keyId(), config.teamId(), clock);
    HttpClientOptions options = new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setSsl(true)
        .setUseAlpn(true).setHttp2KeepAliveTimeout(KEEP_ALIVE_SECONDS).setIdleTimeout(KEEP_ALIVE_SECONDS);
    if (!config.caFile().isEmpty()) {
      options.setTrustOptions(new PemTrustOptions().addCertPath(config.caFile()));
    }
    this.calls = new ServiceCall(vertx, vertx.createHttpClient(options, new PoolOptions().setHttp2MaxSize(1)),
        timeoutMillis);
  }

  /** Blocking: reads the key file. */
  public static PrivateKey readKey(ApnsConfig config) throws IOException, GeneralSecurityException {
    return ProviderToken.readKey(Path.of(config.keyFile()));
  }

  @Override
  public String platform() {
    return PLATFORM;
  }

  @Override
  public Future<PushOutcome> send(PushDelivery delivery) {
    String token = delivery.latest().pushToken();
    if (!token.matches("[0-9A-Fa-f]{1,200}")) {
      return Future.succeededFuture(PushOutcome.gone("not an APNs device token"));
    }
    Buffer body = body(PushPayload.json(delivery));
    if (body == null) {
      return Future.succeededFuture(PushOutcome.rejected("payload over APNs' 4096-byte limit"));
    }
    RequestOptions request;
    try {
      request = new RequestOptions().setMethod(HttpMethod.POST)
          .setAbsoluteURI(config.endpoint().replaceAll("/+$", "") + "/3/device/" + token)
          .putHeader("authorization", "bearer " + tokens.current())
          .putHeader("apns-topic", config.topic())
          .putHeader("apns-push-type", "alert")
          .putHeader("apns-collapse-id", ConversationKey.of(delivery.latest().conversationId(), 24))
          .putHeader("apns-expiration", Long.toString(clock.millis() / 1000 + ttlSeconds))
          .putHeader("apns-priority", "10")
          .putHeader("content-type", "application/json");
    } catch (GeneralSecurityException e) {
      return Future.succeededFuture(PushOutcome.rejected("provider token not signed: " + e.getMessage()));
    }
    return calls.send(request, body).map(this::outcome)
        .otherwise(cause -> PushOutcome.retry(-1, "no answer: " + cause.getMessage()));
  }

  /**
   * {@code aps} with the alert (the preview as body when there is one), the unread count as badge, the conversation
   * as {@code thread-id}; the payload's other fields beside it. Within 4096 bytes, the preview left out to fit.
   */
  static Buffer body(JsonObject payload) {
    for (boolean withPreview : new boolean[] {true, false}) {
      JsonObject fields = payload.copy();
      String preview = withPreview ? (String) fields.remove("preview") : null;
      fields.remove("preview");
      JsonObject alert = new JsonObject().put("title", "New message");
      if (preview != null) {
        alert.put("body", preview);
      }
      JsonObject aps = new JsonObject().put("alert", alert).put("badge", payload.getInteger("unread"))
          .put("sound", "default").put("thread-id", payload.getString("conversationId"));
      Buffer body = Buffer.buffer(fields.put("aps", aps).encode());
      if (body.length() <= MAX_BYTES) {
        return body;
      }
    }
    return null;
  }

  private PushOutcome outcome(Answer answer) {
    int status = answer.status();
    String reason = reason(answer.body());
    String detail = status + " " + reason;
    if (status == 200) {
      return PushOutcome.accepted();
    }
    if (status == 410 || GONE.contains(reason)) {
      return PushOutcome.gone(detail);
    }
    if (status == 403 && ("ExpiredProviderToken".equals(reason) || "InvalidProviderToken".equals(reason))) {
      tokens.expired();
      return PushOutcome.retry(-1, detail);
    }
    if (status == 429 || status >= 500) {
      return PushOutcome.retry(RetryAfter.millis(answer.header("retry-after"), clock), detail);
    }
    return PushOutcome.rejected(detail);
  }

  private static String reason(Buffer answer) {
    try {
      return answer.length() == 0 ? "" : new JsonObject(answer.toString(StandardCharsets.UTF_8)).getString("reason",
          "");
    } catch (DecodeException | ClassCastException e) {
      return "";
    }
  }

  @Override
  public Future<Void> close() {
    return calls.close();
  }
}
