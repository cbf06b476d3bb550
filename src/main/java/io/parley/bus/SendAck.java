package io.parley.bus;

import io.parley.model.ChatMessage;
import io.vertx.core.json.JsonObject;

/**
 * Routing's answer to a {@link SendRequest}, sent only once the message is durable.
 *
 * @param senderSeq the message's sequence in the sender's own inbox
 * @param duplicate true when the client message id had been stored before; {@code message} is then the original
 */
public record SendAck(ChatMessage message, long senderSeq, boolean duplicate) {

  public JsonObject toJson() {
    return new JsonObject().put("message", message.toJson()).put("senderSeq", senderSeq).put("duplicate", duplicate);
  }

  public static SendAck fromJson(JsonObject json) {
    return new SendAck(ChatMessage.fromJson(json.getJsonObject("message")), json.getLong("senderSeq"),
        json.getBoolean("duplicate"));
  }
}
