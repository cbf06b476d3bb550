package io.parley.push;

import io.parley.bus.AppendResult;
import io.parley.bus.Consumers;
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

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static io.parley.bus.Addresses.PRESENCE_QUERY;
import static io.parley.bus.Addresses.PUSH_DUE;
import static io.parley.bus.Addresses.STORAGE_DEVICE_LIST;
import static io.parley.bus.Addresses.STORAGE_PUSH_RECORD;

/**
 * Decides which recipients of a message are due a push notification (those with no connected device) and records
 * one notification per registered device in the durable outbox. Delivery to APNs and FCM reads that outbox.
 * Messages are told to it as routing's {@link AppendResult}s and checked against presence at once, but never more
 * than one query at a time: what arrives meanwhile waits and goes in the next query, so a busy node pays one presence
 * round trip per batch rather than per message, and a quiet one adds no delay.
 */
public final class PushVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(PushVerticle.class);
  /** Enough of the text for a lock screen; the device fetches the rest when opened. */
  private static final int PREVIEW_CODE_POINTS = 120;

  private final Clock clock;
  private EventBus bus;
  private List<AppendResult> waiting = new ArrayList<>();
  private boolean querying;

  public PushVerticle(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    bus = vertx.eventBus();
    return new Consumers(bus).on(PUSH_DUE, this::handleDue).ready();
  }

  /** A stored message; no reply, the sender has its ack already. */
  private void handleDue(Message<AppendResult> due) {
    if (due.body().seqs().size() < 2) {
      return;
    }
    waiting.add(due.body());
    if (!querying) {
      checkPresence();
    }
  }

  private void checkPresence() {
    List<AppendResult> batch = waiting;
    waiting = new ArrayList<>();
    querying = true;
    Set<String> recipients = new LinkedHashSet<>();
    batch.forEach(appended -> recipients.addAll(recipientsOf(appended)));
    bus.<JsonObject>request(PRESENCE_QUERY, new JsonArray(new ArrayList<>(recipients)))
        .map(Message::body)
        .onSuccess(presence -> batch.forEach(appended -> record(appended, presence)))
        .onFailure(cause -> log.warn("push not recorded for {} messages cause={}", batch.size(), cause.getMessage()))
        .onComplete(done -> {
          querying = false;
          if (!waiting.isEmpty()) {
            checkPresence();
          }
        });
  }

  private void record(AppendResult appended, JsonObject presence) {
    ChatMessage message = appended.message();
    Future.all(recipientsOf(appended).stream()
            .filter(userId -> presence.getJsonObject(userId).getInteger("connectedDevices", 0) == 0)
            .map(userId -> notificationsFor(userId, message))
            .toList())
        .compose(all -> {
          JsonArray notifications = new JsonArray();
          all.<List<PushNotification>>list().forEach(list -> list.forEach(n -> notifications.add(n.toJson())));
          return notifications.isEmpty() ? Future.succeededFuture() : bus.request(STORAGE_PUSH_RECORD, notifications)
              .onSuccess(ignored -> log.debug("push recorded messageId={} count={}", Ids.toHex(message.id()),
                  notifications.size()));
        })
        .onFailure(cause -> log.warn("push not recorded messageId={} cause={}", Ids.toHex(message.id()),
            cause.getMessage()));
  }

  /** Everyone the message was appended for but its sender, whose own devices never need a push for it. */
  private static List<String> recipientsOf(AppendResult appended) {
    String sender = appended.message().senderId();
    return appended.seqs().keySet().stream().filter(userId -> !userId.equals(sender)).toList();
  }

  private Future<List<PushNotification>> notificationsFor(String userId, ChatMessage message) {
    return bus.<JsonArray>request(STORAGE_DEVICE_LIST, new JsonObject().put("userId", userId))
        .map(reply -> reply.body().stream().map(JsonObject.class::cast).map(Device::fromJson)
            .map(device -> new PushNotification(userId, device.deviceId(), device.platform(), device.pushToken(),
                message.id(), message.conversationId(), message.senderId(), preview(message.text()), clock.millis()))
            .toList());
  }

  private static String preview(String text) {
    if (text.codePointCount(0, text.length()) <= PREVIEW_CODE_POINTS) {
      return text;
    }
    return text.substring(0, text.offsetByCodePoints(0, PREVIEW_CODE_POINTS)) + "…";
  }
}
