package io.parley.gateway;

import io.parley.bus.BusReplies;
import io.parley.bus.ChatException;
import io.parley.bus.Failure;
import io.parley.protocol.Fields;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

import static io.parley.bus.Addresses.STORAGE_FRIEND_LIST;
import static io.parley.bus.Addresses.STORAGE_PUSH_PREVIEWS;
import static io.parley.bus.Addresses.STORAGE_USER_CREATE;
import static io.parley.bus.Addresses.STORAGE_USER_GET;
import static io.parley.bus.Addresses.STORAGE_USER_UPDATE;

/** Sign-up, login and profiles. */
final class AccountRoutes {
  private final Vertx vertx;
  private final BusForward bus;
  private final TokenService tokens;
  private final PasswordHasher hasher;
  private final LoginThrottle throttle;
  private final AccountEvents events;

  AccountRoutes(Vertx vertx, BusForward bus, TokenService tokens, PasswordHasher hasher, LoginThrottle throttle,
      AccountEvents events) {
    this.vertx = vertx;
    this.bus = bus;
    this.tokens = tokens;
    this.hasher = hasher;
    this.throttle = throttle;
    this.events = events;
  }

  void mountPublic(Router router) {
    router.post("/v1/accounts").handler(this::handleSignUp);
    router.post("/v1/sessions").handler(this::handleLogin);
    // past these paths the token check would answer a wrong method with 401, so they answer it themselves
    router.route("/v1/accounts").handler(HttpJson::methodNotAllowed);
    router.route("/v1/sessions").handler(AccountRoutes::listOrRefuse);
  }

  /** {@code GET /v1/sessions} lists the caller's sessions past the token check; other methods are refused here. */
  private static void listOrRefuse(RoutingContext ctx) {
    if (ctx.request().method() == HttpMethod.GET) {
      ctx.next();
    } else {
      HttpJson.methodNotAllowed(ctx);
    }
  }

  void mountAuthenticated(Router router) {
    router.get("/v1/me").handler(this::handleGetMe);
    router.patch("/v1/me").handler(this::handleUpdateMe);
    router.get("/v1/users/:userId").handler(this::handleGetUser);
    router.get("/v1/users").handler(this::handleFindUser);
  }

  private void handleSignUp(RoutingContext ctx) {
    BusForward.guarded(ctx, () -> {
      JsonObject body = HttpJson.body(ctx);
      String username = Fields.matching(body, "username", 3, 32, Fields.NAME);
      String password = Fields.string(body, "password", 8, 128);
      String displayName = Fields.optionalString(body, "displayName", 1, 64);
      Future<JsonObject> created = vertx.executeBlocking(() -> hasher.hash(password), false)
          .compose(hash -> bus.request(STORAGE_USER_CREATE, new JsonObject().put("username", username)
              .put("displayName", displayName == null ? username : displayName).put("passwordHash", hash)));
      // a new account's push previews are on, as the store answers for a user who never set them
      BusForward.respond(ctx, created.map(user -> user.copy().put("pushPreviews", true)), 201, AccountRoutes::profile);
    });
  }

  private void handleLogin(RoutingContext ctx) {
    BusForward.guarded(ctx, () -> {
      JsonObject body = HttpJson.body(ctx);
      String username = Fields.string(body, "username", 1, 128);
      String password = Fields.string(body, "password", 1, 1024);
      String address = ctx.request().remoteAddress().hostAddress();
      if (throttled(ctx, username, address)) {
        return;
      }
      Future<JsonObject> session = bus.<JsonObject>request(STORAGE_USER_GET, new JsonObject().put("username", username))
          .recover(cause -> BusReplies.failureOf(cause) == Failure.NOT_FOUND ? Future.succeededFuture()
              : Future.failedFuture(cause))
          .compose(user -> vertx.executeBlocking(() ->
              hasher.matches(password, user == null ? null : user.getString("passwordHash")), false)
              .compose(matches -> {
                if (!matches) {
                  throttle.failed(username, address);
                  return Future.failedFuture(new ChatException(Failure.UNAUTHORIZED, "wrong username or password"));
                }
                throttle.succeeded(username, address);
                return tokens.issue(user.getString("id"));
              }));
      BusForward.respond(ctx, session, 200, json -> json);
    });
  }

