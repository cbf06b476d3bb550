package io.parley.gateway;

import io.parley.bus.BusReplies;
import io.parley.bus.ChatException;
import io.parley.bus.Failure;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

import static io.parley.bus.Addresses.STORAGE_SESSION_CHECK;

/**
 * Confirms through the storage verticle that a token's session is still live (not revoked, its user not deleted),
 * and remembers the sessions it found for {@code auth.sessionCheckSeconds}, so a busy token costs one store lookup per
 * period rather than one per request. That period is how long a revocation on another node may take to be seen
 * here; one made on this node is forgotten here at once. Shared by every gateway instance of a node.
 */
final class ActiveSessions {
  private static final int CAPACITY = 100_000;
  /** Well under the bus default of 30 s: a client waiting on a request or an upgrade is told to retry instead. */
  private static final DeliveryOptions LOOKUP = new DeliveryOptions().setSendTimeout(5_000);

  private final EventBus bus;
  private final Clock clock;
  private final long rememberMillis;
  /** {@code userId/sessionId} to when the store last confirmed it. */
  private final ConcurrentHashMap<String, Long> foundAt = new ConcurrentHashMap<>();

  ActiveSessions(EventBus bus, Clock clock, int rememberSeconds) {
    this.bus = bus;
    this.clock = clock;
    this.rememberMillis = rememberSeconds * 1000L;
  }

  /** Succeeds if the session is live; {@code UNAUTHORIZED} if not, {@code UNAVAILABLE} if the store cannot say. */
  Future<Void> confirm(Caller caller) {
    String key = key(caller.userId(), caller.sessionId());
    Long at = foundAt.get(key);
    if (at != null && clock.millis() - at < rememberMillis) {
      return Future.succeededFuture();
    }
    return bus.request(STORAGE_SESSION_CHECK, new JsonObject().put("userId", caller.userId())
            .put("sessionId", caller.sessionId()), LOOKUP)
        .recover(cause -> Future.failedFuture(BusReplies.failureOf(cause) == Failure.NOT_FOUND
            ? new ChatException(Failure.UNAUTHORIZED, "session ended: log in again")
            : new ChatException(Failure.UNAVAILABLE, "accounts briefly unavailable, retry")))
        .<Void>mapEmpty()
        .onSuccess(found -> remember(caller));
  }

  /** Records a session known to be live (one just created or renewed). */
  void remember(Caller caller) {
    long now = clock.millis();
    if (foundAt.size() >= CAPACITY) {
      foundAt.values().removeIf(at -> now - at >= rememberMillis);
      if (foundAt.size() >= CAPACITY) {
        foundAt.clear();
      }
    }
    foundAt.put(key(caller.userId(), caller.sessionId()), now);
  }

  /** Forgets a session this node revoked, so its next use asks the store. */
  void forget(String userId, String sessionId) {
    foundAt.remove(key(userId, sessionId));
  }

  /** Forgets every session of a user (a password change or deletion on this node). */
  void forgetUser(String userId) {
    String prefix = userId + "/";
    foundAt.keySet().removeIf(key -> key.startsWith(prefix));
  }

  private static String key(String userId, String sessionId) {
    return userId + "/" + sessionId;
  }
}
