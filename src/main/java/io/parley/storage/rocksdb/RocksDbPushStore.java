package io.parley.storage.rocksdb;

import io.parley.storage.PushNotification;
import io.parley.storage.PushStore;
import io.vertx.core.Future;

import java.util.List;

/**
 * The embedded {@link PushStore}; it serves one node only (see {@link RocksDbStorage}). Key
 * {@code PUSH userId messageId deviceId} to the notification as JSON: message ids grow with time, so a user's
 * notifications read oldest first, and a second record of the same device and message finds the first.
 */
public final class RocksDbPushStore implements PushStore {
  private final BlockingReader reader;
  private final GroupCommitWriter writer;

  RocksDbPushStore(BlockingReader reader, GroupCommitWriter writer) {
    this.reader = reader;
    this.writer = writer;
  }

  @Override
  public Future<Void> record(int node, List<PushNotification> notifications) {
    return writer.submit(txn -> {
      for (PushNotification notification : notifications) {
        byte[] key = key(notification);
        if (txn.get(key) == null) {
          txn.put(key, JsonValues.encode(notification.toJson()));
        }
      }
      return null;
    });
  }

  @Override
  public Future<List<PushNotification>> pending(String userId, int limit) {
    byte[] prefix = Tag.PUSH.key().string(userId).bytes();
    return reader.read(db -> Scan.forward(db, prefix, prefix, limit).stream()
        .map(row -> PushNotification.fromJson(JsonValues.decode(row.value())))
        .toList());
  }

  /** Every notification held: this store serves one node, so all are its own, whatever {@code node.id} was then. */
  @Override
  public Future<List<PushNotification>> recordedBy(int node, int limit) {
    byte[] prefix = Tag.PUSH.key().bytes();
    return reader.read(db -> Scan.forward(db, prefix, prefix, limit).stream()
        .map(row -> PushNotification.fromJson(JsonValues.decode(row.value())))
        .toList());
  }

  @Override
  public Future<Void> remove(List<PushNotification> notifications) {
    return writer.submit(txn -> {
      notifications.forEach(notification -> txn.delete(key(notification)));
      return null;
    });
  }

  private static byte[] key(PushNotification notification) {
    return Tag.PUSH.key().string(notification.userId()).number(notification.messageId())
        .string(notification.deviceId()).bytes();
  }
}
