package io.parley.storage;

import io.vertx.core.Future;

import java.util.List;

/** The durable outbox of push notifications due to users with no connected device. */
public interface PushStore {

  /** Records notifications durably; each is kept once per (device, message) however often it is recorded. */
  Future<Void> record(List<PushNotification> notifications);

  /** Notifications recorded for a user, oldest message first (by message id), up to {@code limit}. */
  Future<List<PushNotification>> pending(String userId, int limit);
}
