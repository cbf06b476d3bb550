package io.parley.gateway;

import io.parley.bus.UserDirectory;
import io.parley.bus.BusReplies;
import io.parley.bus.ChatException;
import io.parley.bus.Failure;
import io.parley.bus.SessionSignal;
import io.parley.protocol.Fields;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;

import static io.parley.bus.Addresses.STORAGE_GROUP_LIST;
import static io.parley.bus.Addresses.STORAGE_GROUP_REMOVE;
import static io.parley.bus.Addresses.STORAGE_USER_DELETE;
import static io.parley.bus.Addresses.STORAGE_USER_GET;
import static io.parley.bus.Addresses.STORAGE_USER_PASSWORD;

/**
 * What needs the password again, not only a token: changing it (which revokes every other session) and deleting the
 * account. A wrong password counts toward the login throttle of the account and address, so a stolen token cannot be
 * used to guess the password faster than a login could.
 */
final class CredentialRoutes {
  private final Vertx vertx;
  private final BusForward bus;
  private final PasswordHasher hasher;
  private final LoginThrottle throttle;
  private final SessionRoutes sessions;
  private final TokenService tokens;
  private final AccountEvents events;
  private final UserDirectory users;
  private final long usernameHoldMillis;
  private final Clock clock;

  CredentialRoutes(Vertx vertx, BusForward bus, GatewayServices services, SessionRoutes sessions,
      AccountEvents events, int usernameHoldSeconds, Clock clock) {
    this.vertx = vertx;
    this.bus = bus;
    this.hasher = services.hasher();
    this.throttle = services.throttle();
    this.tokens = services.tokens();
    this.users = services.users();
    this.sessions = sessions;
    this.events = events;
    this.usernameHoldMillis = usernameHoldSeconds * 1000L;
    this.clock = clock;
  }

  void mount(Router router) {
    router.put("/v1/me/password").handler(this::handleChangePassword);
    router.delete("/v1/me").handler(this::handleDeleteAccount);
  }

  private void handleChangePassword(RoutingContext ctx) {
    BusForward.guarded(ctx, () -> {
      JsonObject body = HttpJson.body(ctx);
      String current = Fields.string(body, "currentPassword", 1, 1024);
      String next = Fields.string(body, "newPassword", 8, 128);
      Caller caller = AuthHandler.caller(ctx);
      Future<JsonArray> revoked = reauthenticated(ctx, current)
          .compose(user -> vertx.executeBlocking(() -> hasher.hash(next), false))
          .compose(hash -> bus.<JsonArray>request(STORAGE_USER_PASSWORD, new JsonObject()
              .put("userId", caller.userId()).put("passwordHash", hash).put("keepSessionId", caller.sessionId())))
          .onSuccess(others -> others.forEach(id -> sessions.closeSession(caller.userId(), (String) id)));
      BusForward.respond(ctx, revoked, 204, ignored -> null);
    });
  }

  private void handleDeleteAccount(RoutingContext ctx) {
    BusForward.guarded(ctx, () -> {
      String password = Fields.string(HttpJson.body(ctx), "password", 1, 1024);
      String userId = HttpJson.userId(ctx);
      Future<Void> deleted = reauthenticated(ctx, password)
          .compose(user -> leaveGroups(userId))
          .compose(left -> bus.<Void>request(STORAGE_USER_DELETE, new JsonObject().put("userId", userId)
              .put("usernameFreeAt", clock.millis() + usernameHoldMillis)))
          .recover(CredentialRoutes::deletedAlready)
          .onSuccess(done -> {
            tokens.forgetUser(userId);
            users.publish(userId, SessionSignal.accountDeleted());
          });
      BusForward.respond(ctx, deleted, 204, ignored -> null);
    });
  }

  /**
   * Leaves the user's groups one by one as {@code DELETE /v1/groups/{id}/members/{self}} would, each told to its
   * members as {@code member.left}, before the account goes: a failure answers 503 with the account still there, and
   * the client's retry leaves the groups not left yet. (Storage's deletion leaves any group left over, untold.)
   */
  private Future<Void> leaveGroups(String userId) {
    JsonObject caller = new JsonObject().put("userId", userId);
    return bus.<JsonArray>request(STORAGE_GROUP_LIST, caller).compose(groups -> {
      Future<JsonObject> left = Future.succeededFuture();
      for (Object group : groups) {
        JsonObject request = caller.copy().put("groupId", ((JsonObject) group).getString("id")).put("memberId", userId);
        left = left.compose(previous -> bus.<JsonObject>request(STORAGE_GROUP_REMOVE, request))
            .compose(after -> events.memberGone(after, userId, userId));
      }
      return left.mapEmpty();
    });
  }

  /**
   * The caller's account once {@code password} is its password; {@code WRONG_PASSWORD} if not, {@code RATE_LIMITED}
   * with Retry-After while the throttle holds this account and address back.
   */
  private Future<JsonObject> reauthenticated(RoutingContext ctx, String password) {
    String address = ctx.request().remoteAddress().hostAddress();
    return bus.<JsonObject>request(STORAGE_USER_GET, new JsonObject().put("userId", HttpJson.userId(ctx)))
        .recover(CredentialRoutes::deletedAlready)
        .compose(user -> {
          String username = user.getString("username");
          long retryAfter = throttle.retryAfterSeconds(username, address);
          if (retryAfter > 0) {
            ctx.response().putHeader("Retry-After", String.valueOf(retryAfter));
            return Future.failedFuture(new ChatException(Failure.RATE_LIMITED,
                "too many wrong passwords; retry in " + retryAfter + " s"));
          }
          return vertx.executeBlocking(() -> hasher.matches(password, user.getString("passwordHash")), false)
              .compose(matches -> {
                if (!matches) {
                  throttle.failed(username, address);
                  return Future.failedFuture(new ChatException(Failure.WRONG_PASSWORD, "wrong password"));
                }
                throttle.succeeded(username, address);
                return Future.succeededFuture(user);
              });
        });
  }

  /** An account deleted meanwhile (by a concurrent request) ends the token as a deletion already done would. */
  private static <T> Future<T> deletedAlready(Throwable cause) {
    return Future.failedFuture(BusReplies.failureOf(cause) == Failure.NOT_FOUND
        ? new ChatException(Failure.UNAUTHORIZED, "account deleted") : cause);
  }
}
