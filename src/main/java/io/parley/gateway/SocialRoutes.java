package io.parley.gateway;

import io.parley.protocol.Fields;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

import static io.parley.bus.Addresses.PRESENCE_QUERY;
import static io.parley.bus.Addresses.STORAGE_FRIEND_ADD;
import static io.parley.bus.Addresses.STORAGE_FRIEND_LIST;
import static io.parley.bus.Addresses.STORAGE_FRIEND_REMOVE;
import static io.parley.bus.Addresses.STORAGE_GROUP_ADD;
import static io.parley.bus.Addresses.STORAGE_GROUP_CREATE;
import static io.parley.bus.Addresses.STORAGE_GROUP_GET;
import static io.parley.bus.Addresses.STORAGE_GROUP_LIST;
import static io.parley.bus.Addresses.STORAGE_GROUP_REMOVE;
import static io.parley.bus.Addresses.STORAGE_USER_GET;

/** Friends (with their presence) and groups. */
final class SocialRoutes {
  private final BusForward bus;

  SocialRoutes(BusForward bus) {
    this.bus = bus;
  }

  void mount(Router router) {
    router.get("/v1/friends").handler(this::handleListFriends);
    router.put("/v1/friends/:userId").handler(this::handleAddFriend);
    router.delete("/v1/friends/:userId").handler(this::handleRemoveFriend);
    router.post("/v1/groups").handler(this::handleCreateGroup);
    router.get("/v1/groups").handler(this::handleListGroups);
    router.get("/v1/groups/:groupId").handler(this::handleGetGroup);
    router.post("/v1/groups/:groupId/members").handler(this::handleAddMember);
    router.delete("/v1/groups/:groupId/members/:userId").handler(this::handleRemoveMember);
  }

  private void handleListFriends(RoutingContext ctx) {
    Future<JsonObject> friends = bus.<JsonArray>request(STORAGE_FRIEND_LIST, user(ctx))
        .compose(ids -> Future.all(profiles(ids), presence(ids)))
        .map(both -> {
          List<JsonObject> profiles = both.resultAt(0);
          JsonObject presence = both.resultAt(1);
          JsonArray list = new JsonArray();
          for (JsonObject profile : profiles) {
            JsonObject status = presence.getJsonObject(profile.getString("userId"), new JsonObject());
            list.add(new JsonObject().put("userId", profile.getString("userId"))
                .put("username", profile.getString("username")).put("displayName", profile.getString("displayName"))
                .put("online", status.getBoolean("online", false)).put("lastActiveAt", status.getLong("lastActiveAt")));
          }
          return new JsonObject().put("friends", list);
        });
    BusForward.respond(ctx, friends, 200, json -> json);
  }

  private Future<List<JsonObject>> profiles(JsonArray ids) {
    return Future.all(ids.stream()
            .map(id -> bus.<JsonObject>request(STORAGE_USER_GET, new JsonObject().put("userId", id)))
            .toList())
        .map(all -> all.<JsonObject>list().stream().map(AccountRoutes::profile).toList());
  }

  /** Presence of {@code ids}; a node running without presence shows everyone offline rather than failing. */
  private Future<JsonObject> presence(JsonArray ids) {
    return ids.isEmpty() ? Future.succeededFuture(new JsonObject())
        : bus.<JsonObject>request(PRESENCE_QUERY, ids).otherwise(new JsonObject());
  }

  private void handleAddFriend(RoutingContext ctx) {
    BusForward.guarded(ctx, () -> BusForward.respond(ctx,
        bus.request(STORAGE_FRIEND_ADD, user(ctx).put("friendId", BusForward.pathId(ctx, "userId"))), 204, x -> null));
  }

  private void handleRemoveFriend(RoutingContext ctx) {
    BusForward.guarded(ctx, () -> BusForward.respond(ctx,
        bus.request(STORAGE_FRIEND_REMOVE, user(ctx).put("friendId", BusForward.pathId(ctx, "userId"))), 204,
        x -> null));
  }

  private void handleCreateGroup(RoutingContext ctx) {
    BusForward.guarded(ctx, () -> {
      JsonObject body = HttpJson.body(ctx);
      String name = Fields.string(body, "name", 1, 64);
      JsonArray members = memberIds(body.getValue("members"));
      JsonObject create = new JsonObject().put("ownerId", HttpJson.userId(ctx)).put("name", name).put("members", members);
      BusForward.respond(ctx, bus.<JsonObject>request(STORAGE_GROUP_CREATE, create), 201, SocialRoutes::group);
    });
  }

  private void handleListGroups(RoutingContext ctx) {
    BusForward.respond(ctx, bus.<JsonArray>request(STORAGE_GROUP_LIST, user(ctx)), 200, groups -> new JsonObject()
        .put("groups", new JsonArray(groups.stream().map(JsonObject.class::cast).map(SocialRoutes::group).toList())));
  }

  private void handleGetGroup(RoutingContext ctx) {
    BusForward.guarded(ctx, () -> BusForward.respond(ctx,
        bus.<JsonObject>request(STORAGE_GROUP_GET, groupRequest(ctx)), 200, SocialRoutes::group));
  }

  private void handleAddMember(RoutingContext ctx) {
    BusForward.guarded(ctx, () -> {
      JsonObject request = groupRequest(ctx);
      String memberId = Fields.id(HttpJson.body(ctx), "userId");
      BusForward.respond(ctx, bus.<JsonObject>request(STORAGE_GROUP_ADD, request.put("memberId", memberId)), 200,
          SocialRoutes::group);
    });
  }

  private void handleRemoveMember(RoutingContext ctx) {
    BusForward.guarded(ctx, () -> {
      JsonObject request = groupRequest(ctx).put("memberId", BusForward.pathId(ctx, "userId"));
      BusForward.respond(ctx, bus.<JsonObject>request(STORAGE_GROUP_REMOVE, request), 200, SocialRoutes::group);
    });
  }

  private static JsonObject user(RoutingContext ctx) {
    return new JsonObject().put("userId", HttpJson.userId(ctx));
  }

  private static JsonObject groupRequest(RoutingContext ctx) {
    return user(ctx).put("groupId", BusForward.pathId(ctx, "groupId"));
  }

  private static JsonArray memberIds(Object value) {
    if (value == null) {
      return new JsonArray();
    }
    if (!(value instanceof JsonArray array) || !array.stream().allMatch(String.class::isInstance)) {
      throw Fields.invalid("members must be an array of user ids");
    }
    array.forEach(id -> Fields.id((String) id, "members"));
    return array;
  }

  /** A group as clients see it. */
  static JsonObject group(JsonObject group) {
    return new JsonObject().put("groupId", group.getString("id")).put("name", group.getString("name"))
        .put("ownerId", group.getString("ownerId")).put("createdAt", group.getLong("createdAt"))
        .put("members", group.getJsonArray("members"));
  }
}
