package io.parley.push;

import io.parley.storage.PushNotification;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The outbox held in memory, a mirror of the durable one (never larger than {@code cap}): notifications grouped into
 * bursts, one per device and conversation, each sent as one notification once its first message has waited
 * {@code collapseMillis}. Kept oldest first by message id, so the cap drops the oldest. Used on one event loop only.
 */
final class PushQueue {
  private static final Comparator<PushNotification> AGE = Comparator.comparingLong(PushNotification::messageId)
      .thenComparing(PushNotification::userId).thenComparing(PushNotification::deviceId);

  private final int cap;
  private final long collapseMillis;
  private final TreeMap<PushNotification, Burst> byAge = new TreeMap<>(AGE);
  private final Map<BurstKey, Burst> bursts = new LinkedHashMap<>();
  private final Map<DeviceKey, Integer> perDevice = new HashMap<>();

  record BurstKey(String userId, String deviceId, String conversationId) {
    static BurstKey of(PushNotification n) {
      return new BurstKey(n.userId(), n.deviceId(), n.conversationId());
    }
  }

  private record DeviceKey(String userId, String deviceId) {
  }

  /** A device's notifications of one conversation, and where their delivery stands. */
  static final class Burst {
    final BurstKey key;
    final TreeMap<Long, PushNotification> entries = new TreeMap<>();
    int attempts;
    long dueAt;
    boolean inFlight;

    private Burst(BurstKey key, long dueAt) {
      this.key = key;
      this.dueAt = dueAt;
    }

    PushNotification latest() {
      return entries.lastEntry().getValue();
    }

    String platform() {
      return latest().platform();
    }
  }

  PushQueue(int cap, long collapseMillis) {
    this.cap = cap;
    this.collapseMillis = collapseMillis;
  }

  int size() {
    return byAge.size();
  }

  /** Adds a notification unless held already; false when it was. */
  boolean add(PushNotification notification) {
    if (byAge.containsKey(notification)) {
      return false;
    }
    Burst burst = bursts.computeIfAbsent(BurstKey.of(notification),
        key -> new Burst(key, notification.createdAt() + collapseMillis));
    burst.entries.put(notification.messageId(), notification);
    byAge.put(notification, burst);
    perDevice.merge(new DeviceKey(notification.userId(), notification.deviceId()), 1, Integer::sum);
    return true;
  }

  /** Takes out the oldest notifications beyond the cap, and returns them. */
  List<PushNotification> overCap() {
    List<PushNotification> dropped = new ArrayList<>();
    while (byAge.size() > cap) {
      PushNotification oldest = byAge.firstKey();
      remove(List.of(oldest));
      dropped.add(oldest);
    }
    return dropped;
  }

  /** Takes out the notifications created before {@code cutoff}, and returns them. */
  List<PushNotification> expire(long cutoff) {
    List<PushNotification> expired = byAge.keySet().stream().filter(n -> n.createdAt() < cutoff).toList();
    remove(expired);
    return expired;
  }

  /** Bursts not in flight, due by {@code now}, of a platform in {@code platforms}, oldest first, up to {@code max}. */
  List<Burst> due(long now, Set<String> platforms, int max) {
    List<Burst> due = new ArrayList<>();
    for (Burst burst : bursts.values()) {
      if (due.size() >= max) {
        break;
      }
      if (!burst.inFlight && burst.dueAt <= now && platforms.contains(burst.platform())) {
        due.add(burst);
      }
    }
    return due;
  }

  /** Messages waiting for a device in every conversation. */
  int unread(String userId, String deviceId) {
    return perDevice.getOrDefault(new DeviceKey(userId, deviceId), 0);
  }

  /** A device's notifications that carry {@code pushToken}. */
  List<PushNotification> ofToken(String userId, String deviceId, String pushToken) {
    return byAge.keySet().stream().filter(n -> n.userId().equals(userId) && n.deviceId().equals(deviceId)
        && n.pushToken().equals(pushToken)).toList();
  }

  /** Takes these notifications out; a burst left empty goes too unless a request for it is in flight. */
  void remove(Collection<PushNotification> notifications) {
    for (PushNotification notification : notifications) {
      Burst burst = byAge.remove(notification);
      if (burst == null) {
        continue;
      }
      burst.entries.remove(notification.messageId());
      perDevice.computeIfPresent(new DeviceKey(notification.userId(), notification.deviceId()),
          (key, count) -> count == 1 ? null : count - 1);
      forgetIfDone(burst);
    }
  }

  /** A request for {@code burst} ended; the messages that came meanwhile wait for their own collapse time. */
  void settled(Burst burst) {
    burst.inFlight = false;
    if (!burst.entries.isEmpty()) {
      burst.dueAt = Math.max(burst.dueAt, burst.entries.firstEntry().getValue().createdAt() + collapseMillis);
    }
    forgetIfDone(burst);
  }

  private void forgetIfDone(Burst burst) {
    if (burst.entries.isEmpty() && !burst.inFlight) {
      bursts.remove(burst.key, burst);
    }
  }
}
