package io.parley.model;

import io.vertx.core.json.JsonObject;

/**
 * A stored chat message. Messages of a conversation are ordered by {@code id}, which is what every member and
 * device sorts by.
 *
 * @param id              time-ordered message id, see {@link IdGenerator}
 * @param timestamp       server time of acceptance, epoch milliseconds
 * @param clientMessageId the sending device's own id for it; the key that makes resends idempotent
 */
public record ChatMessage(
    long id, String conversationId, String senderId, String clientMessageId, String text, long timestamp) {

  /** The message as clients see it (see docs/PROTOCOL.md, "Message object"). */
  public JsonObject toJson() {
    return new JsonObject()
        .put("messageId", Ids.toHex(id))
        .put("conversationId", conversationId)
        .put("from", senderId)
        .put("clientMessageId", clientMessageId)
        .put("text", text)
        .put("timestamp", timestamp);
  }

  public static ChatMessage fromJson(JsonObject json) {
    return new ChatMessage(
        Ids.parseHex(json.getString("messageId")),
        json.getString("conversationId"),
        json.getString("from"),
        json.getString("clientMessageId"),
        json.getString("text"),
        json.getLong("timestamp"));
  }
}
