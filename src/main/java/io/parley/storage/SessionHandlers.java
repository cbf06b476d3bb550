package io.parley.storage;

import io.parley.bus.BusReplies;
import io.parley.bus.Consumers;
import io.parley.model.IdGenerator;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.util.List;

import static io.parley.bus.Addresses.STORAGE_SESSION_CHECK;
import static io.parley.bus.Addresses.STORAGE_SESSION_CREATE;
import static io.parley.bus.Addresses.STORAGE_SESSION_LIST;
import static io.parley.bus.Addresses.STORAGE_SESSION_RENEW;
import static io.parley.bus.Addresses.STORAGE_SESSION_REVOKE;
import static io.parley.bus.Addresses.STORAGE_USER_PASSWORD;

/**
 * Bus handlers for login sessions and password changes. A session counts only until its {@code expiresAt}: the
 * embedded store keeps expired rows until the user's next login prunes them, so every read here skips them.
 */
final class SessionHandlers {
  private final UserStore users;
  private final IdGenerator ids;
  private final Clock clock;

  SessionHandlers(UserStore users, IdGenerator ids, Clock clock) {
    this.users = users;
    this.ids = ids;
    this.clock = clock;
  }

  void register(Consumers consumers) {
    consumers.on(STORAGE_SESSION_CREATE, this::handleCreate)
        .on(STORAGE_SESSION_CHECK, this::handleCheck)
        .on(STORAGE_SESSION_RENEW, this::handleRenew)
        .on(STORAGE_SESSION_LIST, this::handleList)
        .on(STORAGE_SESSION_REVOKE, this::handleRevoke)
        .on(STORAGE_USER_PASSWORD, this::handlePassword);
  }

  /** {userId, expiresAt} to the new session; the user's expired sessions are pruned on the way. */
  private void handleCreate(Message<JsonObject> request) {
    String userId = request.body().getString("userId");
    long now = clock.millis();
    SessionRecord session = new SessionRecord(ids.nextHex(), now, request.body().getLong("expiresAt"));
    Future<SessionRecord> created = users.sessions(userId)
        .compose(all -> users.removeSessions(userId, all.stream().filter(old -> old.expiresAt() <= now)
            .map(SessionRecord::sessionId).toList()))
        .compose(pruned -> users.putSession(userId, session))
        .map(session);
    BusReplies.reply(request, created, SessionRecord::toJson);
  }

  /** {userId, sessionId}: succeeds while both the user and that unexpired session exist, NOT_FOUND otherwise. */
  private void handleCheck(Message<JsonObject> request) {
    JsonObject body = request.body();
    Future<SessionRecord> live = Future.all(users.byId(body.getString("userId")),
            live(body.getString("userId"), body.getString("sessionId")))
        .compose(both -> both.resultAt(0) == null ? UserHandlers.found(null) : UserHandlers.found(both.resultAt(1)));
    BusReplies.reply(request, live, SessionRecord::toJson);
  }

  /** {userId, sessionId, expiresAt} to the session, its expiry moved; NOT_FOUND once it is revoked or expired. */
  private void handleRenew(Message<JsonObject> request) {
    JsonObject body = request.body();
    String userId = body.getString("userId");
    Future<SessionRecord> renewed = live(userId, body.getString("sessionId")).compose(UserHandlers::found)
        .compose(session -> {
          SessionRecord next = new SessionRecord(session.sessionId(), session.createdAt(), body.getLong("expiresAt"));
          return users.putSession(userId, next).map(next);
        });
    BusReplies.reply(request, renewed, SessionRecord::toJson);
  }

  /** {userId} to a JSON array of the user's unexpired sessions, oldest first. */
  private void handleList(Message<JsonObject> request) {
    long now = clock.millis();
    Future<List<SessionRecord>> live = users.sessions(request.body().getString("userId"))
        .map(all -> all.stream().filter(session -> session.expiresAt() > now)
            .sorted((a, b) -> Long.compare(a.createdAt(), b.createdAt())).toList());
    BusReplies.reply(request, live, list -> new JsonArray(list.stream().map(SessionRecord::toJson).toList()));
  }

  /** {userId, sessionId}: removes that session; NOT_FOUND when the user has no such unexpired session. */
  private void handleRevoke(Message<JsonObject> request) {
    String userId = request.body().getString("userId");
    String sessionId = request.body().getString("sessionId");
    Future<Void> revoked = live(userId, sessionId).compose(UserHandlers::found)
        .compose(session -> users.removeSessions(userId, List.of(sessionId)));
    BusReplies.reply(request, revoked, ignored -> null);
  }

  /**
   * {userId, passwordHash, keepSessionId}: sets the password and revokes every other session, replying the ids of
   * those revoked so their sockets can be closed.
   */
  private void handlePassword(Message<JsonObject> request) {
    JsonObject body = request.body();
    String userId = body.getString("userId");
    String keep = body.getString("keepSessionId");
    Future<List<String>> revoked = users.updatePassword(userId, body.getString("passwordHash"))
        .compose(updated -> users.sessions(userId))
        .map(all -> all.stream().map(SessionRecord::sessionId).filter(id -> !id.equals(keep)).toList())
        .compose(others -> users.removeSessions(userId, others).map(others));
    BusReplies.reply(request, revoked, JsonArray::new);
  }

  private Future<SessionRecord> live(String userId, String sessionId) {
    long now = clock.millis();
    return users.session(userId, sessionId).map(session -> session != null && session.expiresAt() > now
        ? session : null);
  }
}
