package io.parley.push;

import io.parley.bus.AppendResult;
import io.parley.bus.BusReplies;
import io.parley.bus.Consumers;
import io.parley.bus.Failure;
import io.parley.push.webpush.WebPushProvider;
import io.parley.config.PushConfig;
import io.parley.metrics.PushMetrics;
import io.parley.model.ChatMessage;
import io.parley.model.Ids;
import io.parley.storage.Device;
import io.parley.storage.PushNotification;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import static io.parley.bus.Addresses.PRESENCE_QUERY;
import static io.parley.bus.Addresses.PUSH_DUE;
import static io.parley.bus.Addresses.PUSH_WEBPUSH_KEY;
import static io.parley.bus.Addresses.STORAGE_DEVICE_LIST;
import static io.parley.bus.Addresses.STORAGE_PUSH_LOAD;
import static io.parley.bus.Addresses.STORAGE_PUSH_PREVIEWS;
import static io.parley.bus.Addresses.STORAGE_PUSH_RECORD;

/**
 * Decides which recipients of a message are due a push notification (those with no connected device), records one
 * notification per registered device in the durable outbox, and delivers the outbox through the configured
 * {@link PushProvider}s ({@link PushSender}). On start it loads what the outbox holds, so notifications recorded
 * before a restart or a crash are delivered after it. Messages are told to it as routing's {@link AppendResult}s
 * and checked against presence at once, but never more than one query at a time: what arrives meanwhile waits and
 * goes in the next query, so a busy node pays one presence round trip per batch rather than per message, and a
 * quiet one adds no delay.
 */
