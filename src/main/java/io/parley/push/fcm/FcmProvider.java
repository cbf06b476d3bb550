package io.parley.push.fcm;

import io.parley.config.FcmConfig;
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
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * FCM HTTP v1: {@code POST <endpoint>/v1/projects/<project>/messages:send} with a bearer token from
 * {@link AccessTokens}, the message built by {@link FcmMessage}. 404 ({@code UNREGISTERED}) and 400
 * {@code INVALID_ARGUMENT} about the registration token mean the token is gone; 401 drops the cached access token and
 * retries; 429 and 5xx retry with {@code Retry-After}.
 */
public final class FcmProvider implements PushProvider {
  public static final String PLATFORM = "fcm";

  private final ServiceAccount account;
  private final String sendUri;
  private final int ttlSeconds;
  private final Clock clock;
  private final ServiceCall calls;
  private final AccessTokens tokens;

  public FcmProvider(Vertx vertx, FcmConfig config, ServiceAccount account, int timeoutMillis, int ttlSeconds,
      Clock clock) {
    this.account = account;
    this.sendUri = config.endpoint().replaceAll("/+$", "") + "/v1/projects/" + account.projectId() + "/messages:send";
    this.ttlSeconds = ttlSeconds;
    this.clock = clock;
    this.calls = new ServiceCall(vertx, vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)),
        timeoutMillis);
    this.tokens = new AccessTokens(account, calls, clock);
  }

  @Override
  public String platform() {
    return PLATFORM;
  }

  @Override
  public Future<PushOutcome> send(PushDelivery delivery) {
    JsonObject message = FcmMessage.of(delivery.latest().pushToken(), PushPayload.json(delivery), ttlSeconds);
    if (message == null) {
      return Future.succeededFuture(PushOutcome.rejected("message over FCM's 4096-byte limit"));
    }
    Buffer body = Buffer.buffer(message.encode());
    return tokens.current()
        .compose(token -> calls.send(new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(sendUri)
                .putHeader("Authorization", "Bearer " + token)
                .putHeader("Content-Type", "application/json; charset=UTF-8"), body))
        .map(this::outcome)
        .otherwise(cause -> PushOutcome.retry(-1, "no answer: " + cause.getMessage()));
  }

  private PushOutcome outcome(Answer answer) {
    int status = answer.status();
    JsonObject error = error(answer.body());
    String detail = status + " " + error.getString("status", "") + " " + error.getString("message", "");
    if (status == 200) {
      return PushOutcome.accepted();
    }
    if (status == 404 || status == 400 && "INVALID_ARGUMENT".equals(error.getString("status"))
        && error.getString("message", "").toLowerCase().contains("registration token")) {
      return PushOutcome.gone(detail);
    }
    if (status == 401) {
      tokens.invalidate();
      return PushOutcome.retry(-1, detail);
    }
    if (status == 429 || status >= 500) {
      return PushOutcome.retry(RetryAfter.millis(answer.header("Retry-After"), clock), detail);
    }
    return PushOutcome.rejected(detail);
  }

  private static JsonObject error(Buffer answer) {
    try {
      JsonObject json = new JsonObject(answer.toString(StandardCharsets.UTF_8));
      return json.getValue("error") instanceof JsonObject error ? error : new JsonObject();
    } catch (DecodeException | ClassCastException e) {
      return new JsonObject();
    }
  }

  /** The project messages go to, for the log. */
  public String projectId() {
    return account.projectId();
  }

  @Override
  public Future<Void> close() {
    return calls.close();
  }
}