  /**
   * Answers 429 with Retry-After, without checking the password, if this address has failed too often of late, at
   * this account or across all.
   */
  private boolean throttled(RoutingContext ctx, String username, String address) {
    long retryAfter = throttle.retryAfterSeconds(username, address);
    if (retryAfter == 0) {
      return false;
    }
    ctx.response().putHeader("Retry-After", String.valueOf(retryAfter));
    HttpJson.fail(ctx, Failure.RATE_LIMITED, "too many failed logins from this address"
        + (throttle.addressLimited(address) ? "" : " for this account") + "; retry in " + retryAfter + " s");
    return true;
  }

  /** The caller's profile and, theirs alone to see, whether their push notifications show previews. */
  private void handleGetMe(RoutingContext ctx) {
    JsonObject userId = new JsonObject().put("userId", HttpJson.userId(ctx));
    Future<JsonObject> me = bus.<JsonObject>request(STORAGE_USER_GET, userId)
        .compose(user -> bus.<JsonObject>request(STORAGE_PUSH_PREVIEWS, userId).map(previews -> user.copy()
            .put("pushPreviews", previews.getBoolean("pushPreviews"))));
    BusForward.respond(ctx, me, 200, AccountRoutes::profile);
  }

  private void handleUpdateMe(RoutingContext ctx) {
    BusForward.guarded(ctx, () -> {
      JsonObject body = HttpJson.body(ctx);
      JsonObject update = new JsonObject().put("userId", HttpJson.userId(ctx));
      String displayName = Fields.optionalString(body, "displayName", 1, 64);
      String bio = Fields.optionalString(body, "bio", 0, 500);
      if (displayName != null) {
        update.put("displayName", displayName);
      }
      if (bio != null) {
        update.put("bio", bio);
      }
      Object previews = body.getValue("pushPreviews");
      if (previews != null && !(previews instanceof Boolean)) {
        throw Fields.invalid("pushPreviews must be true or false");
      }
      if (previews != null) {
        update.put("pushPreviews", previews);
      }
      BusForward.respond(ctx, bus.<JsonObject>request(STORAGE_USER_UPDATE, update).compose(this::toldFriends), 200,
          AccountRoutes::profile);
    });
  }

  /** Tells the user's friends of the new profile, as an account event; then the profile is the answer. */
  private Future<JsonObject> toldFriends(JsonObject user) {
    String userId = user.getString("id");
    JsonObject event = new JsonObject().put("type", "profile.updated").put("profile", profile(user));
    return bus.<JsonArray>request(STORAGE_FRIEND_LIST, new JsonObject().put("userId", userId))
        .compose(friends -> {
          @SuppressWarnings("unchecked")
          List<String> ids = friends.getList();
          return events.toUsers(userId, event, ids);
        })
        .map(user);
  }

  private void handleGetUser(RoutingContext ctx) {
    BusForward.guarded(ctx, () -> userById(ctx, BusForward.pathId(ctx, "userId")));
  }

  private void handleFindUser(RoutingContext ctx) {
    String username = ctx.request().getParam("username");
    if (username == null || username.isEmpty()) {
      HttpJson.fail(ctx, Failure.INVALID, "username query parameter is required");
      return;
    }
    BusForward.respond(ctx, bus.<JsonObject>request(STORAGE_USER_GET, new JsonObject().put("username", username)),
        200, AccountRoutes::profile);
  }

  private void userById(RoutingContext ctx, String userId) {
    BusForward.respond(ctx, bus.<JsonObject>request(STORAGE_USER_GET, new JsonObject().put("userId", userId)),
        200, AccountRoutes::profile);
  }

  /** A user as clients see it: never the password hash; {@code pushPreviews} only when the caller's own. */
  static JsonObject profile(JsonObject user) {
    JsonObject profile = new JsonObject().put("userId", user.getString("id"))
        .put("username", user.getString("username"))
        .put("displayName", user.getString("displayName")).put("bio", user.getString("bio"))
        .put("createdAt", user.getLong("createdAt"));
    if (user.containsKey("pushPreviews")) {
      profile.put("pushPreviews", user.getBoolean("pushPreviews"));
    }
    return profile;
  }
}
