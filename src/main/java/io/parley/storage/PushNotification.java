package io.parley.storage;

import io.vertx.core.json.JsonObject;

/** A notification due to one device of a user who had no connected device when a message arrived. */
public record PushNotification(
    String userId, String deviceId, String platform, String pushToken, long messageId, String conversationId,
    String senderId, String preview, long createdAt) {

  public JsonObject toJson() {
    return new JsonObject().put("userId", userId).put("deviceId", deviceId).put("platform", platform)
        .put("pushToken", pushToken).put("messageId", messageId).put("conversationId", conversationId)
        .put("senderId", senderId).put("preview", preview).put("createdAt", createdAt);
  }

  public static PushNotification fromJson(JsonObject json) {
    return new PushNotification(json.getString("userId"), json.getString("deviceId"), json.getString("platform"),
        json.getString("pushToken"), json.getLong("messageId"), json.getString("conversationId"),
        json.getString("senderId"), json.getString("preview"), json.getLong("createdAt"));
  }
}
