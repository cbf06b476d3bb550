package io.parley.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.parley.storage.Appended;
import io.parley.storage.ConversationActivity;
import io.parley.bus.ChatException;
import io.parley.bus.Failure;
import io.parley.storage.InboxEntries;
import io.parley.model.ChatMessage;
import io.parley.model.IdGenerator;
import io.parley.storage.MessageStore;
import io.parley.util.KeyedTurns;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The shared {@link MessageStore}: any number of nodes may write the same conversations and inboxes at once. An
 * append claims its {@code (sender, clientMessageId)} with {@code INSERT ... IF NOT EXISTS} first, so of concurrent
 * resends on any nodes exactly one writes; then it stores the message, then each inbox entry (see
 * {@link InboxTable}), then the sender's sequence into the claim, which marks it complete. A reader can see an
 * entry only once its message is stored. A claim left incomplete, by a writer that failed (it gives the claim up) or
 * died (its lease runs out), is taken over by a resend, which finishes the append under the claimed message id
 * (docs/DESIGN.md, "Cassandra").
 */
public final class CassandraMessageStore implements MessageStore {
  private static final long RESEND_POLL_MILLIS = 50;

  private final Vertx vertx;
  private final Cql cql;
  private final MessageTable messages;
  private final InboxTable inboxes;
  private final ActivityTable activity;
  /** How long a claim is its writer's alone, and how long a resend waits for it to complete. */
  private final long leaseMillis;
  private final KeyedTurns conversationTurns = new KeyedTurns();
  private final PreparedStatement claim;
  private final PreparedStatement complete;
  private final PreparedStatement claimed;
  private final PreparedStatement raiseCursor;
  private final PreparedStatement createCursor;
  private final PreparedStatement cursors;
  private final PreparedStatement takeOver;
  private final PreparedStatement giveUp;

  private CassandraMessageStore(Vertx vertx, Cql cql, MessageTable messages, InboxTable inboxes,
      ActivityTable activity, long leaseMillis, List<PreparedStatement> statements) {
    this.vertx = vertx;
    this.cql = cql;
    this.messages = messages;
    this.inboxes = inboxes;
    this.activity = activity;
    this.leaseMillis = leaseMillis;
    this.claim = statements.get(0);
    this.complete = statements.get(1);
    this.claimed = statements.get(2);
    this.raiseCursor = statements.get(3);
    this.createCursor = statements.get(4);
    this.cursors = statements.get(5);
    this.takeOver = statements.get(6);
    this.giveUp = statements.get(7);
  }

  static Future<CassandraMessageStore> prepare(Vertx vertx, Cql cql, String ks, int inboxBucketSize,
      long requestTimeoutMillis) {
    Future<MessageTable> messages = MessageTable.prepare(cql, ks);
    Future<InboxTable> inboxes = InboxTable.prepare(cql, ks, inboxBucketSize);
    Future<ActivityTable> activity = ActivityTable.prepare(cql, ks);
    Future<List<PreparedStatement>> own = Statements.prepare(cql, List.of(
        "INSERT INTO " + ks + ".client_ids (sender_id, client_message_id, conversation_id, message_id, writer, "
            + "claimed_at) VALUES (?, ?, ?, ?, ?, ?) IF NOT EXISTS",
        "UPDATE " + ks + ".client_ids SET sender_seq = ? WHERE sender_id = ? AND client_message_id = ?",
        "SELECT conversation_id, message_id, sender_seq, writer, claimed_at FROM " + ks + ".client_ids "
            + "WHERE sender_id = ? AND client_message_id = ?",
        "UPDATE " + ks + ".read_cursors SET message_id = ? WHERE conversation_id = ? AND user_id = ? "
            + "IF message_id < ?",
        "INSERT INTO " + ks + ".read_cursors (conversation_id, user_id, message_id) VALUES (?, ?, ?) IF NOT EXISTS",
        "SELECT user_id, message_id FROM " + ks + ".read_cursors WHERE conversation_id = ?",
        "UPDATE " + ks + ".client_ids SET writer = ?, claimed_at = ? WHERE sender_id = ? AND client_message_id = ? "
            + "IF writer = ? AND sender_seq = null",
        "UPDATE " + ks + ".client_ids SET claimed_at = 0 WHERE sender_id = ? AND client_message_id = ? "
            + "IF writer = ? AND sender_seq = null"));
    // the first append's fan-out takes a few queries one after the other, each within the timeout
    long lease = 4 * requestTimeoutMillis;
    return Future.all(messages, inboxes, activity, own).map(all -> new CassandraMessageStore(vertx, cql,
        messages.result(), inboxes.result(), activity.result(), lease, own.result()));
  }

