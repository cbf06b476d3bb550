package io.parley.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.parley.bus.ChatException;
import io.parley.bus.Failure;
import io.parley.storage.Device;
import io.parley.storage.SessionRecord;
import io.parley.storage.UserRecord;
import io.parley.storage.UserStore;
import io.vertx.core.Future;

import java.util.List;
import java.util.Locale;

/**
 * The shared {@link UserStore}. A sign-up claims the lower-cased name in {@code usernames} with
 * {@code INSERT ... IF NOT EXISTS}, so of concurrent sign-ups on any nodes exactly one wins, and only the winner
 * then writes its {@code users} row. A claim whose user row never came (its writer failed and could not give the
 * name back, or died) is taken over by a later sign-up once its lease has run out (docs/DESIGN.md, "Cassandra"). A
 * deleted account leaves its claim and a {@code deleted_users} row saying from when its name is free; sessions are
 * written with a TTL, so Cassandra forgets them when their tokens expire.
 */
final class CassandraUserStore implements UserStore {
  private static final String USER_COLUMNS = "user_id, username, display_name, bio, password_hash, created_at";

  private final Cql cql;
  /** How long a claimed name with no user row yet is its claimer's: the user row's write, with room to spare. */
  private final long leaseMillis;
  private final PreparedStatement claimName;
  private final PreparedStatement putUser;
  private final PreparedStatement userById;
  private final PreparedStatement nameOwner;
  private final PreparedStatement updateProfile;
  private final PreparedStatement putDevice;
  private final PreparedStatement removeDevice;
  private final PreparedStatement devices;
  private final PreparedStatement takeOverName;
  private final PreparedStatement releaseName;
  private final PreparedStatement previews;
  private final PreparedStatement setPreviews;
  private final PreparedStatement updatePassword;
  private final PreparedStatement markDeleted;
  private final PreparedStatement deletedRow;
  private final PreparedStatement removeUser;
  private final PreparedStatement removeAllSessions;
  private final PreparedStatement removeAllDevices;
  private final PreparedStatement putSession;
  private final PreparedStatement sessionById;
  private final PreparedStatement sessions;
  private final PreparedStatement removeSession;

  private CassandraUserStore(Cql cql, long leaseMillis, List<PreparedStatement> statements) {
    this.cql = cql;
    this.leaseMillis = leaseMillis;
    this.claimName = statements.get(0);
    this.putUser = statements.get(1);
    this.userById = statements.get(2);
    this.nameOwner = statements.get(3);
    this.updateProfile = statements.get(4);
    this.putDevice = statements.get(5);
    this.removeDevice = statements.get(6);
    this.devices = statements.get(7);
    this.takeOverName = statements.get(8);
    this.releaseName = statements.get(9);
    this.previews = statements.get(10);
    this.setPreviews = statements.get(11);
    this.updatePassword = statements.get(12);
    this.markDeleted = statements.get(13);
    this.deletedRow = statements.get(14);
    this.removeUser = statements.get(15);
    this.removeAllSessions = statements.get(16);
    this.removeAllDevices = statements.get(17);
    this.putSession = statements.get(18);
    this.sessionById = statements.get(19);
    this.sessions = statements.get(20);
    this.removeSession = statements.get(21);
  }

