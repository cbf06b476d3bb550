package io.parley.e2e.support;

import io.parley.bus.Addresses;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The durable push outbox read over a node's event bus. The push verticle decides messages in the order routing
 * stored them, so once a later message's notifications are recorded, every earlier message has been decided: that is
 * the condition to wait for before asserting that one left nothing. An entry leaves once its service accepted it, so
 * an empty outbox means nothing more will be sent.
 */
public final class PushOutbox {
  private static final long WAIT_MILLIS = 10_000;

  private final EventBus bus;

  public PushOutbox(EventBus bus) {
    this.bus = bus;
  }

  /** Everything recorded for {@code userId} (up to 100 notifications). */
  public List<JsonObject> pending(String userId) {
    JsonArray due = ApiClient.await(bus.<JsonArray>request(Addresses.STORAGE_PUSH_PENDING,
        new JsonObject().put("userId", userId).put("limit", 100)).map(reply -> reply.body()), "push pending");
    return due.stream().map(JsonObject.class::cast).toList();
  }

  /**
   * The notifications of message {@code messageId} for {@code userId}, once there are {@code count} of them. Only
   * where they stay long enough to be seen: no service to accept them, or a collapse window far longer than a poll;
   * where a service takes them at once, wait for what the service received instead.
   */
  public List<JsonObject> awaitDue(String userId, long messageId, int count) {
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    List<JsonObject> due = of(messageId, pending(userId));
    while (due.size() < count) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("expected " + count + " notifications of message " + Long.toHexString(messageId)
            + " for " + userId + " within " + WAIT_MILLIS + " ms, outbox: " + pending(userId));
      }
      sleep();
      due = of(messageId, pending(userId));
    }
    return due;
  }

  /** The notifications among {@code notifications} that are of message {@code messageId}. */
  public static List<JsonObject> of(long messageId, List<JsonObject> notifications) {
    return notifications.stream().filter(n -> n.getLong("messageId") == messageId).toList();
  }

  private static void sleep() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for the push outbox", e);
    }
  }
}