public final class PushVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(PushVerticle.class);
  /** Enough of the text for a lock screen; the device fetches the rest when opened. */
  private static final int PREVIEW_CODE_POINTS = 120;

  /** How often the sender looks for due notifications. */
  private static final long TICK_MILLIS = 100;

  private final int node;
  private final PushConfig config;
  private final Path dataDir;
  private final Clock clock;
  private final PushMetrics metrics;
  private final PushQueue queue;
  private EventBus bus;
  private List<PushProvider> providers = List.of();
  private PushSender sender;
  private List<Message<AppendResult>> waiting = new ArrayList<>();
  private boolean querying;
  /** Set when the outbox held more than one load takes: it is loaded again once the queue is empty. */
  private boolean moreStored;

  /** @param node this node's {@code node.id}: the outbox entries this verticle records and, after a restart, loads */
  public PushVerticle(int node, PushConfig config, Path dataDir, Clock clock, PushMetrics metrics) {
    this.node = node;
    this.config = config;
    this.dataDir = dataDir;
    this.clock = clock;
    this.metrics = metrics;
    this.queue = new PushQueue(config.maxQueued(), config.collapseMillis());
  }

  @Override
  public Future<?> start() {
    bus = vertx.eventBus();
    metrics.queueSize(queue::size);
    return PushProviders.open(vertx, config, dataDir, clock).compose(opened -> {
      providers = opened;
      Map<String, PushProvider> byPlatform = new HashMap<>();
      opened.forEach(provider -> byPlatform.put(provider.platform(), provider));
      sender = new PushSender(bus, queue, byPlatform, config,
          new Backoff(config.retryBaseMillis(), config.retryMaxMillis(), ThreadLocalRandom.current()::nextDouble),
          metrics, clock);
      return loadOutbox();
    }).compose(loaded -> {
      vertx.setPeriodic(TICK_MILLIS, id -> tick());
      return new Consumers(bus).on(PUSH_DUE, this::handleDue).on(PUSH_WEBPUSH_KEY, this::handleWebPushKey).ready();
    });
  }

  @Override
  public Future<?> stop() {
    return Future.all(providers.stream().map(PushProvider::close).toList());
  }

  /** What the durable outbox holds, into the queue; a failure is logged and tried again on a later tick. */
  private Future<Void> loadOutbox() {
    int limit = config.maxQueued();
    return bus.<JsonArray>request(STORAGE_PUSH_LOAD, new JsonObject().put("node", node).put("limit", limit))
        .map(reply -> {
          List<PushNotification> stored = reply.body().stream().map(JsonObject.class::cast)
              .map(PushNotification::fromJson).toList();
          moreStored = stored.size() >= limit;
          sender.enqueue(stored);
          log.info("push outbox loaded count={} providers={}", stored.size(),
              providers.stream().map(PushProvider::platform).toList());
          return (Void) null;
        })
        .recover(cause -> {
          log.warn("push outbox not loaded, trying again cause={}", cause.getMessage());
          moreStored = true;
          return Future.succeededFuture();
        });
  }

  private void tick() {
    if (moreStored && queue.size() == 0 && sender.settled()) {
      moreStored = false;
      loadOutbox();
    }
    sender.tick();
  }

  /** {} to {"publicKey": base64url}, the VAPID key browsers subscribe with; NOT_FOUND while Web Push is off. */
  private void handleWebPushKey(Message<JsonObject> request) {
    providers.stream().filter(WebPushProvider.class::isInstance).map(WebPushProvider.class::cast).findFirst()
        .ifPresentOrElse(webPush -> request.reply(new JsonObject().put("publicKey", webPush.publicKey())),
            () -> request.fail(Failure.NOT_FOUND.code(), "web push is not enabled on this server"));
  }

  /**
   * A stored message, not yet acked: answered once its notifications are in the durable outbox (or none is due), so
   * a push is never lost for a message its sender saw acked.
   */
  private void handleDue(Message<AppendResult> due) {
    if (due.body().seqs().size() < 2) {
      due.reply(null);
      return;
    }
    waiting.add(due);
    if (!querying) {
      checkPresence();
    }
  }

  private void checkPresence() {
    List<Message<AppendResult>> batch = waiting;
    waiting = new ArrayList<>();
    querying = true;
    Set<String> recipients = new LinkedHashSet<>();
    batch.forEach(due -> recipients.addAll(recipientsOf(due.body())));
    bus.<JsonObject>request(PRESENCE_QUERY, new JsonArray(new ArrayList<>(recipients)))
        .map(Message::body)
        .onSuccess(presence -> batch.forEach(due -> BusReplies.reply(due, record(due.body(), presence))))
        .onFailure(cause -> {
          log.warn("push not recorded for {} messages cause={}", batch.size(), cause.getMessage());
          batch.forEach(due -> BusReplies.reply(due, Future.failedFuture(cause)));
        })
        .onComplete(done -> {
          querying = false;
          if (!waiting.isEmpty()) {
            checkPresence();
          }
        });
  }

  private Future<Void> record(AppendResult appended, JsonObject presence) {
    ChatMessage message = appended.message();
    return Future.all(recipientsOf(appended).stream()
            .filter(userId -> presence.getJsonObject(userId).getInteger("connectedDevices", 0) == 0)
            .map(userId -> notificationsFor(userId, message))
            .toList())
        .compose(all -> {
          JsonArray notifications = new JsonArray();
          all.<List<PushNotification>>list().forEach(list -> list.forEach(n -> notifications.add(n.toJson())));
          return notifications.isEmpty() ? Future.succeededFuture() : bus.request(STORAGE_PUSH_RECORD,
                  new JsonObject().put("node", node).put("notifications", notifications))
              .onSuccess(ignored -> {
                log.debug("push recorded messageId={} count={}", Ids.toHex(message.id()), notifications.size());
                sender.enqueue(all.<List<PushNotification>>list().stream().flatMap(List::stream).toList());
              });
        })
        .onFailure(cause -> log.warn("push not recorded messageId={} cause={}", Ids.toHex(message.id()),
            cause.getMessage()))
        .mapEmpty();
  }

  /** Everyone the message was appended for but its sender, whose own devices never need a push for it. */
  private static List<String> recipientsOf(AppendResult appended) {
    String sender = appended.message().senderId();
    return appended.seqs().keySet().stream().filter(userId -> !userId.equals(sender)).toList();
  }

  /** One per registered device; the preview left out (null) when the user turned previews off. */
  private Future<List<PushNotification>> notificationsFor(String userId, ChatMessage message) {
    JsonObject user = new JsonObject().put("userId", userId);
    Future<JsonArray> devices = bus.<JsonArray>request(STORAGE_DEVICE_LIST, user).map(Message::body);
    Future<Boolean> previews = bus.<JsonObject>request(STORAGE_PUSH_PREVIEWS, user)
        .map(reply -> reply.body().getBoolean("pushPreviews"));
    return Future.all(devices, previews).map(both -> {
      String preview = previews.result() ? preview(message.text()) : null;
      return devices.result().stream().map(JsonObject.class::cast).map(Device::fromJson)
          .map(device -> new PushNotification(userId, device.deviceId(), device.platform(), device.pushToken(),
              message.id(), message.conversationId(), message.senderId(), preview, clock.millis()))
          .toList();
    });
  }

  private static String preview(String text) {
    if (text.codePointCount(0, text.length()) <= PREVIEW_CODE_POINTS) {
      return text;
    }
    return text.substring(0, text.offsetByCodePoints(0, PREVIEW_CODE_POINTS)) + "…";
  }
}
