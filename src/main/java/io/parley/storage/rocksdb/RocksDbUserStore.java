package io.parley.storage.rocksdb;

import io.parley.bus.ChatException;
import io.parley.bus.Failure;
import io.parley.storage.Device;
import io.parley.storage.SessionRecord;
import io.parley.storage.UserRecord;
import io.parley.storage.UserStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.rocksdb.RocksDBException;

import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The embedded {@link UserStore}; it serves one node only (see {@link RocksDbStorage}). Keys, fields in order:
 * {@code USER userId} to the record as JSON, {@code USERNAME lowercaseUsername} to the user id,
 * {@code DEVICE userId deviceId} to the device as JSON, {@code SESSION userId sessionId} to the session as JSON, and
 * {@code DELETED_USER userId} to the epoch millis its username is free from. A username is checked and claimed in one
 * write task, so two concurrent sign-ups cannot both take it; a deleted account's name keeps pointing at it until
 * then, so the check finds it held.
 */
public final class RocksDbUserStore implements UserStore {
  private final BlockingReader reader;
  private final GroupCommitWriter writer;

  RocksDbUserStore(BlockingReader reader, GroupCommitWriter writer) {
    this.reader = reader;
    this.writer = writer;
  }

  @Override
  public Future<UserRecord> create(UserRecord user) {
    byte[] nameKey = usernameKey(user.username());
    return writer.submit(txn -> {
      byte[] holder = txn.get(nameKey);
      if (holder != null && held(txn, new Decoder(holder).string(), user.createdAt())) {
        throw new ChatException(Failure.USERNAME_TAKEN, "username taken: " + user.username());
      }
      txn.put(nameKey, new Encoder().string(user.id()).bytes());
      txn.put(userKey(user.id()), JsonValues.encode(user.toJson()));
      return user;
    });
  }

  /** A name's holder keeps it while it exists, and once deleted until its name's free time. */
  private static boolean held(WriteTxn txn, String holderId, long now) throws RocksDBException {
    if (txn.get(userKey(holderId)) != null) {
      return true;
    }
    byte[] freeAt = txn.get(deletedKey(holderId));
    return freeAt == null || new Decoder(freeAt).number() > now;
  }

  @Override
  public Future<UserRecord> byId(String userId) {
    return reader.read(db -> decodeUser(db.get(userKey(userId))));
  }

  @Override
  public Future<UserRecord> byUsername(String username) {
    return reader.read(db -> {
      byte[] id = db.get(usernameKey(username));
      return id == null ? null : decodeUser(db.get(userKey(new Decoder(id).string())));
    });
  }

  @Override
  public Future<UserRecord> updateProfile(String userId, String displayName, String bio) {
    byte[] key = userKey(userId);
    return writer.submit(txn -> {
      UserRecord user = decodeUser(txn.get(key));
      if (user == null) {
        throw new ChatException(Failure.NOT_FOUND, "no user " + userId);
      }
      UserRecord updated = new UserRecord(user.id(), user.username(), displayName, bio, user.passwordHash(),
          user.createdAt());
      txn.put(key, JsonValues.encode(updated.toJson()));
      return updated;
    });
  }

  /** Key {@code PUSH_PREVIEWS userId} to one byte, 0 or 1; absent is on. */
  @Override
  public Future<Boolean> pushPreviews(String userId) {
    return reader.read(db -> {
      byte[] value = db.get(previewsKey(userId));
      return value == null || value[0] != 0;
    });
  }

  @Override
  public Future<Void> setPushPreviews(String userId, boolean previews) {
    byte[] key = previewsKey(userId);
    return writer.stage(txn -> txn.put(key, new byte[] {(byte) (previews ? 1 : 0)}));
  }

  @Override
  public Future<Void> updatePassword(String userId, String passwordHash) {
    byte[] key = userKey(userId);
    return writer.submit(txn -> {
      UserRecord user = decodeUser(txn.get(key));
      if (user == null) {
        throw new ChatException(Failure.NOT_FOUND, "no user " + userId);
      }
      txn.put(key, JsonValues.encode(new UserRecord(user.id(), user.username(), user.displayName(), user.bio(),
          passwordHash, user.createdAt()).toJson()));
      return null;
    });
  }

