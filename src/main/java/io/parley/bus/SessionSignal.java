package io.parley.bus;

import io.vertx.core.json.JsonObject;

/**
 * Tells the gateways holding a user's sockets, on any node, to close some of them; published on
 * {@link Addresses#user(String)} beside that user's {@link UserEvent}s.
 *
 * @param kind         what happened
 * @param sessionId    the revoked session ({@link Kind#REVOKED}), else null
 * @param deviceId     the device that connected again ({@link Kind#DEVICE_CONNECTED}), else null
 * @param connectionId that new connection, which stays open (random, so unique across nodes), else 0
 * @param openedAt     epoch millis that connection opened: only older connections of the device give way to it
 */
public record SessionSignal(Kind kind, String sessionId, String deviceId, long connectionId, long openedAt) {

  /** Why sockets close. */
  public enum Kind {
    /** The session was revoked (logout, password change): its sockets close. */
    REVOKED,
    /** The account was deleted: all its sockets close. */
    ACCOUNT_DELETED,
    /** A device connected again: its older connections close. */
    DEVICE_CONNECTED
  }

  public static SessionSignal revoked(String sessionId) {
    return new SessionSignal(Kind.REVOKED, sessionId, null, 0, 0);
  }

  public static SessionSignal accountDeleted() {
    return new SessionSignal(Kind.ACCOUNT_DELETED, null, null, 0, 0);
  }

  public static SessionSignal deviceConnected(String deviceId, long connectionId, long openedAt) {
    return new SessionSignal(Kind.DEVICE_CONNECTED, null, deviceId, connectionId, openedAt);
  }

  public JsonObject toJson() {
    return new JsonObject().put("kind", kind.name()).put("sessionId", sessionId).put("deviceId", deviceId)
        .put("connectionId", connectionId).put("openedAt", openedAt);
  }

  public static SessionSignal fromJson(JsonObject json) {
    return new SessionSignal(Kind.valueOf(json.getString("kind")), json.getString("sessionId"),
        json.getString("deviceId"), json.getLong("connectionId"), json.getLong("openedAt"));
  }
}
