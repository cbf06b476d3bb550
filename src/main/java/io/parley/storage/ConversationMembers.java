package io.parley.storage;

import io.parley.bus.ChatException;
import io.parley.bus.Failure;
import io.parley.model.ConversationId;
import io.vertx.core.Future;

import java.util.List;

/** Resolves who belongs to a conversation, and refuses users who do not, or may not send there. */
final class ConversationMembers {
  private final UserStore users;
  private final SocialStore social;

  ConversationMembers(UserStore users, SocialStore social) {
    this.users = users;
    this.social = social;
  }

  /**
   * The members of a conversation {@code userId} belongs to; fails NOT_MEMBER or NOT_FOUND otherwise. A direct
   * conversation with a deleted account still has its two members, so its history and read state stay readable.
   */
  Future<List<String>> of(String userId, ConversationId conversation) {
    return members(userId, conversation, true);
  }

  private Future<List<String>> members(String userId, ConversationId conversation, boolean deletedPeerKept) {
    if (conversation.isGroup()) {
      return social.group(conversation.groupId()).compose(group -> {
        if (group == null) {
          return Future.failedFuture(new ChatException(Failure.NOT_FOUND, "no such group"));
        }
        if (!group.members().contains(userId)) {
          return Future.failedFuture(new ChatException(Failure.NOT_MEMBER, "not a member of this group"));
        }
        return Future.succeededFuture(group.members());
      });
    }
    String peer = conversation.peerOf(userId);
    if (peer == null) {
      return Future.failedFuture(new ChatException(Failure.NOT_MEMBER, "not a member of this conversation"));
    }
    return users.byId(peer)
        .compose(user -> user != null ? Future.succeededFuture(true)
            : deletedPeerKept ? users.wasDeleted(peer) : Future.succeededFuture(false))
        .compose(member -> member ? Future.succeededFuture(List.of(userId, peer))
            : Future.failedFuture(new ChatException(Failure.NOT_FOUND, "no such user")));
  }

  /**
   * The members of a conversation {@code userId} may send to (messages, typing): as {@link #of}, and a direct one
   * fails REFUSED while either user blocks the other, and NOT_FOUND once the other account is deleted. Group
   * conversations know no blocks.
   */
  Future<List<String>> toSend(String userId, ConversationId conversation) {
    Future<List<String>> members = members(userId, conversation, false);
    if (conversation.isGroup()) {
      return members;
    }
    return members.compose(both -> social.blocked(userId, conversation.peerOf(userId)).compose(blocked ->
        blocked
            ? Future.failedFuture(new ChatException(Failure.REFUSED, "this user does not take your messages"))
            : Future.succeededFuture(both)));
  }
}
