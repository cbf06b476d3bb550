package io.parley.storage;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** A group and its member ids, in the order they joined. */
public record GroupRecord(String id, String name, String ownerId, long createdAt, List<String> members) {

  public GroupRecord withName(String newName) {
    return new GroupRecord(id, newName, ownerId, createdAt, members);
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("name", name).put("ownerId", ownerId).put("createdAt", createdAt)
        .put("members", new JsonArray(members));
  }

  @SuppressWarnings("unchecked")
  public static GroupRecord fromJson(JsonObject json) {
    return new GroupRecord(json.getString("id"), json.getString("name"), json.getString("ownerId"),
        json.getLong("createdAt"), List.copyOf(json.getJsonArray("members").getList()));
  }
}
