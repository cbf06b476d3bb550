package io.parley.bus;

import io.vertx.core.json.JsonObject;

/** A device's text message, from the gateway to chat routing. Exactly one of {@code toUser}, {@code toGroup} is set. */
public record SendRequest(
    String senderId, String deviceId, String clientMessageId, String toUser, String toGroup, String text) {

  public JsonObject toJson() {
    return new JsonObject().put("senderId", senderId).put("deviceId", deviceId)
        .put("clientMessageId", clientMessageId).put("toUser", toUser).put("toGroup", toGroup).put("text", text);
  }

  public static SendRequest fromJson(JsonObject json) {
    return new SendRequest(json.getString("senderId"), json.getString("deviceId"),
        json.getString("clientMessageId"), json.getString("toUser"), json.getString("toGroup"),
        json.getString("text"));
  }
}
