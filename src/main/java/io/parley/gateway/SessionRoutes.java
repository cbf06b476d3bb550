package io.parley.gateway;

import io.parley.bus.UserDirectory;
import io.parley.bus.SessionSignal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import static io.parley.bus.Addresses.STORAGE_SESSION_LIST;
import static io.parley.bus.Addresses.STORAGE_SESSION_REVOKE;

/**
 * The caller's login sessions: list them, renew the current one, and log out (revoke one). A revocation is in the
 * store first, so every node refuses the session's tokens; then this node forgets it at once, and the sockets of that
 * session on every node are told to close.
 */
final class SessionRoutes {
  static final String CURRENT = "current";

  private final BusForward bus;
  private final UserDirectory users;
  private final TokenService tokens;

  SessionRoutes(BusForward bus, UserDirectory users, TokenService tokens) {
    this.bus = bus;
    this.users = users;
    this.tokens = tokens;
  }

  void mount(Router router) {
    router.get("/v1/sessions").handler(this::handleList);
    router.post("/v1/sessions/current/renew").handler(this::handleRenew);
    router.delete("/v1/sessions/:sessionId").handler(this::handleRevoke);
  }

  private void handleList(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    Future<JsonArray> sessions = bus.request(STORAGE_SESSION_LIST, new JsonObject().put("userId", caller.userId()));
    BusForward.respond(ctx, sessions, 200, all -> new JsonObject().put("sessions", new JsonArray(all.stream()
        .map(JsonObject.class::cast)
        .map(session -> session.copy().put("current", session.getString("sessionId").equals(caller.sessionId())))
        .toList())));
  }

  private void handleRenew(RoutingContext ctx) {
    BusForward.respond(ctx, tokens.renew(AuthHandler.caller(ctx)), 200, renewed -> renewed);
  }

  /** {@code current} is the caller's own session; any other id must be one of the caller's live sessions. */
  private void handleRevoke(RoutingContext ctx) {
    BusForward.guarded(ctx, () -> {
      Caller caller = AuthHandler.caller(ctx);
      String sessionId = CURRENT.equals(ctx.pathParam("sessionId")) ? caller.sessionId()
          : BusForward.pathId(ctx, "sessionId");
      Future<Void> revoked = bus.<Void>request(STORAGE_SESSION_REVOKE,
              new JsonObject().put("userId", caller.userId()).put("sessionId", sessionId))
          .onSuccess(done -> closeSession(caller.userId(), sessionId));
      BusForward.respond(ctx, revoked, 204, ignored -> null);
    });
  }

  /** What follows a revocation in the store: refused here at once, and its sockets closed wherever they are. */
  void closeSession(String userId, String sessionId) {
    tokens.forget(userId, sessionId);
    users.publish(userId, SessionSignal.revoked(sessionId));
  }
}
