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
 *   <li><b>Conversation list.</b> An append also moves the conversation to the top of each recipient's
 *       {@link #conversations} list, at the same cost per recipient as its inbox entry: a small index entry.</li>
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

  /**
   * Up to {@code limit} of {@code userId}'s conversations, most recent activity first (by the id of the last message
   * appended for the user), each listed once, with that message. With {@code beforeId} set, only conversations whose
   * last message is older than it: the next page after a conversation whose last message has that id.
   */
  Future<List<ConversationActivity>> conversations(String userId, Long beforeId, int limit);

  /** Moves {@code userId}'s read cursor in a conversation forward to {@code messageId}; never moves it back. */
  Future<Long> markRead(String conversationId, String userId, long messageId);

  /** Every member's read cursor in a conversation, by user id. */
  Future<Map<String, Long>> readCursors(String conversationId);
}