  /**
   * The claim and the message's write take this node's turns per conversation, so its entries are queued in the
   * order this node was handed the messages: every recipient's inbox then lists one conversation's messages in that
   * order (routing hands them over in id order). The turn also takes the conversation's last message id, which the
   * conversation list's fan-out needs. The entries and the completion overlap the next message's turn.
   */
  @Override
  public Future<Appended> append(ChatMessage message, List<String> recipients) {
    List<String> distinct = List.copyOf(new LinkedHashSet<>(recipients));
    UUID writer = UUID.randomUUID();
    return conversationTurns.inTurn(message.conversationId(), () ->
            cql.execute(claim.bind(message.senderId(), message.clientMessageId(), message.conversationId(),
                    message.id(), writer, System.currentTimeMillis()))
                .compose(result -> result.wasApplied() ? store(message, writer) : Future.succeededFuture(null)))
        .compose(previous -> previous != null
            ? fanOut(message, distinct, writer, previous)
            : duplicate(message, distinct, System.currentTimeMillis() + leaseMillis));
  }

  /**
   * Writes the message under a claim this writer holds, and returns the conversation's last message id before it
   * (-1 for none); gives the claim up if it cannot.
   */
  private Future<Long> store(ChatMessage message, UUID writer) {
    return messages.put(message)
        .compose(stored -> ChatMessage.EVENT.equals(message.kind()) ? Future.succeededFuture(-1L)
            : activity.takeLast(message))
        .recover(failed -> giveUp(message, writer, failed));
  }

  /**
   * Writes the entries, then completes the claim. If either fails, the claim is given up (its lease set to have run
   * out) so that the client's resend finishes the append at once instead of waiting.
   */
  private Future<Appended> fanOut(ChatMessage message, List<String> recipients, UUID writer, long previous) {
    return entries(message, recipients, previous).recover(failed -> giveUp(message, writer, failed));
  }

  private <T> Future<T> giveUp(ChatMessage message, UUID writer, Throwable failed) {
    return cql.execute(giveUp.bind(message.senderId(), message.clientMessageId(), writer))
        .transform(givenUp -> Future.failedFuture(failed));
  }

  /** Each recipient's inbox entry and conversation list row, side by side; then the claim's completion. */
  private Future<Appended> entries(ChatMessage message, List<String> recipients, long previous) {
    List<Future<Long>> seqs = recipients.stream()
        .map(user -> inboxes.append(user, message.conversationId(), message.id())).toList();
    // account events belong to no conversation a client lists
    Future<?> listed = ChatMessage.EVENT.equals(message.kind()) ? Future.succeededFuture()
        : activity.advance(message, recipients, previous);
    return Future.all(Future.all(seqs), listed).map(all -> {
      Map<String, Long> byUser = new LinkedHashMap<>();
      for (int i = 0; i < recipients.size(); i++) {
        byUser.put(recipients.get(i), seqs.get(i).result());
      }
      return byUser;
    }).compose(bySeq -> cql.execute(complete.bind(bySeq.getOrDefault(message.senderId(), 0L), message.senderId(),
            message.clientMessageId()))
        .map(done -> new Appended(message, bySeq, false)));
  }

  /**
   * The first append under this client id, once it is complete (its sender sequence written). Until then, waits for
   * it while its writer's lease lasts, then takes the claim over and finishes the append itself, under the claimed
   * message id: recipients that already had the entry get a second one for the same message, which clients ignore
   * (PROTOCOL.md keys messages by id), and none misses it.
   */
  private Future<Appended> duplicate(ChatMessage resend, List<String> recipients, long deadline) {
    String senderId = resend.senderId();
    return cql.page(claimed.bind(senderId, resend.clientMessageId()), 1).compose(rows -> {
      Row row = rows.isEmpty() ? null : rows.get(0);
      if (row != null && !row.isNull("sender_seq")) {
        long senderSeq = row.getLong("sender_seq");
        return messages.get(row.getString("conversation_id"), row.getLong("message_id")).map(original ->
            new Appended(original, senderSeq > 0 ? Map.of(senderId, senderSeq) : Map.of(), true));
      }
      long now = System.currentTimeMillis();
      if (row != null && now - row.getLong("claimed_at") > leaseMillis
          && row.getString("conversation_id").equals(resend.conversationId())) {
        return takeOver(resend, recipients, row, deadline);
      }
      if (now > deadline) {
        return Future.failedFuture(new ChatException(Failure.UNAVAILABLE,
            "the first append of client message " + resend.clientMessageId() + " has not completed"));
      }
      return vertx.timer(RESEND_POLL_MILLIS).compose(waited -> duplicate(resend, recipients, deadline));
    });
  }

