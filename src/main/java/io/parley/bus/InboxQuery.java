package io.parley.bus;

import io.vertx.core.json.JsonObject;

/** Asks for up to {@code limit} entries of a user's inbox with sequence greater than {@code afterSeq}. */
public record InboxQuery(String userId, long afterSeq, int limit) {

  public JsonObject toJson() {
    return new JsonObject().put("userId", userId).put("afterSeq", afterSeq).put("limit", limit);
  }

  public static InboxQuery fromJson(JsonObject json) {
    return new InboxQuery(json.getString("userId"), json.getLong("afterSeq"), json.getInteger("limit"));
  }
}
