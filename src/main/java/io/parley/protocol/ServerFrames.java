package io.parley.protocol;

import io.parley.bus.Failure;
import io.parley.bus.SendAck;
import io.parley.model.ChatMessage;
import io.parley.model.Ids;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** Builds the frames the server sends, as documented in docs/PROTOCOL.md. */
public final class ServerFrames {
  private ServerFrames() {
  }

  public static String welcome(String userId, String deviceId, int heartbeatMillis) {
    return new JsonObject().put("type", "welcome").put("userId", userId).put("deviceId", deviceId)
        .put("heartbeatInterval", heartbeatMillis).put("maxTextLength", Limits.MAX_TEXT_CODE_POINTS - 1).encode();
  }

  /**
   * A live message. The message JSON is encoded once per message and spliced into each recipient's frame, because
   * only the sequence differs between them.
   */
  public static String message(long seq, String messageJson) {
    return "{\"type\":\"message\",\"seq\":" + seq + ",\"message\":" + messageJson + "}";
  }

  public static String ack(String ref, SendAck ack) {
    ChatMessage message = ack.message();
    return withRef(new JsonObject().put("type", "ack"), ref)
        .put("clientMessageId", message.clientMessageId())
        .put("messageId", Ids.toHex(message.id()))
        .put("conversationId", message.conversationId())
        .put("timestamp", message.timestamp())
        .put("seq", ack.senderSeq())
        .put("duplicate", ack.duplicate())
        .encode();
  }

  /** One inbox entry of a sync page, around a message encoded once. */
  public static String syncEntry(long seq, String messageJson) {
    return "{\"seq\":" + seq + ",\"message\":" + messageJson + "}";
  }

  /** A sync page around entries already encoded by {@link #syncEntry}, so the page's size is known before. */
  public static String syncPage(String ref, List<String> encodedEntries, boolean caughtUp, long lastSeq) {
    String head = withRef(new JsonObject().put("type", "sync.page"), ref).encode();
    return head.substring(0, head.length() - 1) + ",\"entries\":[" + String.join(",", encodedEntries)
        + "],\"caughtUp\":" + caughtUp + ",\"lastSeq\":" + lastSeq + "}";
  }

  public static String read(String conversationId, String userId, String messageId) {
    return new JsonObject().put("type", "read").put("conversationId", conversationId).put("userId", userId)
        .put("messageId", messageId).encode();
  }

  public static String typing(String conversationId, String userId) {
    return new JsonObject().put("type", "typing").put("conversationId", conversationId).put("userId", userId)
        .encode();
  }

  public static String error(String ref, Failure failure, String message, String clientMessageId) {
    return errorJson(ref, failure, message, clientMessageId).encode();
  }

  public static String rateLimited(String ref, long retryAfterMillis, String clientMessageId) {
    return errorJson(ref, Failure.RATE_LIMITED, "too many frames", clientMessageId)
        .put("retryAfter", retryAfterMillis).encode();
  }

  /** A send refused because the node already has as many messages awaiting storage as it takes. */
  public static String busy(String ref, long retryAfterMillis, String clientMessageId) {
    return errorJson(ref, Failure.UNAVAILABLE, "node busy, resend after retryAfter", clientMessageId)
        .put("retryAfter", retryAfterMillis).encode();
  }

  /** Before a 4002 close: this node is draining; connect to the node discovery names after {@code afterMillis}. */
  public static String reconnect(long afterMillis) {
    return new JsonObject().put("type", "reconnect").put("afterMs", afterMillis).encode();
  }

  private static JsonObject errorJson(String ref, Failure failure, String message, String clientMessageId) {
    JsonObject error = withRef(new JsonObject().put("type", "error"), ref)
        .put("code", failure.protocolCode()).put("message", message);
    return clientMessageId == null ? error : error.put("clientMessageId", clientMessageId);
  }

  private static JsonObject withRef(JsonObject frame, String ref) {
    return ref == null ? frame : frame.put("ref", ref);
  }
}
