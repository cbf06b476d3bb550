package io.parley.push;

import io.parley.model.Ids;
import io.parley.storage.PushNotification;
import io.vertx.core.json.JsonObject;

/**
 * What every provider tells the device about a burst, the same fields on each platform (docs/PUSH.md):
 * {@code conversationId}, {@code messageId} (the newest, hex), {@code senderId}, {@code preview} (absent when the
 * recipient turned previews off), {@code messages} (how many the notification stands for) and {@code unread} (all
 * messages waiting for the device).
 */
public final class PushPayload {
  private PushPayload() {
  }

  public static JsonObject json(PushDelivery delivery) {
    PushNotification latest = delivery.latest();
    JsonObject json = new JsonObject().put("type", "message").put("conversationId", latest.conversationId())
        .put("messageId", Ids.toHex(latest.messageId())).put("senderId", latest.senderId());
    if (latest.preview() != null) {
      json.put("preview", latest.preview());
    }
    return json.put("messages", delivery.collapsed()).put("unread", delivery.unread());
  }
}
