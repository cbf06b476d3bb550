package io.parley.storage;

import io.vertx.core.Future;

import java.util.List;

/**
 * The durable outbox of push notifications due to users with no connected device: the push sender's queue. A
 * notification stays until the sender removes it (accepted by its push service, expired, dropped by the cap, or its
 * device gone), so one recorded before a crash is still there after the restart.
 */
public interface PushStore {

  /**
   * Records notifications durably for the push sender of node {@code node} ({@code node.id}), the one that sends
   * them; each is kept once per (device, message) however often it is recorded.
   */
  Future<Void> record(int node, List<PushNotification> notifications);

  /** Notifications recorded for a user, oldest message first (by message id), up to {@code limit}. */
  Future<List<PushNotification>> pending(String userId, int limit);

  /**
   * Up to {@code limit} of the notifications recorded for node {@code node}'s sender, of any users, in no set order:
   * what that sender loads when it starts, so in a cluster each node sends only its own and none is sent twice. A
   * store that serves one node (the embedded one) holds only that node's. A sender that keeps the outbox within its
   * cap loads it whole with {@code limit} above the cap.
   */
  Future<List<PushNotification>> recordedBy(int node, int limit);

  /** Removes these notifications, each found by (user, message, device); ones already gone are ignored. */
  Future<Void> remove(List<PushNotification> notifications);
}
