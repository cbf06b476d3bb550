package io.parley.presence;

import io.parley.bus.Addresses;
import io.parley.bus.UserEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The presence verticle's neighbours on a real event bus: a gateway that sends connects, heartbeats and queries and
 * holds every user's address, and a storage that answers friend lists from a map.
 *
 * <p>Nothing here waits a fixed time. That a recipient got nothing more is asserted after {@link #delivered}: a fresh
 * friend of the recipient comes online, and its announcement, made in the same flush as every change before it or in
 * a later one, reaches the recipient's address after everything published there before. Marker entries are left
 * out of {@link #frames(String)}.
 */
final class PresenceBus {
  private static final String MARKER = "marker-";

  private final Vertx vertx;
  private final EventBus eventBus;
  private final Map<String, List<String>> friends = new ConcurrentHashMap<>();
  private final Map<String, List<UserEvent>> events = new ConcurrentHashMap<>();
  private final AtomicInteger markers = new AtomicInteger();
  private final Function<List<String>, Future<?>> markersOnline;

  /** With the presence verticle deployed: markers come online by heartbeat and its timer flushes them. */
  PresenceBus(Vertx vertx) {
    this(vertx, markers -> {
      vertx.eventBus().send(Addresses.PRESENCE_HEARTBEAT, new JsonArray(markers));
      return Future.succeededFuture();
    });
  }

  /** {@code markersOnline} brings the given marker users online and has that announced, now or at a later flush. */
  PresenceBus(Vertx vertx, Function<List<String>, Future<?>> markersOnline) {
    this.vertx = vertx;
    this.eventBus = vertx.eventBus();
    this.markersOnline = markersOnline;
  }

  /** Starts answering {@code chat.storage.friend.list}. */
  Future<Void> start() {
    return eventBus.<JsonObject>consumer(Addresses.STORAGE_FRIEND_LIST,
        request -> request.reply(new JsonArray(friends.getOrDefault(request.body().getString("userId"), List.of()))))
        .completion();
  }

  /** Makes {@code userId} a friend of each of {@code friendIds}, in that order, and listens on all their addresses. */
  void befriend(String userId, String... friendIds) {
    for (String friendId : friendIds) {
      link(userId, friendId);
      listen(friendId);
    }
    listen(userId);
  }

  /**
   * Completes once every change made before it has reached each of {@code recipients}, who must be online: a fresh
   * marker friend of each comes online, and its entry has arrived at each of them.
   */
  Future<Void> delivered(String... recipients) {
    Map<String, String> markerOf = new LinkedHashMap<>();
    for (String recipient : recipients) {
      String marker = MARKER + markers.incrementAndGet();
      link(recipient, marker);
      markerOf.put(recipient, marker);
    }
    return markersOnline.apply(new ArrayList<>(markerOf.values()))
        .compose(online -> until(() -> markerOf.entrySet().stream()
            .allMatch(pair -> !entries(pair.getKey(), pair.getValue()).isEmpty()), 100));
  }

  /** Sends a connect, then queries the user, which the verticle answers only after handling the connect. */
  Future<JsonObject> connect(String userId, String deviceId) {
    return connection(userId, deviceId, true);
  }

  Future<JsonObject> disconnect(String userId, String deviceId) {
    return connection(userId, deviceId, false);
  }

  /** Sends one heartbeat batch, then queries its users, which the verticle answers after handling the batch. */
  Future<JsonObject> heartbeat(String... userIds) {
    eventBus.send(Addresses.PRESENCE_HEARTBEAT, new JsonArray(Arrays.asList(userIds)));
    return query(userIds);
  }

  Future<JsonObject> query(String... userIds) {
    return eventBus.<JsonObject>request(Addresses.PRESENCE_QUERY, new JsonArray(Arrays.asList(userIds)))
        .map(reply -> reply.body());
  }

  /**
   * The frames {@code recipient} has received, once there are at least {@code count}, and once every change made
   * until then has been delivered, so that frames beyond {@code count} are included too.
   */
  Future<List<JsonObject>> frames(String recipient, int count) {
    return until(() -> frames(recipient).size() >= count, 100)
        .compose(ignored -> delivered(recipient))
        .map(ignored -> frames(recipient));
  }

  /** The frames {@code recipient} has received so far, without marker entries (and frames that held only those). */
  List<JsonObject> frames(String recipient) {
    return events(recipient).stream().map(event -> withoutMarkers(new JsonObject(event.frame())))
        .filter(frame -> !frame.getJsonArray("users").isEmpty())
        .toList();
  }

  List<UserEvent> events(String recipient) {
    return events.getOrDefault(recipient, List.of());
  }

  /** The entries about {@code userId} in every frame {@code recipient} has received so far. */
  List<JsonObject> entries(String recipient, String userId) {
    return events(recipient).stream()
        .flatMap(event -> new JsonObject(event.frame()).getJsonArray("users").stream())
        .map(JsonObject.class::cast)
        .filter(entry -> entry.getString("userId").equals(userId))
        .toList();
  }

  /** Completes once {@code condition} holds, checking every 20 ms; fails after {@code attempts} checks. */
  Future<Void> until(BooleanSupplier condition, int attempts) {
    return untilAsync(() -> Future.succeededFuture(condition.getAsBoolean()), attempts);
  }

  /** Completes once {@code recipient} has received {@code count} entries about {@code userId}. */
  Future<Void> untilEntries(String recipient, String userId, int count) {
    return until(() -> entries(recipient, userId).size() >= count, 100);
  }

  /** Completes once the verticle answers that {@code userId} is offline. */
  Future<Void> untilOffline(String userId) {
    return untilAsync(() -> query(userId).map(reply -> !reply.getJsonObject(userId).getBoolean("online")), 100);
  }

  private Future<Void> untilAsync(Supplier<Future<Boolean>> condition, int attempts) {
    return condition.get().compose(met -> {
      if (met) {
        return Future.succeededFuture();
      }
      if (attempts <= 1) {
        return Future.failedFuture(new AssertionError("condition not met in time"));
      }
      return vertx.timer(20).compose(ignored -> untilAsync(condition, attempts - 1));
    });
  }

  private Future<JsonObject> connection(String userId, String deviceId, boolean connected) {
    eventBus.send(Addresses.PRESENCE_CONNECTION,
        new JsonObject().put("userId", userId).put("deviceId", deviceId).put("connected", connected));
    return query(userId);
  }

  private static JsonObject withoutMarkers(JsonObject frame) {
    JsonArray users = new JsonArray(frame.getJsonArray("users").stream().map(JsonObject.class::cast)
        .filter(entry -> !entry.getString("userId").startsWith(MARKER)).toList());
    return frame.copy().put("users", users);
  }

  private void link(String userId, String friendId) {
    friends.computeIfAbsent(userId, id -> new CopyOnWriteArrayList<>()).add(friendId);
    friends.computeIfAbsent(friendId, id -> new CopyOnWriteArrayList<>()).add(userId);
  }

  private void listen(String userId) {
    events.computeIfAbsent(userId, id -> {
      List<UserEvent> received = new CopyOnWriteArrayList<>();
      eventBus.<UserEvent>consumer(Addresses.user(id), message -> received.add(message.body()));
      return received;
    });
  }

  static JsonObject frame(JsonObject... entries) {
    return new JsonObject().put("type", "presence").put("users", new JsonArray(Arrays.asList(entries)));
  }

  static JsonObject entry(String userId, boolean online, long lastActiveAt) {
    return new JsonObject().put("userId", userId).put("online", online).put("lastActiveAt", lastActiveAt);
  }
}
