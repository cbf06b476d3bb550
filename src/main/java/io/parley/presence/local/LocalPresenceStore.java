package io.parley.presence.local;

import io.parley.presence.Presence;
import io.parley.presence.PresenceStore;
import io.parley.util.ExpiryWheel;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Presence held in this process: it serves one node only, and is lost on restart (every user starts offline).
 *
 * <p>Each online user has exactly one entry in an {@link ExpiryWheel}, made when the user comes online. A heartbeat
 * only moves the user's last-active time; when the entry falls due, {@link #expire} compares that time with the
 * deadline and either takes the user offline or puts the entry back at the new deadline. So the wheel sees one entry
 * per online user per {@code offlineAfter}, however often the user heartbeats, and no timer is kept per user.
 *
 * <p>Not thread-safe: one presence verticle instance owns it and calls it from its own context. It keeps one small
 * entry per user ever seen, so that the last-active time outlives the connection.
 */
public final class LocalPresenceStore implements PresenceStore {
  private final long offlineAfterMillis;
  private final ExpiryWheel<String> wheel;
  private final Map<String, UserPresence> users = new HashMap<>();

  public LocalPresenceStore(Duration offlineAfter) {
    if (offlineAfter.toMillis() <= 0) {
      throw new IllegalArgumentException("offlineAfter must be positive: " + offlineAfter);
    }
    this.offlineAfterMillis = offlineAfter.toMillis();
    // one slot more than a deadline can be away, so that no slot holds entries for a later turn
    this.wheel = new ExpiryWheel<>((int) Math.min(Integer.MAX_VALUE, offlineAfter.toSeconds() + 2));
  }

  @Override
  public Future<List<String>> touch(Collection<String> userIds, long nowMillis) {
    List<String> cameOnline = new ArrayList<>();
    for (String userId : userIds) {
      if (beat(user(userId), userId, nowMillis)) {
        cameOnline.add(userId);
      }
    }
    return Future.succeededFuture(cameOnline);
  }

  @Override
  public Future<Boolean> connected(String userId, String deviceId, long nowMillis) {
    UserPresence user = user(userId);
    user.devices.merge(deviceId, 1, Integer::sum);
    return Future.succeededFuture(beat(user, userId, nowMillis));
  }

  @Override
  public Future<Void> disconnected(String userId, String deviceId, long nowMillis) {
    UserPresence user = users.get(userId);
    if (user != null) {
      user.devices.computeIfPresent(deviceId, (device, connections) -> connections > 1 ? connections - 1 : null);
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Map<String, Presence>> get(Collection<String> userIds) {
    Map<String, Presence> presences = new LinkedHashMap<>();
    for (String userId : userIds) {
      UserPresence user = users.get(userId);
      presences.put(userId, user == null
          ? Presence.UNKNOWN
          : new Presence(user.online, user.lastActiveAt, user.devices.size()));
    }
    return Future.succeededFuture(presences);
  }

  @Override
  public Future<List<String>> expire(long nowMillis) {
    List<String> expired = new ArrayList<>();
    for (String userId : wheel.due(nowMillis)) {
      UserPresence user = users.get(userId);
      if (user == null || !user.online) {
        continue;
      }
      long deadline = user.lastActiveAt + offlineAfterMillis;
      if (deadline > nowMillis) {
        wheel.schedule(userId, deadline);
      } else {
        user.online = false;
        user.devices.clear();
        expired.add(userId);
      }
    }
    return Future.succeededFuture(expired);
  }

  private UserPresence user(String userId) {
    return users.computeIfAbsent(userId, id -> new UserPresence());
  }

  /** Records a sign of life; true when the user was offline before. */
  private boolean beat(UserPresence user, String userId, long nowMillis) {
    user.lastActiveAt = Math.max(user.lastActiveAt, nowMillis);
    if (user.online) {
      return false;
    }
    user.online = true;
    wheel.schedule(userId, user.lastActiveAt + offlineAfterMillis);
    return true;
  }

  private static final class UserPresence {
    private final Map<String, Integer> devices = new HashMap<>(2);
    private long lastActiveAt = Long.MIN_VALUE;
    private boolean online;
  }
}
