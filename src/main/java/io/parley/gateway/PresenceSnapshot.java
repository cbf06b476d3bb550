package io.parley.gateway;

import io.parley.bus.UserEvent;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

import static io.parley.bus.Addresses.PRESENCE_QUERY;
import static io.parley.bus.Addresses.STORAGE_FRIEND_LIST;

/**
 * The presence a device gets on connecting: its user's online friends, so it need not poll {@code GET /v1/friends}.
 * Friends are the accepted ones only (a block ends a friendship), the same users live presence frames go to.
 */
final class PresenceSnapshot {
  private static final Logger log = LoggerFactory.getLogger(PresenceSnapshot.class);
  /** Users per frame, so a user with thousands of friends online never gets one frame near the write queue's bound. */
  static final int USERS_PER_FRAME = 500;

  private final EventBus bus;

  PresenceSnapshot(EventBus bus) {
    this.bus = bus;
  }

  /**
   * The snapshot's frames, as events with no sequence; none when the friend list cannot be read (the device still
   * works; it learns presence from later changes or the friends list). Presence down shows every friend offline.
   */
  Future<List<UserEvent>> of(String userId) {
    return bus.<JsonArray>request(STORAGE_FRIEND_LIST, new JsonObject().put("userId", userId)).map(Message::body)
        .compose(friends -> friends.isEmpty() ? Future.succeededFuture(new JsonObject())
            : bus.<JsonObject>request(PRESENCE_QUERY, friends).map(Message::body).otherwise(new JsonObject()))
        .map(PresenceSnapshot::frames)
        .otherwise(failure -> {
          log.debug("presence snapshot skipped userId={} cause={}", userId, failure.getMessage());
          return List.of();
        });
  }

  private static List<UserEvent> frames(JsonObject presences) {
    List<JsonObject> online = new ArrayList<>();
    presences.forEach(entry -> {
      JsonObject presence = (JsonObject) entry.getValue();
      if (presence.getBoolean("online", false)) {
        online.add(new JsonObject().put("userId", entry.getKey()).put("online", true)
            .put("lastActiveAt", presence.getLong("lastActiveAt")));
      }
    });
    List<UserEvent> frames = new ArrayList<>();
    for (int from = 0; from == 0 || from < online.size(); from += USERS_PER_FRAME) {
      int to = Math.min(online.size(), from + USERS_PER_FRAME);
      JsonObject frame = new JsonObject().put("type", "presence").put("users", new JsonArray(online.subList(from, to)))
          .put("snapshot", true).put("more", to < online.size());
      frames.add(new UserEvent(0, frame.encode()));
    }
    return frames;
  }
}
