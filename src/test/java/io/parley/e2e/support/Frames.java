package io.parley.e2e.support;

import io.vertx.core.json.JsonObject;

/** Client frames of PROTOCOL.md section 3, built the way a client would send them. */
public final class Frames {
  private Frames() {
  }

  public static JsonObject textTo(TestUser recipient, String text) {
    return textTo(recipient, text, Names.clientMessageId());
  }

  public static JsonObject textTo(TestUser recipient, String text, String clientMessageId) {
    return send(clientMessageId, text).put("toUser", recipient.userId());
  }

  public static JsonObject textToGroup(String groupId, String text) {
    return send(Names.clientMessageId(), text).put("toGroup", groupId);
  }

  public static JsonObject send(String clientMessageId, String text) {
    return new JsonObject().put("type", "send").put("clientMessageId", clientMessageId).put("text", text);
  }

  public static JsonObject sync(long after, int limit) {
    return new JsonObject().put("type", "sync").put("after", after).put("limit", limit);
  }

  public static JsonObject read(String conversationId, String messageId) {
    return new JsonObject().put("type", "read").put("conversationId", conversationId).put("messageId", messageId);
  }

  public static JsonObject typing(String conversationId) {
    return new JsonObject().put("type", "typing").put("conversationId", conversationId);
  }
}
