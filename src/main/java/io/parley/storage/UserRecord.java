package io.parley.storage;

import io.vertx.core.json.JsonObject;

/**
 * An account.
 *
 * @param passwordHash encoded by {@code gateway.PasswordHasher}; never leaves the server
 */
public record UserRecord(
    String id, String username, String displayName, String bio, String passwordHash, long createdAt) {

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("username", username).put("displayName", displayName)
        .put("bio", bio).put("passwordHash", passwordHash).put("createdAt", createdAt);
  }

  public static UserRecord fromJson(JsonObject json) {
    return new UserRecord(json.getString("id"), json.getString("username"), json.getString("displayName"),
        json.getString("bio"), json.getString("passwordHash"), json.getLong("createdAt"));
  }
}
