package io.parley.storage;

import io.parley.model.ChatMessage;
import io.vertx.core.Future;

import java.util.List;
import java.util.Map;

/**
 * Messages, per-user inboxes and read cursors. Every implementation passes {@code MessageStoreContract}.
 *
 * <p>Contract:
 * <ul>
 *   <li><b>Durable on success.</b> A future from {@link #append} completes only once the message and all its inbox
 *       entries survive a crash of the process (and of the machine, where the implementation is configured so).</li>
 *   <li><b>Idempotent.</b> A second append with the same sender and client message id writes nothing and returns the
 *       first message, the sender's first sequence, and {@code duplicate = true}.</li>
 *   <li><b>Gap-free inboxes.</b> Each user's inbox sequence starts at 1 and grows by exactly 1 per entry.</li>
 *   <li><b>All or nothing.</b> The message and every inbox entry of one append are written together.</li>
 * </ul>
 */
public interface MessageStore {

  /** Persists {@code message} in its conversation and appends it to each recipient's inbox. */
  Future<Appended> append(ChatMessage message, List<String> recipients);

  /** Up to {@code limit} entries of {@code userId}'s inbox with sequence above {@code afterSeq}, ascending. */
  Future<InboxEntries> inbox(String userId, long afterSeq, int limit);

  /**
   * Up to {@code limit} messages of a conversation, ascending by id. With {@code beforeId} set, the newest ones
   * older than it; with {@code afterId} set, the oldest ones newer than it; with both, the oldest ones between them;
   * with neither, the newest.
   */
  Future<List<ChatMessage>> history(String conversationId, Long beforeId, Long afterId, int limit);

  /** Moves {@code userId}'s read cursor in a conversation forward to {@code messageId}; never moves it back. */
  Future<Long> markRead(String conversationId, String userId, long messageId);

  /** Every member's read cursor in a conversation, by user id. */
  Future<Map<String, Long>> readCursors(String conversationId);
}
