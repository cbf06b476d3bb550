package io.parley.gateway;

import io.parley.protocol.Fields;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import static io.parley.bus.Addresses.STORAGE_GROUP_ADD;
import static io.parley.bus.Addresses.STORAGE_GROUP_CREATE;
import static io.parley.bus.Addresses.STORAGE_GROUP_GET;
import static io.parley.bus.Addresses.STORAGE_GROUP_LIST;
import static io.parley.bus.Addresses.STORAGE_GROUP_REMOVE;

/** Groups. */
final class SocialRoutes {
  private final BusForward bus;

  SocialRoutes(BusForward bus) {
    this.bus = bus;
  }

  void mount(Router router) {
    router.post("/v1/groups").handler(this::handleCreateGroup);
    router.get("/v1/groups").handler(this::handleListGroups);
    router.get("/v1/groups/:groupId").handler(this::handleGetGroup);
    router.post("/v1/groups/:groupId/members").handler(this::handleAddMember);
    router.delete("/v1/groups/:groupId/members/:userId").handler(this::handleRemoveMember);
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
