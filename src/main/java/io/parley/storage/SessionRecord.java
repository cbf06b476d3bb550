package io.parley.storage;

import io.vertx.core.json.JsonObject;

/**
 * One login of a user: the {@code sid} its tokens carry. A token is honoured only while its session is stored, so
 * deleting the session revokes every token issued for it.
 *
 * @param expiresAt epoch millis its newest token expires at; renewing moves it, and past it the session is gone
 */
public record SessionRecord(String sessionId, long createdAt, long expiresAt) {

  public JsonObject toJson() {
    return new JsonObject().put("sessionId", sessionId).put("createdAt", createdAt).put("expiresAt", expiresAt);
  }

  public static SessionRecord fromJson(JsonObject json) {
    return new SessionRecord(json.getString("sessionId"), json.getLong("createdAt"), json.getLong("expiresAt"));
  }
}
