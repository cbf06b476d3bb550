package io.parley.presence;

import io.parley.bus.Addresses;
import io.parley.bus.Consumers;
import io.parley.bus.UserDirectory;
import io.parley.bus.Failure;
import io.parley.config.PresenceConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Online presence: takes connects, disconnects and heartbeats from the gateways, answers presence queries, and
 * pushes status changes to online friends.
 *
 * <p>One periodic timer drives everything time-based: each tick asks the store which users have gone silent, then
 * flushes the changes collected since the previous tick. A failing store call is logged at debug only: a store whose
 * backend is down fails every call for as long, and logs the outage itself, once. Deploy one instance per node; with the local store, run
 * presence on one node only.
 */
public final class PresenceVerticle extends VerticleBase {
  /** How often silent users are expired and collected changes announced. */
  public static final Duration FLUSH_INTERVAL = Duration.ofSeconds(1);

  private static final Logger log = LoggerFactory.getLogger(PresenceVerticle.class);

  private final PresenceConfig config;
  private final PresenceStore store;
  private final Clock clock;
  private final Duration flushInterval;
  private final UserDirectory users;
  private PresenceAnnouncer announcer;
  private long timerId = -1;

  public PresenceVerticle(PresenceConfig config, PresenceStore store, Clock clock, UserDirectory users) {
    this(config, store, clock, FLUSH_INTERVAL, users);
  }

  /** With another flush interval, for tests that should not wait a second per step. */
  public PresenceVerticle(PresenceConfig config, PresenceStore store, Clock clock, Duration flushInterval,
      UserDirectory users) {
    this.config = config;
    this.store = store;
    this.clock = clock;
    this.flushInterval = flushInterval;
    this.users = users;
  }

  @Override
  public Future<?> start() {
    EventBus eventBus = vertx.eventBus();
    announcer = new PresenceAnnouncer(eventBus, users, store, config.maxFanout());
    return new Consumers(eventBus)
        .on(Addresses.PRESENCE_CONNECTION, this::handleConnection)
        .on(Addresses.PRESENCE_HEARTBEAT, this::handleHeartbeat)
        .on(Addresses.PRESENCE_QUERY, this::handleQuery)
        .ready()
        .onSuccess(ready -> {
          timerId = vertx.setPeriodic(flushInterval.toMillis(), id -> tick());
          log.info("presence ready type={} offlineAfterSeconds={} maxFanout={}",
              config.type(), config.offlineAfterSeconds(), config.maxFanout());
        });
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timerId);
    return Future.succeededFuture();
  }

  /** {userId, deviceId, connected}; no reply. */
  private void handleConnection(Message<Object> message) {
    if (!(message.body() instanceof JsonObject body)
        || !(body.getValue("userId") instanceof String userId)
        || !(body.getValue("deviceId") instanceof String deviceId)
        || !(body.getValue("connected") instanceof Boolean connected)) {
      invalid(message, "expected {userId, deviceId, connected}");
      return;
    }
    long now = clock.millis();
    Future<Boolean> cameOnline = connected
        ? store.connected(userId, deviceId, now)
        : store.disconnected(userId, deviceId, now).map(false);
    cameOnline
        .onSuccess(changed -> {
          if (changed) {
            announcer.changed(userId, true);
          }
        })
        .onFailure(failure -> log.debug("presence connection failed userId={} connected={} cause={}",
            userId, connected, failure.getMessage()));
  }

  /** [userId, ...], the users heard from since the gateway's previous batch; no reply. */
  private void handleHeartbeat(Message<Object> message) {
    List<String> userIds = userIds(message);
    if (userIds == null) {
      return;
    }
    store.touch(userIds, clock.millis())
        .onSuccess(cameOnline -> cameOnline.forEach(userId -> announcer.changed(userId, true)))
        .onFailure(failure -> log.debug("presence heartbeat failed users={} cause={}", userIds.size(),
            failure.getMessage()));
  }

  /**
   * [userId, ...] to {userId: {online, lastActiveAt, connectedDevices}} for every id asked. A store that cannot answer
   * (its Redis down) makes every user {@link Presence#UNKNOWN}: friend lists still load, and push, seeing no connected
   * device, sends rather than stays silent. The store logs the outage.
   */
  private void handleQuery(Message<Object> message) {
    List<String> userIds = userIds(message);
    if (userIds == null) {
      return;
    }
    store.get(userIds)
        .otherwise(failure -> Map.of())
        .onSuccess(presences -> {
          JsonObject reply = new JsonObject();
          userIds.forEach(id -> reply.put(id, presences.getOrDefault(id, Presence.UNKNOWN).toJson()));
          message.reply(reply);
        });
  }

  private void tick() {
    store.expire(clock.millis())
        .onSuccess(expired -> expired.forEach(userId -> announcer.changed(userId, false)))
        .onFailure(failure -> log.debug("presence expiry failed cause={}", failure.getMessage()))
        .eventually(announcer::flush);
  }

  /** The body as a list of user ids, or null after failing the message. */
  private static List<String> userIds(Message<Object> message) {
    if (message.body() instanceof JsonArray array && array.stream().allMatch(String.class::isInstance)) {
      return array.stream().map(String.class::cast).toList();
    }
    invalid(message, "expected a JSON array of user ids");
    return null;
  }

  private static void invalid(Message<Object> message, String text) {
    log.debug("presence message rejected address={} reason={}", message.address(), text);
    message.fail(Failure.INVALID.code(), text);
  }
}
