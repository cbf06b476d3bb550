package io.parley.presence;

import io.parley.bus.Addresses;
import io.parley.bus.UserDirectory;
import io.parley.bus.UserEvent;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects the presence changes of one flush interval and pushes them to the changed users' online friends.
 *
 * <p>A user who changes several times in one interval is announced once, in the state the store holds at the flush,
 * and not at all if that is the state they had before the interval. Each change reaches at most {@code maxFanout}
 * online friends, and each recipient gets all the changes of one flush in a single {@code presence} frame. A flush
 * that starts while the previous one still runs does nothing: its changes wait, coalesced, for the next one.
 */
final class PresenceAnnouncer {
  private static final Logger log = LoggerFactory.getLogger(PresenceAnnouncer.class);

  private final EventBus eventBus;
  private final UserDirectory users;
  private final PresenceStore store;
  private final int maxFanout;
  /** Each changed user's status before its first change in the interval. */
  private Map<String, Boolean> before = new LinkedHashMap<>();
  private boolean flushing;

  PresenceAnnouncer(EventBus eventBus, UserDirectory users, PresenceStore store, int maxFanout) {
    this.eventBus = eventBus;
    this.users = users;
    this.store = store;
    this.maxFanout = maxFanout;
  }

  /** Notes that {@code userId} has just become online or offline. */
  void changed(String userId, boolean online) {
    before.putIfAbsent(userId, !online);
  }

  /** Announces the changes collected since the previous flush. */
  Future<Void> flush() {
    if (flushing || before.isEmpty()) {
      return Future.succeededFuture();
    }
    flushing = true;
    Map<String, Boolean> window = before;
    before = new LinkedHashMap<>();
    return store.get(window.keySet())
        .map(current -> changedSince(window, current))
        .compose(changes -> changes.isEmpty() ? Future.succeededFuture() : fanOut(changes))
        .onFailure(failure -> restore(window))
        .onComplete(ignored -> flushing = false);
  }

  private static Map<String, Presence> changedSince(Map<String, Boolean> window, Map<String, Presence> current) {
    Map<String, Presence> changes = new LinkedHashMap<>();
    window.forEach((userId, wasOnline) -> {
      Presence presence = current.getOrDefault(userId, Presence.UNKNOWN);
      if (presence.online() != wasOnline) {
        changes.put(userId, presence);
      }
    });
    return changes;
  }

  private Future<Void> fanOut(Map<String, Presence> changes) {
    Map<String, List<String>> friends = new HashMap<>();
    List<Future<List<String>>> lookups = changes.keySet().stream()
        .map(userId -> friendsOf(userId).onSuccess(ids -> friends.put(userId, ids)))
        .toList();
    return Future.all(lookups)
        .compose(all -> store.get(union(friends)))
        .map(presences -> {
          publish(changes, friends, presences);
          return null;
        });
  }

  private Future<List<String>> friendsOf(String userId) {
    return eventBus.<JsonArray>request(Addresses.STORAGE_FRIEND_LIST, new JsonObject().put("userId", userId))
        .map(reply -> reply.body().stream().filter(String.class::isInstance).map(String.class::cast).toList())
        .recover(failure -> {
          // one lost announcement is better than holding back every other change of the flush
          log.warn("presence friend list failed userId={} cause={}", userId, failure.getMessage());
          return Future.succeededFuture(List.of());
        });
  }

  private static Set<String> union(Map<String, List<String>> friends) {
    Set<String> all = new HashSet<>();
    friends.values().forEach(all::addAll);
    return all;
  }

  private void publish(Map<String, Presence> changes, Map<String, List<String>> friends, Map<String, Presence> online) {
    Map<String, JsonArray> byRecipient = new LinkedHashMap<>();
    changes.forEach((userId, presence) -> {
      JsonObject entry = new JsonObject()
          .put("userId", userId)
          .put("online", presence.online())
          .put("lastActiveAt", presence.lastActiveAt());
      friends.getOrDefault(userId, List.of()).stream()
          .distinct()
          .filter(friendId -> !friendId.equals(userId) && online.getOrDefault(friendId, Presence.UNKNOWN).online())
          .limit(maxFanout)
          .forEach(friendId -> byRecipient.computeIfAbsent(friendId, id -> new JsonArray()).add(entry));
    });
    byRecipient.forEach((recipient, entries) -> users.publish(recipient,
        new UserEvent(0, new JsonObject().put("type", "presence").put("users", entries).encode())));
    log.debug("presence flush changes={} recipients={}", changes.size(), byRecipient.size());
  }

  /** Puts back the changes of a failed flush; their earlier status wins over any recorded since. */
  private void restore(Map<String, Boolean> window) {
    log.warn("presence flush failed, retrying next interval changes={}", window.size());
    Map<String, Boolean> merged = new LinkedHashMap<>(window);
    before.forEach(merged::putIfAbsent);
    before = merged;
  }
}
