package io.parley.push;

import io.parley.config.PushConfig;
import io.parley.metrics.PushMetrics;
import io.parley.model.Ids;
import io.parley.push.PushQueue.Burst;
import io.parley.storage.Device;
import io.parley.storage.PushNotification;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import static io.parley.bus.Addresses.STORAGE_DEVICE_LIST;
import static io.parley.bus.Addresses.STORAGE_DEVICE_REMOVE;
import static io.parley.bus.Addresses.STORAGE_PUSH_REMOVE;

/**
 * Delivers the outbox: on each tick, gives up notifications past {@code push.maxAgeSeconds}, then sends every due
 * burst (up to {@code push.maxInFlight} requests at once) through its platform's provider and acts on the answer:
 * accepted, the burst's notifications leave the durable outbox; gone, the device registration too; retry, the burst
 * waits its backoff; rejected, it is removed. A notification is removed from the durable outbox only after its
 * service accepted it, so a crash in between sends it again after the restart (at least once; see docs/PUSH.md).
 * Runs on the push verticle's event loop; it never touches chat delivery.
 */
final class PushSender {
  private static final Logger log = LoggerFactory.getLogger(PushSender.class);

  private final EventBus bus;
  private final PushQueue queue;
  private final Map<String, PushProvider> providers;
  private final PushConfig config;
  private final Backoff backoff;
  private final PushMetrics metrics;
  private final Clock clock;
  private int inFlight;
  /** Removals from the durable outbox not yet confirmed: until they are, a reload would find those entries again. */
  private int removing;

  PushSender(EventBus bus, PushQueue queue, Map<String, PushProvider> providers, PushConfig config, Backoff backoff,
      PushMetrics metrics, Clock clock) {
    this.bus = bus;
    this.queue = queue;
    this.providers = providers;
    this.config = config;
    this.backoff = backoff;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Notifications now in the outbox: queued, and the oldest beyond the cap dropped. */
  void enqueue(List<PushNotification> notifications) {
    notifications.stream().filter(queue::add).forEach(n -> metrics.queued(n.platform(), 1));
    List<PushNotification> dropped = queue.overCap();
    if (!dropped.isEmpty()) {
      dropped.forEach(n -> metrics.dropped(n.platform()));
      log.warn("push outbox full, oldest dropped count={} cap={} oldestMessageId={}", dropped.size(),
          config.maxQueued(), Ids.toHex(dropped.get(0).messageId()));
      removeDurably(dropped);
    }
  }

  /** Nothing sent and unanswered, nothing removed and unconfirmed: the durable outbox holds only what is queued. */
  boolean settled() {
    return inFlight == 0 && removing == 0;
  }

  void tick() {
    long now = clock.millis();
    List<PushNotification> expired = queue.expire(now - config.maxAgeSeconds() * 1000L);
    if (!expired.isEmpty()) {
      expired.forEach(n -> metrics.failed(n.platform(), 1));
      log.warn("push given up at max age count={} maxAgeSeconds={}", expired.size(), config.maxAgeSeconds());
      removeDurably(expired);
    }
    int room = config.maxInFlight() - inFlight;
    if (room > 0) {
      queue.due(now, providers.keySet(), room).forEach(this::send);
    }
  }

  private void send(Burst burst) {
    List<PushNotification> sending = List.copyOf(burst.entries.values());
    PushNotification latest = burst.latest();
    PushProvider provider = providers.get(latest.platform());
    burst.inFlight = true;
    inFlight++;
    provider.send(new PushDelivery(latest, sending.size(), queue.unread(latest.userId(), latest.deviceId())))
        .otherwise(cause -> PushOutcome.retry(-1, "provider failed: " + cause.getMessage()))
        .onSuccess(outcome -> {
          inFlight--;
          settle(burst, sending, outcome);
        });
  }

  private void settle(Burst burst, List<PushNotification> sent, PushOutcome outcome) {
    PushNotification latest = sent.get(sent.size() - 1);
    String platform = latest.platform();
    switch (outcome.kind()) {
      case ACCEPTED -> {
        burst.attempts = 0;
        metrics.sent(platform, sent.size());
        queue.remove(sent);
        removeDurably(sent);
      }
      case RETRY -> {
        burst.attempts++;
        burst.dueAt = clock.millis() + backoff.delay(burst.attempts, outcome.retryAfterMillis());
        metrics.retried(platform);
        log.info("push retry platform={} userId={} deviceId={} attempt={} in={}ms cause={}", platform, latest.userId(),
            latest.deviceId(), burst.attempts, burst.dueAt - clock.millis(), outcome.detail());
      }
      case GONE -> {
        metrics.removedToken(platform);
        List<PushNotification> ofToken = queue.ofToken(latest.userId(), latest.deviceId(), latest.pushToken());
        queue.remove(ofToken);
        queue.remove(sent);
        removeDurably(ofToken);
        removeDurably(sent);
        removeDevice(latest);
      }
      case REJECTED -> {
        metrics.failed(platform, sent.size());
        log.warn("push rejected platform={} userId={} deviceId={} count={} cause={}", platform, latest.userId(),
            latest.deviceId(), sent.size(), outcome.detail());
        queue.remove(sent);
        removeDurably(sent);
      }
      default -> throw new IllegalStateException("unknown outcome " + outcome.kind());
    }
    queue.settled(burst);
  }

  private void removeDurably(List<PushNotification> notifications) {
    if (notifications.isEmpty()) {
      return;
    }
    JsonArray body = new JsonArray(notifications.stream().map(PushNotification::toJson).toList());
    removing++;
    bus.request(STORAGE_PUSH_REMOVE, body)
        .onFailure(cause -> log.warn("push outbox removal failed count={}, sent again after a restart cause={}",
            notifications.size(), cause.getMessage()))
        .onComplete(done -> removing--);
  }

  /** Removes the registration only if it still has the token the service refused: the device may have a new one. */
  private void removeDevice(PushNotification gone) {
    JsonObject device = new JsonObject().put("userId", gone.userId()).put("deviceId", gone.deviceId());
    bus.<JsonArray>request(STORAGE_DEVICE_LIST, new JsonObject().put("userId", gone.userId()))
        .compose(reply -> {
          boolean same = reply.body().stream().map(JsonObject.class::cast).map(Device::fromJson)
              .anyMatch(d -> d.deviceId().equals(gone.deviceId()) && d.pushToken().equals(gone.pushToken()));
          return same ? bus.request(STORAGE_DEVICE_REMOVE, device).map(true) : Future.succeededFuture(false);
        })
        .onSuccess(removed -> log.info("push token gone platform={} userId={} deviceId={} registrationRemoved={}",
            gone.platform(), gone.userId(), gone.deviceId(), removed))
        .onFailure(cause -> log.warn("push device removal failed userId={} deviceId={} cause={}", gone.userId(),
            gone.deviceId(), cause.getMessage()));
  }
}
