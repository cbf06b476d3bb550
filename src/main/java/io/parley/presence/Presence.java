package io.parley.presence;

import io.vertx.core.json.JsonObject;

/**
 * What is known of one user's presence.
 *
 * @param online           true from the first heartbeat or connect until the store expires the user
 * @param lastActiveAt     epoch millis of the user's last heartbeat or connect, kept after going offline; null for a
 *                         user never seen
 * @param connectedDevices number of the user's devices with an open connection
 */
public record Presence(boolean online, Long lastActiveAt, int connectedDevices) {

  /** The presence of a user never seen. */
  public static final Presence UNKNOWN = new Presence(false, null, 0);

  /** The body of one user in a {@code chat.presence.query} reply. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("online", online)
        .put("lastActiveAt", lastActiveAt)
        .put("connectedDevices", connectedDevices);
  }
}
