package io.parley.storage;

import io.parley.bus.BusReplies;
import io.parley.bus.Consumers;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static io.parley.bus.Addresses.ROUTING_FORGET;
import static io.parley.bus.Addresses.STORAGE_USER_DELETE;

/**
 * Deletes an account with everything that names it: friendships, friend requests and blocks (both sides of each,
 * through the relation change every listing follows), group memberships (through the member removal that hands
 * ownership over), then the account itself, its sessions and push devices ({@link UserStore#deleteUser}). The
 * account goes last, so a deletion cut short by an outage is finished by the client's retry with the same token.
 * Messages stay: they are other members' history too.
 */
final class AccountDeletion {
  private final UserStore users;
  private final SocialStore social;
  private final Clock clock;
  private final EventBus bus;

  AccountDeletion(UserStore users, SocialStore social, Clock clock, EventBus bus) {
    this.users = users;
    this.social = social;
    this.clock = clock;
    this.bus = bus;
  }

  void register(Consumers consumers) {
    consumers.on(STORAGE_USER_DELETE, this::handleDelete);
  }

  /** {userId, usernameFreeAt}: NOT_FOUND when there is no such account (deleted already). */
  private void handleDelete(Message<JsonObject> request) {
    String userId = request.body().getString("userId");
    long usernameFreeAt = request.body().getLong("usernameFreeAt");
    Future<Void> deleted = users.byId(userId).compose(UserHandlers::found)
        .compose(user -> endRelations(userId))
        .compose(ended -> leaveGroups(userId))
        .compose(left -> users.deleteUser(userId, usernameFreeAt))
        // before the answer: routing forgets the 1:1 conversations it knew open, this user's among them
        .onSuccess(gone -> bus.publish(ROUTING_FORGET, new JsonObject().put("userId", userId)));
    BusReplies.reply(request, deleted, ignored -> null);
  }

  private Future<Void> endRelations(String userId) {
    Future<List<String>> friends = social.friends(userId);
    Future<List<Contact>> contacts = social.contacts(userId);
    return Future.all(friends, contacts).compose(both -> {
      Set<String> others = new TreeSet<>(friends.result());
      contacts.result().forEach(contact -> others.add(contact.userId()));
      long now = clock.millis();
      return Future.all(others.stream()
          .map(other -> social.changeRelation(userId, other, now, relation -> Relation.NONE))
          .toList()).mapEmpty();
    });
  }

  private Future<Void> leaveGroups(String userId) {
    return social.groupsOf(userId).compose(groupIds -> Future.all(groupIds.stream()
        .map(groupId -> social.removeMember(groupId, userId)).toList()).mapEmpty());
  }
}
