package io.parley.bus;

import io.parley.model.ChatMessage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** Routing asks the storage writer to persist a message and append it to the inbox of each of {@code recipients}. */
public record AppendRequest(ChatMessage message, List<String> recipients) {

  public JsonObject toJson() {
    return new JsonObject().put("message", message.toJson()).put("recipients", new JsonArray(recipients));
  }

  @SuppressWarnings("unchecked")
  public static AppendRequest fromJson(JsonObject json) {
    return new AppendRequest(ChatMessage.fromJson(json.getJsonObject("message")),
        List.copyOf(json.getJsonArray("recipients").getList()));
  }
}
