package io.parley.gateway;

import io.parley.bus.ChatException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.time.Clock;

import static io.parley.gateway.TokenClaims.ALGORITHM;

/**
 * Issues and checks the HS256 tokens that authenticate HTTP requests and WebSocket upgrades. A token passes when its
 * claims are well formed ({@link TokenClaims}), it was signed with our key, and its user exists.
 */
public final class TokenService {
  private final JWTAuth jwt;
  private final ExistingUsers users;
  private final int ttlSeconds;
  private final Clock clock;

  public TokenService(Vertx vertx, String secret, int ttlSeconds, Clock clock) {
    // only HS256 is configured, so tokens claiming any other algorithm (alg=none included) are refused; the leeway
    // matches TokenClaims' so the library never refuses an iat that another node's clock put slightly ahead
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(secret))
        .setJWTOptions(new JWTOptions().setAlgorithm(ALGORITHM).setLeeway(TokenClaims.SKEW_SECONDS)));
    this.users = new ExistingUsers(vertx.eventBus(), clock);
    this.ttlSeconds = ttlSeconds;
    this.clock = clock;
  }

  /** A token for {@code userId}, an existing user, and the epoch millisecond it expires at. */
  public JsonObject issue(String userId) {
    long expiresAt = (clock.millis() / 1000 + ttlSeconds) * 1000;
    String token = jwt.generateToken(new JsonObject(), new JWTOptions().setAlgorithm(ALGORITHM)
        .setSubject(userId).setExpiresInSeconds(ttlSeconds));
    users.remember(userId);
    return new JsonObject().put("token", token).put("userId", userId).put("expiresAt", expiresAt);
  }

  /**
   * The user id a valid token was issued to; fails with {@code UNAUTHORIZED} for any fault of the token, and with
   * {@code UNAVAILABLE} when the store cannot say whether its user exists.
   */
  public Future<String> verify(String token) {
    if (token == null || token.isEmpty()) {
      return Future.failedFuture(TokenClaims.refused("token required"));
    }
    String userId;
    try {
      userId = TokenClaims.subject(token, clock.millis() / 1000);
    } catch (ChatException e) {
      return Future.failedFuture(e);
    }
    return signed(token).compose(ok -> users.confirm(userId)).map(userId);
  }

  private Future<Void> signed(String token) {
    try {
      return jwt.authenticate(new TokenCredentials(token)).<Void>mapEmpty()
          .recover(cause -> Future.failedFuture(TokenClaims.refused("invalid token")));
    } catch (RuntimeException e) {
      // the library throws on input it did not expect; whatever it is, the token is not one we issued
      return Future.failedFuture(TokenClaims.refused("invalid token"));
    }
  }
}
