package io.parley.bus;

import io.vertx.core.json.JsonObject;

/**
 * Something for every connected device of one user, published on {@link Addresses#user(String)}.
 *
 * @param seq   inbox sequence of a message event, 0 for events outside the inbox (presence, read, typing)
 * @param frame the complete protocol frame to write to the device, already serialized once for all devices
 */
public record UserEvent(long seq, String frame) {

  public JsonObject toJson() {
    return new JsonObject().put("seq", seq).put("frame", frame);
  }

  public static UserEvent fromJson(JsonObject json) {
    return new UserEvent(json.getLong("seq"), json.getString("frame"));
  }
}
