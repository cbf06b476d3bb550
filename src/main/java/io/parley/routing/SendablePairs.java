package io.parley.routing;

import io.parley.model.ConversationId;
import io.parley.util.BoundedMap;

import java.util.List;
import java.util.Map;

/**
 * 1:1 conversations storage has lately let a send through: both users exist and neither blocks the other. A send in
 * one of them is routed without asking storage again, the round trip that made up most of a 1:1 send's cost once blocks
 * and deletions had to be checked. Storage publishes {@code chat.routing.forget} before it answers a block or a
 * deletion, and that drops the pair (a deletion drops them all); a lookup that overlapped a forget is not kept, since
 * it may have read what the forget undid. Bounded, least recently used out. Used on routing's event loop only.
 */
final class SendablePairs {
  /** About 100 bytes each: 10 MB at most. */
  private static final int CAPACITY = 100_000;

  private final Map<String, Boolean> pairs = BoundedMap.accessOrdered(CAPACITY);
  private long forgets;

  /**
   * The members of {@code conversation} if it is a 1:1 of {@code senderId}'s known to be open to their sends, else
   * null (storage then answers, a non-member too).
   */
  List<String> members(String senderId, ConversationId conversation) {
    String peer = conversation.isGroup() ? null : conversation.peerOf(senderId);
    return peer != null && pairs.get(conversation.value()) != null ? List.of(senderId, peer) : null;
  }

  /** The moment before a lookup, to give {@link #learned} when it succeeded. */
  long mark() {
    return forgets;
  }

  /** Storage let a send through in {@code conversation}, as of {@code mark}. */
  void learned(ConversationId conversation, long mark) {
    if (!conversation.isGroup() && mark == forgets) {
      pairs.put(conversation.value(), Boolean.TRUE);
    }
  }

  /** One of the two blocks the other. */
  void forget(String userId, String otherId) {
    forgets++;
    pairs.remove(ConversationId.direct(userId, otherId).value());
  }

  /** A user's account is gone. */
  void forgetAll() {
    forgets++;
    pairs.clear();
  }
}
