package io.parley.storage;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Where two users stand with each other: friends or not, the one pending friend request between them (a request
 * to someone who already asked you accepts theirs, so there is never one each way), and who of the two blocks the
 * other. A store keeps one per pair and changes it in one atomic step; the per-user listings follow from it
 * ({@link #contactOf}).
 *
 * @param requester   who asked to be friends, or null when no request is pending
 * @param requestedAt when that request was made (epoch millis), 0 without one
 * @param blockers    the ids of the two who block the other: none, one or both
 */
public record Relation(boolean friends, String requester, long requestedAt, List<String> blockers) {
  /** Two users who have nothing to do with each other yet. */
  public static final Relation NONE = new Relation(false, null, 0, List.of());

  public Relation {
    blockers = List.copyOf(blockers);
  }

  public boolean blocks(String userId) {
    return blockers.contains(userId);
  }

  /** Whether either user blocks the other. */
  public boolean blocked() {
    return !blockers.isEmpty();
  }

  public boolean requestedBy(String userId) {
    return userId.equals(requester);
  }

  Relation befriended() {
    return new Relation(true, null, 0, blockers);
  }

  Relation requested(String userId, long at) {
    return new Relation(friends, userId, at, blockers);
  }

  Relation withoutRequest() {
    return new Relation(friends, null, 0, blockers);
  }

  Relation unfriended() {
    return new Relation(false, requester, requestedAt, blockers);
  }

  /** A block ends the friendship and any request between the two. */
  Relation blockedBy(String userId) {
    List<String> all = new ArrayList<>(blockers);
    all.add(userId);
    return new Relation(false, null, 0, all);
  }

  Relation unblockedBy(String userId) {
    List<String> rest = new ArrayList<>(blockers);
    rest.remove(userId);
    return new Relation(friends, requester, requestedAt, rest);
  }

  /** What {@code userId}'s own listings show of {@code otherId}, besides friendship: null for nothing. */
  public Contact contactOf(String userId, String otherId) {
    if (blocks(userId)) {
      return new Contact(otherId, Contact.Kind.BLOCKED, 0);
    }
    if (requestedBy(userId)) {
      return new Contact(otherId, Contact.Kind.OUTGOING, requestedAt);
    }
    return requestedBy(otherId) ? new Contact(otherId, Contact.Kind.INCOMING, requestedAt) : null;
  }

  public JsonObject toJson() {
    return new JsonObject().put("friends", friends).put("requester", requester).put("requestedAt", requestedAt)
        .put("blockers", new JsonArray(blockers));
  }

  @SuppressWarnings("unchecked")
  public static Relation fromJson(JsonObject json) {
    return new Relation(json.getBoolean("friends"), json.getString("requester"), json.getLong("requestedAt"),
        json.getJsonArray("blockers").getList());
  }
}
