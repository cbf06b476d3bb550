package io.parley.storage.rocksdb;

import io.parley.bus.ChatException;
import io.parley.bus.Failure;
import io.parley.storage.Device;
import io.parley.storage.UserRecord;
import io.parley.storage.UserStore;
import io.vertx.core.Future;

import java.util.List;
import java.util.Locale;

/**
 * The embedded {@link UserStore}; it serves one node only (see {@link RocksDbStorage}). Keys, fields in order:
 * {@code USER userId} to the record as JSON, {@code USERNAME lowercaseUsername} to the user id, and
 * {@code DEVICE userId deviceId} to the device as JSON. A username is checked and claimed in one write task, so two
 * concurrent sign-ups cannot both take it.
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
      if (txn.get(nameKey) != null) {
        throw new ChatException(Failure.USERNAME_TAKEN, "username taken: " + user.username());
      }
      txn.put(nameKey, new Encoder().string(user.id()).bytes());
      txn.put(userKey(user.id()), JsonValues.encode(user.toJson()));
      return user;
    });
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
  public Future<Void> putDevice(String userId, Device device) {
    byte[] key = deviceKey(userId, device.deviceId());
    return writer.stage(txn -> txn.put(key, JsonValues.encode(device.toJson())));
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

  private static byte[] deviceKey(String userId, String deviceId) {
    return Tag.DEVICE.key().string(userId).string(deviceId).bytes();
  }
}
