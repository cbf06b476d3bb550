package io.parley.push.fcm;

import io.parley.push.ConversationKey;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;

/**
 * The FCM v1 message for one device: a notification (title, and the preview as body when there is one) that the
 * system shows, {@code data} with every payload field as a string (FCM's rule), and Android options: a
 * {@code collapse_key} per conversation so a burst that waited on the server is one notification there too, the
 * conversation as the notification {@code tag}, the unread count as {@code notification_count}, high priority, and
 * the TTL. FCM refuses a message over 4096 bytes; the preview is left out to fit, else there is no message.
 */
final class FcmMessage {
  static final int MAX_BYTES = 4096;

  private FcmMessage() {
  }

  /** The request body, or null when it cannot fit in {@link #MAX_BYTES}. */
  static JsonObject of(String token, JsonObject payload, int ttlSeconds) {
    JsonObject message = build(token, payload, ttlSeconds);
    if (size(message) <= MAX_BYTES) {
      return message;
    }
    JsonObject withoutPreview = payload.copy();
    withoutPreview.remove("preview");
    message = build(token, withoutPreview, ttlSeconds);
    return size(message) <= MAX_BYTES ? message : null;
  }

  private static JsonObject build(String token, JsonObject payload, int ttlSeconds) {
    JsonObject data = new JsonObject();
    payload.forEach(field -> data.put(field.getKey(), String.valueOf(field.getValue())));
    JsonObject notification = new JsonObject().put("title", "New message");
    if (payload.getString("preview") != null) {
      notification.put("body", payload.getString("preview"));
    }
    String conversationId = payload.getString("conversationId");
    JsonObject android = new JsonObject().put("collapse_key", collapseKey(conversationId)).put("priority", "HIGH")
        .put("ttl", ttlSeconds + "s").put("notification", new JsonObject().put("tag", conversationId)
            .put("notification_count", payload.getInteger("unread")));
    return new JsonObject().put("message", new JsonObject().put("token", token).put("notification", notification)
        .put("data", data).put("android", android));
  }

  /** Short and free of the ids: FCM keeps at most four collapse keys per device at a time. */
  static String collapseKey(String conversationId) {
    return ConversationKey.of(conversationId, 12);
  }


  private static int size(JsonObject message) {
    return message.encode().getBytes(StandardCharsets.UTF_8).length;
  }
}
