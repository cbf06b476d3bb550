package io.parley.bus;

import io.parley.model.ChatMessage;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A durable append.
 *
 * @param message   the stored message; for a duplicate, the one first stored under its client message id
 * @param seqs      inbox sequence given to each recipient; for a duplicate, only the sender's
 * @param duplicate true when nothing new was written
 */
public record AppendResult(ChatMessage message, Map<String, Long> seqs, boolean duplicate) {

  public JsonObject toJson() {
    JsonObject seqJson = new JsonObject();
    seqs.forEach(seqJson::put);
    return new JsonObject().put("message", message.toJson()).put("seqs", seqJson).put("duplicate", duplicate);
  }

  public static AppendResult fromJson(JsonObject json) {
    Map<String, Long> seqs = new LinkedHashMap<>();
    JsonObject seqJson = json.getJsonObject("seqs");
    seqJson.fieldNames().forEach(user -> seqs.put(user, seqJson.getLong(user)));
    return new AppendResult(ChatMessage.fromJson(json.getJsonObject("message")), seqs, json.getBoolean("duplicate"));
  }
}