  /** The keys of the user's sessions and devices are read first; the removal itself is one write task. */
  @Override
  public Future<Void> deleteUser(String userId, long usernameFreeAt) {
    byte[] sessions = Tag.SESSION.key().string(userId).bytes();
    byte[] devices = Tag.DEVICE.key().string(userId).bytes();
    return reader.read(db -> Stream.concat(Scan.all(db, sessions).stream(), Scan.all(db, devices).stream())
        .map(Scan.Row::key).toList()).compose(keys -> writer.submit(txn -> {
          byte[] key = userKey(userId);
          if (txn.get(key) != null) {
            txn.delete(key);
            keys.forEach(txn::delete);
            txn.put(deletedKey(userId), new Encoder().number(usernameFreeAt).bytes());
          }
          return null;
        }));
  }

  @Override
  public Future<Boolean> wasDeleted(String userId) {
    return reader.read(db -> db.get(deletedKey(userId)) != null);
  }

  @Override
  public Future<Void> putSession(String userId, SessionRecord session) {
    return put(sessionKey(userId, session.sessionId()), session.toJson());
  }

  @Override
  public Future<SessionRecord> session(String userId, String sessionId) {
    return reader.read(db -> {
      byte[] value = db.get(sessionKey(userId, sessionId));
      return value == null ? null : SessionRecord.fromJson(JsonValues.decode(value));
    });
  }

  @Override
  public Future<List<SessionRecord>> sessions(String userId) {
    byte[] prefix = Tag.SESSION.key().string(userId).bytes();
    return reader.read(db -> Scan.all(db, prefix).stream()
        .map(row -> SessionRecord.fromJson(JsonValues.decode(row.value())))
        .toList());
  }

  @Override
  public Future<Void> removeSessions(String userId, List<String> sessionIds) {
    List<byte[]> keys = sessionIds.stream().map(sessionId -> sessionKey(userId, sessionId)).toList();
    return writer.stage(txn -> keys.forEach(txn::delete));
  }

  @Override
  public Future<Void> putDevice(String userId, Device device) {
    return put(deviceKey(userId, device.deviceId()), device.toJson());
  }

  private Future<Void> put(byte[] key, JsonObject value) {
    byte[] encoded = JsonValues.encode(value);
    return writer.stage(txn -> txn.put(key, encoded));
  }

  @Override
  public Future<Void> removeDevice(String userId, String deviceId) {
    byte[] key = deviceKey(userId, deviceId);
    return writer.stage(txn -> txn.delete(key));
  }

  @Override
  public Future<List<Device>> devices(String userId) {
    byte[] prefix = Tag.DEVICE.key().string(userId).bytes();
    return reader.read(db -> Scan.all(db, prefix).stream()
        .map(row -> Device.fromJson(JsonValues.decode(row.value())))
        .toList());
  }

  private static UserRecord decodeUser(byte[] value) {
    return value == null ? null : UserRecord.fromJson(JsonValues.decode(value));
  }

  private static byte[] userKey(String userId) {
    return Tag.USER.key().string(userId).bytes();
  }

  private static byte[] usernameKey(String username) {
    return Tag.USERNAME.key().string(username.toLowerCase(Locale.ROOT)).bytes();
  }

  private static byte[] previewsKey(String userId) {
    return Tag.PUSH_PREVIEWS.key().string(userId).bytes();
  }

  private static byte[] sessionKey(String userId, String sessionId) {
    return Tag.SESSION.key().string(userId).string(sessionId).bytes();
  }

  private static byte[] deletedKey(String userId) {
    return Tag.DELETED_USER.key().string(userId).bytes();
  }

  private static byte[] deviceKey(String userId, String deviceId) {
    return Tag.DEVICE.key().string(userId).string(deviceId).bytes();
  }
}
