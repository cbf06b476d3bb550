package io.parley.storage;

import io.parley.bus.ChatException;
import io.parley.bus.Failure;

import java.util.function.UnaryOperator;

/**
 * The rules of friend requests and blocks, as changes of a {@link Relation} that a store applies atomically. A change
 * that breaks a rule throws a {@link ChatException}, so the store writes nothing; one that returns a relation equal
 * to the current one changes nothing.
 */
public final class RelationRules {
  private RelationRules() {
  }

  /** {@code from} asks {@code to}; a request {@code to} had already made is accepted instead. */
  public static UnaryOperator<Relation> request(String from, String to, long at) {
    return relation -> {
      if (relation.blocked()) {
        throw new ChatException(Failure.REFUSED, "this user does not take requests from you");
      }
      if (relation.friends()) {
        throw new ChatException(Failure.ALREADY_FRIENDS, "already friends");
      }
      if (relation.requestedBy(from)) {
        throw new ChatException(Failure.ALREADY_REQUESTED, "already requested");
      }
      return relation.requestedBy(to) ? relation.befriended() : relation.requested(from, at);
    };
  }

  /** {@code userId} accepts the pending request of {@code requester}. */
  public static UnaryOperator<Relation> accept(String requester) {
    return relation -> {
      if (relation.friends()) {
        throw new ChatException(Failure.ALREADY_FRIENDS, "already friends");
      }
      return pendingFrom(relation, requester).befriended();
    };
  }

  /** Declining a request received, or cancelling one sent: either way the request pending from {@code requester}. */
  public static UnaryOperator<Relation> withdraw(String requester) {
    return relation -> pendingFrom(relation, requester).withoutRequest();
  }

  /** Ends a friendship, if there is one. */
  public static UnaryOperator<Relation> unfriend() {
    return relation -> relation.friends() ? relation.unfriended() : relation;
  }

  public static UnaryOperator<Relation> block(String blocker) {
    return relation -> relation.blocks(blocker) ? relation : relation.blockedBy(blocker);
  }

  public static UnaryOperator<Relation> unblock(String blocker) {
    return relation -> relation.blocks(blocker) ? relation.unblockedBy(blocker) : relation;
  }

  private static Relation pendingFrom(Relation relation, String requester) {
    if (!relation.requestedBy(requester)) {
      throw new ChatException(Failure.REQUEST_NOT_FOUND, "no such friend request");
    }
    return relation;
  }
}
