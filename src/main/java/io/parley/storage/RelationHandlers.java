package io.parley.storage;

import io.parley.bus.BusReplies;
import io.parley.bus.ChatException;
import io.parley.bus.Consumers;
import io.parley.bus.Failure;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.util.List;
import java.util.function.UnaryOperator;

import static io.parley.bus.Addresses.ROUTING_FORGET;
import static io.parley.bus.Addresses.STORAGE_CONTACT_LIST;
import static io.parley.bus.Addresses.STORAGE_FRIEND_LIST;
import static io.parley.bus.Addresses.STORAGE_RELATION_CHANGE;

/**
 * Bus handlers for friendships, friend requests and blocks. Every change names an action on another user, who must
 * exist and not be the caller; the rules of each action are {@link RelationRules}'.
 */
final class RelationHandlers {
  private final UserStore users;
  private final SocialStore social;
  private final Clock clock;
  private final EventBus bus;

  RelationHandlers(UserStore users, SocialStore social, Clock clock, EventBus bus) {
    this.users = users;
    this.social = social;
    this.clock = clock;
    this.bus = bus;
  }

  void register(Consumers consumers) {
    consumers.on(STORAGE_RELATION_CHANGE, this::handleChange)
        .on(STORAGE_FRIEND_LIST, this::handleFriendList)
        .on(STORAGE_CONTACT_LIST, this::handleContactList);
  }

  /**
   * {userId, otherId, action} to {friends, pending}: the relation afterwards as the caller sees it, where pending is
   * "outgoing", "incoming" or null. Actions: request, accept, decline, cancel, unfriend, block, unblock.
   */
  private void handleChange(Message<JsonObject> request) {
    String userId = request.body().getString("userId");
    String otherId = request.body().getString("otherId");
    Future<Relation> changed = Future.succeededFuture(request.body().getString("action"))
        .map(action -> rule(action, userId, otherId))
        .compose(rule -> userId.equals(otherId)
            ? Future.failedFuture(new ChatException(Failure.INVALID, "that is yourself"))
            : users.byId(otherId).compose(UserHandlers::found)
                .compose(other -> social.changeRelation(userId, otherId, clock.millis(), rule)))
        .onSuccess(relation -> {
          if (relation.blocked()) {
            // before the answer, so no send routed after the block is answered finds the pair still open
            bus.publish(ROUTING_FORGET, new JsonObject().put("userId", userId).put("otherId", otherId));
          }
        });
    BusReplies.reply(request, changed, relation -> seenBy(relation, userId));
  }

  private UnaryOperator<Relation> rule(String action, String userId, String otherId) {
    return switch (action) {
      case "request" -> RelationRules.request(userId, otherId, clock.millis());
      case "accept" -> RelationRules.accept(otherId);
      case "decline" -> RelationRules.withdraw(otherId);
      case "cancel" -> RelationRules.withdraw(userId);
      case "unfriend" -> RelationRules.unfriend();
      case "block" -> RelationRules.block(userId);
      case "unblock" -> RelationRules.unblock(userId);
      default -> throw new ChatException(Failure.INVALID, "unknown relation action " + action);
    };
  }

  private static JsonObject seenBy(Relation relation, String userId) {
    String pending = relation.requester() == null ? null
        : relation.requestedBy(userId) ? "outgoing" : "incoming";
    return new JsonObject().put("friends", relation.friends()).put("pending", pending);
  }

  /** {userId} to a JSON array of friend ids. */
  private void handleFriendList(Message<JsonObject> request) {
    BusReplies.reply(request, social.friends(request.body().getString("userId")), JsonArray::new);
  }

  /** {userId} to a JSON array of {userId, kind, at}: requests both ways and the users the caller blocks. */
  private void handleContactList(Message<JsonObject> request) {
    BusReplies.reply(request, social.contacts(request.body().getString("userId")), RelationHandlers::toJson);
  }

  private static JsonArray toJson(List<Contact> contacts) {
    JsonArray array = new JsonArray();
    contacts.forEach(contact -> array.add(new JsonObject().put("userId", contact.userId())
        .put("kind", contact.kind().name().toLowerCase()).put("at", contact.at())));
    return array;
  }
}
