package io.parley.gateway;

import io.parley.bus.ChatException;
import io.parley.bus.Failure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.time.Clock;

/** Issues and checks the HS256 tokens that authenticate HTTP requests and WebSocket upgrades. */
public final class TokenService {
  private static final String ALGORITHM = "HS256";

  private final JWTAuth jwt;
  private final int ttlSeconds;
  private final Clock clock;

  public TokenService(Vertx vertx, String secret, int ttlSeconds, Clock clock) {
    // only HS256 is configured, so tokens claiming any other algorithm (alg=none included) are refused
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(secret))
        .setJWTOptions(new JWTOptions().setAlgorithm(ALGORITHM)));
    this.ttlSeconds = ttlSeconds;
    this.clock = clock;
  }

  /** A token for {@code userId} and the epoch millisecond it expires at. */
  public JsonObject issue(String userId) {
    long expiresAt = (clock.millis() / 1000 + ttlSeconds) * 1000;
    String token = jwt.generateToken(new JsonObject(), new JWTOptions().setAlgorithm(ALGORITHM)
        .setSubject(userId).setExpiresInSeconds(ttlSeconds));
    return new JsonObject().put("token", token).put("userId", userId).put("expiresAt", expiresAt);
  }

  /** The user id a valid token was issued to; fails with {@code UNAUTHORIZED} otherwise. */
  public Future<String> verify(String token) {
    if (token == null || token.isEmpty()) {
      return Future.failedFuture(new ChatException(Failure.UNAUTHORIZED, "token required"));
    }
    return jwt.authenticate(new TokenCredentials(token))
        .map(user -> user.principal().getString("sub"))
        .compose(sub -> sub == null
            ? Future.failedFuture(new ChatException(Failure.UNAUTHORIZED, "token has no subject"))
            : Future.succeededFuture(sub))
        .recover(cause -> Future.failedFuture(cause instanceof ChatException ? cause
            : new ChatException(Failure.UNAUTHORIZED, "invalid token")));
  }
}