  private Future<Appended> takeOver(ChatMessage resend, List<String> recipients, Row claim, long deadline) {
    long claimedId = claim.getLong("message_id");
    UUID writer = UUID.randomUUID();
    return cql.execute(takeOver.bind(writer, System.currentTimeMillis(), resend.senderId(),
            resend.clientMessageId(), claim.getUuid("writer")))
        .compose(taken -> {
          if (!taken.wasApplied()) {
            // completed or taken over meanwhile: wait for that one
            return duplicate(resend, recipients, deadline);
          }
          ChatMessage claimed = new ChatMessage(claimedId, resend.conversationId(), resend.senderId(),
              resend.clientMessageId(), resend.text(), IdGenerator.timestampOf(claimedId), resend.kind());
          return store(claimed, writer).compose(previous -> fanOut(claimed, recipients, writer, previous));
        });
  }

  @Override
  public Future<InboxEntries> inbox(String userId, long afterSeq, int limit) {
    // the last sequence first: every entry up to it is stored, so the page below never runs past it
    return inboxes.lastSeq(userId).compose(lastSeq ->
        inboxes.entries(userId, Math.max(afterSeq, 0), lastSeq, limit).compose(entries -> {
          List<Future<ChatMessage>> loaded = entries.stream()
              .map(entry -> messages.get(entry.conversationId(), entry.messageId())).toList();
          return Future.all(loaded).map(all -> {
            List<InboxEntries.Entry> page = new ArrayList<>(entries.size());
            for (int i = 0; i < entries.size(); i++) {
              page.add(new InboxEntries.Entry(entries.get(i).seq(), loaded.get(i).result()));
            }
            return new InboxEntries(page, lastSeq);
          });
        }));
  }

  @Override
  public Future<List<ConversationActivity>> conversations(String userId, Long beforeId, int limit) {
    return activity.list(userId, beforeId, limit).compose(entries -> {
      List<Future<ChatMessage>> last = entries.stream()
          .map(entry -> messages.get(entry.conversationId(), entry.messageId())).toList();
      return Future.all(last).map(all -> last.stream()
          .map(message -> new ConversationActivity(message.result().conversationId(), message.result())).toList());
    });
  }

  @Override
  public Future<List<ChatMessage>> history(String conversationId, Long beforeId, Long afterId, int limit) {
    return messages.history(conversationId, beforeId, afterId, limit);
  }

  /** Conditional writes only, so two nodes moving one cursor at once can only ever raise it. */
  @Override
  public Future<Long> markRead(String conversationId, String userId, long messageId) {
    return cql.execute(raiseCursor.bind(messageId, conversationId, userId, messageId)).compose(raised -> {
      if (raised.wasApplied()) {
        return Future.succeededFuture(messageId);
      }
      Row current = raised.one();
      if (current != null && current.getColumnDefinitions().contains("message_id") && !current.isNull("message_id")) {
        long at = current.getLong("message_id");
        return at >= messageId ? Future.succeededFuture(at) : markRead(conversationId, userId, messageId);
      }
      return cql.execute(createCursor.bind(conversationId, userId, messageId)).compose(created ->
          created.wasApplied() ? Future.succeededFuture(messageId) : markRead(conversationId, userId, messageId));
    });
  }

  @Override
  public Future<Map<String, Long>> readCursors(String conversationId) {
    return cql.all(cursors.bind(conversationId)).map(rows -> {
      Map<String, Long> byUser = new LinkedHashMap<>();
      rows.forEach(row -> byUser.put(row.getString("user_id"), row.getLong("message_id")));
      return byUser;
    });
  }
}
