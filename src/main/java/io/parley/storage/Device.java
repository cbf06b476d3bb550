package io.parley.storage;

import io.vertx.core.json.JsonObject;

/**
 * A device registered for push notifications.
 *
 * @param platform {@code apns} or {@code fcm}
 */
public record Device(String deviceId, String platform, String pushToken, long updatedAt) {

  public JsonObject toJson() {
    return new JsonObject().put("deviceId", deviceId).put("platform", platform).put("pushToken", pushToken)
        .put("updatedAt", updatedAt);
  }

  public static Device fromJson(JsonObject json) {
    return new Device(json.getString("deviceId"), json.getString("platform"), json.getString("pushToken"),
        json.getLong("updatedAt"));
  }
}
