package io.parley.bus;

import io.parley.model.ChatMessage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * One page of a user's inbox in sequence order.
 *
 * @param entries  consecutive entries, no gaps
 * @param lastSeq  the highest sequence the inbox held when the page was read
 */
public record InboxPage(List<Entry> entries, long lastSeq) {

  /** One inbox entry: a message under the inbox's own sequence number. */
  public record Entry(long seq, ChatMessage message) {
  }

  public JsonObject toJson() {
    JsonArray array = new JsonArray();
    entries.forEach(entry -> array.add(new JsonObject().put("seq", entry.seq()).put("message", entry.message().toJson())));
    return new JsonObject().put("entries", array).put("lastSeq", lastSeq);
  }

  public static InboxPage fromJson(JsonObject json) {
    List<Entry> entries = json.getJsonArray("entries").stream()
        .map(JsonObject.class::cast)
        .map(entry -> new Entry(entry.getLong("seq"), ChatMessage.fromJson(entry.getJsonObject("message"))))
        .toList();
    return new InboxPage(entries, json.getLong("lastSeq"));
  }
}
