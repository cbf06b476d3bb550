package io.parley.model;

import io.vertx.core.json.JsonObject;

/**
 * A stored chat message. Messages of a conversation are ordered by {@code id}, which is what every member and
 * device sorts by.
 *
 * @param id              time-ordered message id, see {@link IdGenerator}
 * @param timestamp       server time of acceptance, epoch milliseconds
 * @param clientMessageId the sending device's own id for it; the key that makes resends idempotent
 * @param kind            {@link #TEXT} for what a user wrote; {@link #SYSTEM} for a change of a group told in its
 *                        history, {@link #EVENT} for an account event: for both, {@code text} holds the event's JSON
 */
public record ChatMessage(
    long id, String conversationId, String senderId, String clientMessageId, String text, long timestamp,
    String kind) {

  public static final String TEXT = "text";
  public static final String SYSTEM = "system";
  public static final String EVENT = "event";

  /** A user's text message. */
  public ChatMessage(long id, String conversationId, String senderId, String clientMessageId, String text,
      long timestamp) {
    this(id, conversationId, senderId, clientMessageId, text, timestamp, TEXT);
  }

  public boolean isText() {
    return TEXT.equals(kind);
  }

  /**
   * The message as clients see it (see docs/PROTOCOL.md, "Message object"): a text message has its text; a system
   * message or an account event has its {@code kind} and {@code event} instead.
   */
  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("messageId", Ids.toHex(id))
        .put("conversationId", conversationId)
        .put("from", senderId)
        .put("clientMessageId", clientMessageId);
    if (isText()) {
      json.put("text", text);
    } else {
      json.put("kind", kind).put("event", new JsonObject(text));
    }
    return json.put("timestamp", timestamp);
  }

  public static ChatMessage fromJson(JsonObject json) {
    String kind = json.getString("kind", TEXT);
    return new ChatMessage(
        Ids.parseHex(json.getString("messageId")),
        json.getString("conversationId"),
        json.getString("from"),
        json.getString("clientMessageId"),
        TEXT.equals(kind) ? json.getString("text") : json.getJsonObject("event").encode(),
        json.getLong("timestamp"),
        kind);
  }
}
