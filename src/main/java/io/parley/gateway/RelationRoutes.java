package io.parley.gateway;

import io.parley.bus.BusReplies;
import io.parley.bus.Failure;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.parley.bus.Addresses.PRESENCE_QUERY;
import static io.parley.bus.Addresses.STORAGE_CONTACT_LIST;
import static io.parley.bus.Addresses.STORAGE_FRIEND_LIST;
import static io.parley.bus.Addresses.STORAGE_RELATION_CHANGE;
import static io.parley.bus.Addresses.STORAGE_USER_GET;

/** Friends (with their presence), friend requests and blocks. */
final class RelationRoutes {
  private final BusForward bus;
  private final AccountEvents events;

  RelationRoutes(BusForward bus, AccountEvents events) {
    this.bus = bus;
    this.events = events;
  }

  void mount(Router router) {
    router.get("/v1/friends").handler(this::handleListFriends);
    router.delete("/v1/friends/:userId").handler(ctx -> change(ctx, "unfriend", 204));
    router.get("/v1/friend-requests").handler(this::handleListRequests);
    router.post("/v1/friend-requests/:userId").handler(this::handleRequest);
    router.delete("/v1/friend-requests/:userId").handler(ctx -> change(ctx, "cancel", 204));
    router.post("/v1/friend-requests/:userId/accept").handler(ctx -> change(ctx, "accept", 200, "friend.accepted"));
    router.post("/v1/friend-requests/:userId/decline").handler(ctx -> change(ctx, "decline", 204, "friend.declined"));
    router.get("/v1/blocks").handler(this::handleListBlocks);
    router.put("/v1/blocks/:userId").handler(ctx -> change(ctx, "block", 204));
    router.delete("/v1/blocks/:userId").handler(ctx -> change(ctx, "unblock", 204));
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
            list.add(listed(profile).put("online", status.getBoolean("online", false))
                .put("lastActiveAt", status.getLong("lastActiveAt")));
          }
          return new JsonObject().put("friends", list);
        });
    BusForward.respond(ctx, friends, 200, json -> json);
  }

  /** A friend request; one to a user who had asked the caller accepts theirs, answered 200 instead of 201. */
  private void handleRequest(RoutingContext ctx) {
    BusForward.guarded(ctx, () -> {
      String otherId = BusForward.pathId(ctx, "userId");
      bus.<JsonObject>request(STORAGE_RELATION_CHANGE, change(ctx, "request", otherId))
          .compose(relation -> told(ctx, relation.getBoolean("friends") ? "friend.accepted" : "friend.requested",
              otherId).map(relation))
          .onComplete(done -> {
            if (done.failed()) {
              HttpJson.fail(ctx, done.cause());
              return;
            }
            boolean friends = done.result().getBoolean("friends");
            HttpJson.respond(ctx, friends ? 200 : 201, status(otherId, friends));
          });
    });
  }

  private void change(RoutingContext ctx, String action, int status) {
    change(ctx, action, status, null);
  }

  /** A change of where the caller stands with a user; with {@code event} set, that user is told of it. */
  private void change(RoutingContext ctx, String action, int status, String event) {
    BusForward.guarded(ctx, () -> {
      String otherId = BusForward.pathId(ctx, "userId");
      Future<JsonObject> changed = bus.<JsonObject>request(STORAGE_RELATION_CHANGE, change(ctx, action, otherId));
      Future<JsonObject> told = event == null ? changed
          : changed.compose(relation -> told(ctx, event, otherId).map(relation));
      BusForward.respond(ctx, told, status,
          relation -> status == 204 ? null : status(otherId, relation.getBoolean("friends")));
    });
  }

  /** An account event of the caller's, {type, userId: the caller}, to the other user (and the caller's devices). */
  private Future<Void> told(RoutingContext ctx, String type, String otherId) {
    String userId = HttpJson.userId(ctx);
    return events.toUsers(userId, new JsonObject().put("type", type).put("userId", userId), List.of(otherId));
  }

  private void handleListRequests(RoutingContext ctx) {
    Future<JsonObject> requests = contacts(ctx).map(contacts -> new JsonObject()
        .put("incoming", requests(contacts, "incoming")).put("outgoing", requests(contacts, "outgoing")));
    BusForward.respond(ctx, requests, 200, json -> json);
  }

  private void handleListBlocks(RoutingContext ctx) {
    Future<JsonObject> blocks = contacts(ctx).map(contacts -> new JsonObject().put("blocks", new JsonArray(
        contacts.stream().filter(contact -> contact.kind.equals("blocked")).map(contact -> contact.profile).toList())));
    BusForward.respond(ctx, blocks, 200, json -> json);
  }

  /** Newest first. */
  private static JsonArray requests(List<Listed> contacts, String kind) {
    return new JsonArray(contacts.stream().filter(contact -> contact.kind.equals(kind))
        .sorted(Comparator.comparingLong((Listed contact) -> contact.at).reversed())
        .map(contact -> contact.profile.copy().put("requestedAt", contact.at)).toList());
  }

  /** The caller's requests and blocks, each with the other user's profile. */
  private Future<List<Listed>> contacts(RoutingContext ctx) {
    return bus.<JsonArray>request(STORAGE_CONTACT_LIST, user(ctx)).compose(contacts -> {
      JsonArray ids = new JsonArray(contacts.stream().map(c -> ((JsonObject) c).getString("userId")).toList());
      return profiles(ids).map(profiles -> {
        Map<String, JsonObject> byId = profiles.stream()
            .collect(Collectors.toMap(profile -> profile.getString("userId"), Function.identity()));
        return contacts.stream().map(JsonObject.class::cast).filter(c -> byId.containsKey(c.getString("userId")))
            .map(contact -> new Listed(contact.getString("kind"), contact.getLong("at"),
                listed(byId.get(contact.getString("userId"))))).toList();
      });
    });
  }

  /** The profiles of those of {@code ids} that still exist: a deleted account may linger in another's blocks. */
  private Future<List<JsonObject>> profiles(JsonArray ids) {
    return Future.all(ids.stream()
            .map(id -> bus.<JsonObject>request(STORAGE_USER_GET, new JsonObject().put("userId", id))
                .recover(cause -> BusReplies.failureOf(cause) == Failure.NOT_FOUND ? Future.succeededFuture()
                    : Future.failedFuture(cause)))
            .toList())
        .map(all -> all.<JsonObject>list().stream().filter(Objects::nonNull).map(AccountRoutes::profile).toList());
  }

  /** Presence of {@code ids}; a node running without presence shows everyone offline rather than failing. */
  private Future<JsonObject> presence(JsonArray ids) {
    return ids.isEmpty() ? Future.succeededFuture(new JsonObject())
        : bus.<JsonObject>request(PRESENCE_QUERY, ids).otherwise(new JsonObject());
  }

  private static JsonObject listed(JsonObject profile) {
    return new JsonObject().put("userId", profile.getString("userId")).put("username", profile.getString("username"))
        .put("displayName", profile.getString("displayName"));
  }

  private static JsonObject status(String otherId, boolean friends) {
    return new JsonObject().put("userId", otherId).put("status", friends ? "friends" : "pending");
  }

  private static JsonObject user(RoutingContext ctx) {
    return new JsonObject().put("userId", HttpJson.userId(ctx));
  }

  private static JsonObject change(RoutingContext ctx, String action, String otherId) {
    return user(ctx).put("otherId", otherId).put("action", action);
  }

  /** One request or block with the other user's profile. */
  private record Listed(String kind, long at, JsonObject profile) {
  }
}
