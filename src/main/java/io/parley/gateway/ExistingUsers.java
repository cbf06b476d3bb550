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

import static io.parley.bus.Addresses.STORAGE_USER_GET;

/**
 * Confirms through the storage verticle that a token's user exists, and remembers the users it found for a minute
 * so a token costs one store lookup a minute rather than one per request. Only found users are remembered: accounts
 * are never deleted, so an id once found stays right, and the minute bounds how long a deleted account would still
 * pass should deletion ever come. Shared by every gateway instance of a node.
 */
final class ExistingUsers {
  private static final long REMEMBER_MILLIS = 60_000;
  private static final int CAPACITY = 100_000;
  /** Well under the bus default of 30 s: a client waiting on a login or an upgrade is told to retry instead. */
  private static final DeliveryOptions LOOKUP = new DeliveryOptions().setSendTimeout(5_000);

  private final EventBus bus;
  private final Clock clock;
  private final ConcurrentHashMap<String, Long> foundAt = new ConcurrentHashMap<>();

  ExistingUsers(EventBus bus, Clock clock) {
    this.bus = bus;
    this.clock = clock;
  }

  /** Succeeds if {@code userId} exists; {@code UNAUTHORIZED} if not, {@code UNAVAILABLE} if the store cannot say. */
  Future<Void> confirm(String userId) {
    Long at = foundAt.get(userId);
    if (at != null && clock.millis() - at < REMEMBER_MILLIS) {
      return Future.succeededFuture();
    }
    return bus.request(STORAGE_USER_GET, new JsonObject().put("userId", userId), LOOKUP)
        .recover(cause -> Future.failedFuture(BusReplies.failureOf(cause) == Failure.NOT_FOUND
            ? new ChatException(Failure.UNAUTHORIZED, "token user does not exist")
            : new ChatException(Failure.UNAVAILABLE, "accounts briefly unavailable, retry")))
        .<Void>mapEmpty()
        .onSuccess(found -> remember(userId));
  }

  /** Records a user known to exist (one just logged in). */
  void remember(String userId) {
    long now = clock.millis();
    if (foundAt.size() >= CAPACITY) {
      foundAt.values().removeIf(at -> now - at >= REMEMBER_MILLIS);
      if (foundAt.size() >= CAPACITY) {
        foundAt.clear();
      }
    }
    foundAt.put(userId, now);
  }
}
