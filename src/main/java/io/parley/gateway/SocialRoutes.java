package io.parley.gateway;

import io.parley.protocol.Fields;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import static io.parley.bus.Addresses.STORAGE_GROUP_ADD;
import static io.parley.bus.Addresses.STORAGE_GROUP_CREATE;
import static io.parley.bus.Addresses.STORAGE_GROUP_GET;
import static io.parley.bus.Addresses.STORAGE_GROUP_LIST;
import static io.parley.bus.Addresses.STORAGE_GROUP_REMOVE;
import static io.parley.bus.Addresses.STORAGE_GROUP_RENAME;

/** Groups; each change is told in the group's history as a system message (AccountEvents). */
final class SocialRoutes {
  private final BusForward bus;
  private final AccountEvents events;

  SocialRoutes(BusForward bus, AccountEvents events) {
    this.bus = bus;
    this.events = events;
  }

  void mount(Router router) {
    router.post("/v1/groups").handler(this::handleCreateGroup);
    router.get("/v1/groups").handler(this::handleListGroups);
    router.get("/v1/groups/:groupId").handler(this::handleGetGroup);
    router.patch("/v1/groups/:groupId").handler(this::handleRename);
    router.post("/v1/groups/:groupId/members").handler(this::handleAddMember);
    router.delete("/v1/groups/:groupId/members/:userId").handler(this::handleRemoveMember);
  }

  private void handleCreateGroup(RoutingContext ctx) {
    BusForward.guarded(ctx, () -> {
      JsonObject body = HttpJson.body(ctx);
      String name = Fields.string(body, "name", 1, 64);
      JsonArray members = memberIds(body.getValue("members"));
      JsonObject create = new JsonObject().put("ownerId", HttpJson.userId(ctx)).put("name", name)
          .put("members", members);
      Future<JsonObject> created = bus.<JsonObject>request(STORAGE_GROUP_CREATE, create).compose(group -> told(ctx,
          group, new JsonObject().put("type", "group.created").put("name", name)
              .put("members", group.getJsonArray("members"))));
      BusForward.respond(ctx, created, 201, SocialRoutes::group);
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
      Future<JsonObject> added = bus.<JsonObject>request(STORAGE_GROUP_ADD, request.put("memberId", memberId))
          .compose(group -> told(ctx, group, new JsonObject().put("type", "member.added").put("userId", memberId)));
      BusForward.respond(ctx, added, 200, SocialRoutes::group);
    });
  }

  private void handleRemoveMember(RoutingContext ctx) {
    BusForward.guarded(ctx, () -> {
      String memberId = BusForward.pathId(ctx, "userId");
      JsonObject request = groupRequest(ctx).put("memberId", memberId);
      Future<JsonObject> removed = bus.<JsonObject>request(STORAGE_GROUP_REMOVE, request)
          .compose(group -> events.memberGone(group, HttpJson.userId(ctx), memberId));
      BusForward.respond(ctx, removed, 200, SocialRoutes::group);
    });
  }

  /** The owner renames the group: {name}. */
  private void handleRename(RoutingContext ctx) {
    BusForward.guarded(ctx, () -> {
      String name = Fields.string(HttpJson.body(ctx), "name", 1, 64);
      Future<JsonObject> renamed = bus.<JsonObject>request(STORAGE_GROUP_RENAME, groupRequest(ctx).put("name", name))
          .compose(group -> told(ctx, group, new JsonObject().put("type", "group.renamed").put("name", name)));
      BusForward.respond(ctx, renamed, 200, SocialRoutes::group);
    });
  }

  /** Tells the group's members of a change the caller made; then the group is the answer. */
  private Future<JsonObject> told(RoutingContext ctx, JsonObject group, JsonObject event) {
    return events.inGroup(group, HttpJson.userId(ctx), event);
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