  static Future<CassandraUserStore> prepare(Cql cql, String ks, long requestTimeoutMillis) {
    return Statements.prepare(cql, List.of(
        "INSERT INTO " + ks + ".usernames (username_lower, user_id, claimed_at) VALUES (?, ?, ?) IF NOT EXISTS",
        "INSERT INTO " + ks + ".users (" + USER_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)",
        "SELECT " + USER_COLUMNS + " FROM " + ks + ".users WHERE user_id = ?",
        "SELECT user_id FROM " + ks + ".usernames WHERE username_lower = ?",
        "UPDATE " + ks + ".users SET display_name = ?, bio = ? WHERE user_id = ? IF EXISTS",
        "INSERT INTO " + ks + ".devices (user_id, device_id, platform, push_token, updated_at) VALUES (?, ?, ?, ?, ?)",
        "DELETE FROM " + ks + ".devices WHERE user_id = ? AND device_id = ?",
        "SELECT device_id, platform, push_token, updated_at FROM " + ks + ".devices WHERE user_id = ?",
        "UPDATE " + ks + ".usernames SET user_id = ?, claimed_at = ? WHERE username_lower = ? IF user_id = ?",
        "DELETE FROM " + ks + ".usernames WHERE username_lower = ? IF user_id = ?",
        "SELECT previews FROM " + ks + ".push_settings WHERE user_id = ?",
        "INSERT INTO " + ks + ".push_settings (user_id, previews) VALUES (?, ?)",
        "UPDATE " + ks + ".users SET password_hash = ? WHERE user_id = ? IF EXISTS",
        "INSERT INTO " + ks + ".deleted_users (user_id, username_free_at) VALUES (?, ?)",
        "SELECT username_free_at FROM " + ks + ".deleted_users WHERE user_id = ?",
        "DELETE FROM " + ks + ".users WHERE user_id = ?",
        "DELETE FROM " + ks + ".sessions WHERE user_id = ?",
        "DELETE FROM " + ks + ".devices WHERE user_id = ?",
        "INSERT INTO " + ks + ".sessions (user_id, session_id, created_at, expires_at) VALUES (?, ?, ?, ?) USING TTL ?",
        "SELECT session_id, created_at, expires_at FROM " + ks + ".sessions WHERE user_id = ? AND session_id = ?",
        "SELECT session_id, created_at, expires_at FROM " + ks + ".sessions WHERE user_id = ?",
        "DELETE FROM " + ks + ".sessions WHERE user_id = ? AND session_id IN ?"))
        .map(statements -> new CassandraUserStore(cql, 4 * requestTimeoutMillis, statements));
  }

  @Override
  public Future<UserRecord> create(UserRecord user) {
    String name = folded(user.username());
    return cql.execute(claimName.bind(name, user.id(), System.currentTimeMillis())).compose(claimed -> {
      if (claimed.wasApplied()) {
        return writeUser(user, name);
      }
      Row holder = claimed.one();
      return holder == null ? taken() : takeOverIfOrphaned(user, name, holder);
    });
  }

  /** The user row after the claim; if it cannot be written, the name is given back so that a retry can have it. */
  private Future<UserRecord> writeUser(UserRecord user, String name) {
    return cql.execute(putUser.bind(user.id(), user.username(), user.displayName(), user.bio(), user.passwordHash(),
            user.createdAt())).map(written -> user)
        .recover(failed -> cql.execute(releaseName.bind(name, user.id()))
            .transform(released -> Future.failedFuture(failed)));
  }

  /**
   * The name is free again if its holder is a deleted account whose hold has ended, or if its claim is past its
   * lease and no user row ever came for it.
   */
  private Future<UserRecord> takeOverIfOrphaned(UserRecord user, String name, Row holder) {
    String holderId = holder.getString("user_id");
    boolean leaseOver = holder.isNull("claimed_at")
        || System.currentTimeMillis() - holder.getLong("claimed_at") > leaseMillis;
    return cql.page(deletedRow.bind(holderId), 1).compose(deleted -> {
      boolean free = deleted.isEmpty() ? leaseOver : deleted.get(0).getLong("username_free_at") <= user.createdAt();
      if (!free) {
        return taken();
      }
      return byId(holderId).compose(existing -> existing != null ? taken()
          : cql.execute(takeOverName.bind(user.id(), System.currentTimeMillis(), name, holderId))
              .compose(takenOver -> takenOver.wasApplied() ? writeUser(user, name) : taken()));
    });
  }

  private static <T> Future<T> taken() {
    return Future.failedFuture(new ChatException(Failure.USERNAME_TAKEN, "username taken"));
  }

  @Override
  public Future<UserRecord> byId(String userId) {
    return cql.page(userById.bind(userId), 1).map(rows -> rows.isEmpty() ? null : user(rows.get(0)));
  }

  /** A claimed name whose user row has not come (yet, or ever) finds nobody. */
  @Override
  public Future<UserRecord> byUsername(String username) {
    return cql.page(nameOwner.bind(folded(username)), 1).compose(rows -> rows.isEmpty()
        ? Future.succeededFuture(null)
        : byId(rows.get(0).getString("user_id")));
  }

  /** {@code IF EXISTS}, so an update never creates a row for an unknown user. */
  @Override
  public Future<UserRecord> updateProfile(String userId, String displayName, String bio) {
    return cql.execute(updateProfile.bind(displayName, bio, userId)).compose(updated -> updated.wasApplied()
        ? byId(userId)
        : Future.failedFuture(new ChatException(Failure.NOT_FOUND, "no user " + userId)));
  }

  /** A table of its own, so keyspaces made before it need no ALTER of {@code users}; no row is on. */
  @Override
  public Future<Boolean> pushPreviews(String userId) {
    return cql.page(previews.bind(userId), 1).map(rows -> rows.isEmpty() || rows.get(0).isNull("previews")
        || rows.get(0).getBoolean("previews"));
  }

  @Override
  public Future<Void> setPushPreviews(String userId, boolean on) {
    return cql.execute(setPreviews.bind(userId, on)).mapEmpty();
  }

  @Override
  public Future<Void> updatePassword(String userId, String passwordHash) {
    return cql.execute(updatePassword.bind(passwordHash, userId)).compose(updated -> updated.wasApplied()
        ? Future.succeededFuture()
        : Future.failedFuture(new ChatException(Failure.NOT_FOUND, "no user " + userId)));
  }

  /**
   * The hold is written first, so a sign-up that finds the claim without a user row never takes the name early;
   * the user row goes last, so a deletion cut short is finished by a retry.
   */
  @Override
  public Future<Void> deleteUser(String userId, long usernameFreeAt) {
    return byId(userId).compose(user -> user == null ? Future.succeededFuture()
        : cql.execute(markDeleted.bind(userId, usernameFreeAt))
            .compose(marked -> cql.execute(removeAllSessions.bind(userId)))
            .compose(removed -> cql.execute(removeAllDevices.bind(userId)))
            .compose(removed -> cql.execute(removeUser.bind(userId)))
            .mapEmpty());
  }

  @Override
  public Future<Boolean> wasDeleted(String userId) {
    return cql.page(deletedRow.bind(userId), 1).map(rows -> !rows.isEmpty());
  }

  @Override
  public Future<Void> putSession(String userId, SessionRecord session) {
    long ttlSeconds = Math.max(1, (session.expiresAt() - System.currentTimeMillis() + 999) / 1000);
    return cql.execute(putSession.bind(userId, session.sessionId(), session.createdAt(), session.expiresAt(),
        (int) Math.min(Integer.MAX_VALUE, ttlSeconds))).mapEmpty();
  }

  @Override
  public Future<SessionRecord> session(String userId, String sessionId) {
    return cql.page(sessionById.bind(userId, sessionId), 1)
        .map(rows -> rows.isEmpty() ? null : session(rows.get(0)));
  }

  /** A user's sessions are one partition, bounded by the logins within one token lifetime. */
  @Override
  public Future<List<SessionRecord>> sessions(String userId) {
    return cql.all(sessions.bind(userId)).map(rows -> rows.stream().map(CassandraUserStore::session).toList());
  }

  @Override
  public Future<Void> removeSessions(String userId, List<String> sessionIds) {
    return sessionIds.isEmpty() ? Future.succeededFuture()
        : cql.execute(removeSession.bind(userId, sessionIds)).mapEmpty();
  }

  private static SessionRecord session(Row row) {
    return new SessionRecord(row.getString("session_id"), row.getLong("created_at"), row.getLong("expires_at"));
  }

  @Override
  public Future<Void> putDevice(String userId, Device device) {
    return cql.execute(putDevice.bind(userId, device.deviceId(), device.platform(), device.pushToken(),
        device.updatedAt())).mapEmpty();
  }

  @Override
  public Future<Void> removeDevice(String userId, String deviceId) {
    return cql.execute(removeDevice.bind(userId, deviceId)).mapEmpty();
  }

  /** A user's devices are one partition, bounded by the devices one person registers. */
  @Override
  public Future<List<Device>> devices(String userId) {
    return cql.all(devices.bind(userId)).map(rows -> rows.stream().map(row -> new Device(row.getString("device_id"),
        row.getString("platform"), row.getString("push_token"), row.getLong("updated_at"))).toList());
  }

  private static String folded(String username) {
    return username.toLowerCase(Locale.ROOT);
  }

  private static UserRecord user(Row row) {
    return new UserRecord(row.getString("user_id"), row.getString("username"), row.getString("display_name"),
        row.getString("bio"), row.getString("password_hash"), row.getLong("created_at"));
  }
}
