package io.parley.gateway;

import io.parley.bus.BusReplies;
import io.parley.bus.ChatException;
import io.parley.bus.Failure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.time.Clock;

import static io.parley.bus.Addresses.STORAGE_SESSION_CREATE;
import static io.parley.bus.Addresses.STORAGE_SESSION_RENEW;
import static io.parley.gateway.TokenClaims.ALGORITHM;

/**
 * Issues and checks the HS256 tokens that authenticate HTTP requests and WebSocket upgrades. Each login is a session
 * in the store whose id the token carries as {@code sid}; a token passes when its claims are well formed
 * ({@link TokenClaims}), it was signed with our key, and its session is live ({@link ActiveSessions}).
 */
public final class TokenService {
  private final JWTAuth jwt;
  private final EventBus bus;
  private final ActiveSessions sessions;
  private final int ttlSeconds;
  private final Clock clock;

  public TokenService(Vertx vertx, String secret, int ttlSeconds, int sessionCheckSeconds, Clock clock) {
    // only HS256 is configured, so tokens claiming any other algorithm (alg=none included) are refused; the leeway
    // matches TokenClaims' so the library never refuses an iat that another node's clock put slightly ahead
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(secret))
        .setJWTOptions(new JWTOptions().setAlgorithm(ALGORITHM).setLeeway(TokenClaims.SKEW_SECONDS)));
    this.bus = vertx.eventBus();
    this.sessions = new ActiveSessions(bus, clock, sessionCheckSeconds);
    this.ttlSeconds = ttlSeconds;
    this.clock = clock;
  }

  /** A new session for {@code userId}, an existing user: {token, userId, sessionId, expiresAt}. */
  public Future<JsonObject> issue(String userId) {
    return bus.<JsonObject>request(STORAGE_SESSION_CREATE,
            new JsonObject().put("userId", userId).put("expiresAt", expiresAt()))
        .map(reply -> token(new Caller(userId, reply.body().getString("sessionId"))));
  }

  /** A fresh token for the caller's session, valid for another full lifetime; UNAUTHORIZED once it is revoked. */
  Future<JsonObject> renew(Caller caller) {
    return bus.<JsonObject>request(STORAGE_SESSION_RENEW, new JsonObject().put("userId", caller.userId())
            .put("sessionId", caller.sessionId()).put("expiresAt", expiresAt()))
        .recover(cause -> Future.failedFuture(BusReplies.failureOf(cause) == Failure.NOT_FOUND
            ? new ChatException(Failure.UNAUTHORIZED, "session ended: log in again") : cause))
        .map(Message::body)
        .map(renewed -> token(caller));
  }

  /**
   * The user and session of a valid token; fails with {@code UNAUTHORIZED} for any fault of the token or a session
   * that ended, and with {@code UNAVAILABLE} when the store cannot say whether it is live.
   */
  public Future<Caller> verify(String token) {
    return verifySignature(token).compose(caller -> sessions.confirm(caller).map(caller));
  }

  /**
   * The user and session of a token that is well formed, signed by the cluster's key and not expired, without asking
   * whether its session is still live: for what a token of an ended session may still learn (which node to connect
   * to), so that a thousand devices reconnecting at once do not each cost a store read before they even connect.
   */
  public Future<Caller> verifySignature(String token) {
    if (token == null || token.isEmpty()) {
      return Future.failedFuture(TokenClaims.refused("token required"));
    }
    Caller caller;
    try {
      caller = TokenClaims.caller(token, clock.millis() / 1000);
    } catch (ChatException e) {
      return Future.failedFuture(e);
    }
    return signed(token).map(caller);
  }

  /** Stops honouring a session at once on this node (the store already refuses it on every node). */
  void forget(String userId, String sessionId) {
    sessions.forget(userId, sessionId);
  }

  /** Stops honouring any session of a user at once on this node, after its password changed or it was deleted. */
  void forgetUser(String userId) {
    sessions.forgetUser(userId);
  }

  private long expiresAt() {
    return (clock.millis() / 1000 + ttlSeconds) * 1000;
  }

  private JsonObject token(Caller caller) {
    long expiresAt = expiresAt();
    String token = jwt.generateToken(new JsonObject().put(TokenClaims.SESSION, caller.sessionId()),
        new JWTOptions().setAlgorithm(ALGORITHM).setSubject(caller.userId()).setExpiresInSeconds(ttlSeconds));
    sessions.remember(caller);
    return new JsonObject().put("token", token).put("userId", caller.userId()).put("sessionId", caller.sessionId())
        .put("expiresAt", expiresAt);
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
