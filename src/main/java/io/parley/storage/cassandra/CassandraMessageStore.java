package io.parley.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.parley.storage.Appended;
import io.parley.bus.ChatException;
import io.parley.bus.Failure;
import io.parley.storage.InboxEntries;
import io.parley.model.ChatMessage;
import io.parley.storage.MessageStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The shared {@link MessageStore}: any number of nodes may write the same conversations and inboxes at once. An
 * append claims its {@code (sender, clientMessageId)} with {@code INSERT ... IF NOT EXISTS} first, so of concurrent
 * resends on any nodes exactly one writes; then it stores the message, then each inbox entry (see
 * {@link InboxTable}), then the sender's sequence into the claim, which marks it complete. A reader can see an
 * entry only once its message is stored; a writer that dies after claiming leaves a claim its resends wait for in
 * vain (docs/DESIGN.md, "Cassandra").
 */
public final class CassandraMessageStore implements MessageStore {
  private static final long RESEND_POLL_MILLIS = 50;

  private final Vertx vertx;
  private final Cql cql;
  private final MessageTable messages;
  private final InboxTable inboxes;
  private final long resendWaitMillis;
  private final PreparedStatement claim;
  private final PreparedStatement complete;
  private final PreparedStatement claimed;
  private final PreparedStatement raiseCursor;
  private final PreparedStatement createCursor;
  private final PreparedStatement cursors;

  private CassandraMessageStore(Vertx vertx, Cql cql, MessageTable messages, InboxTable inboxes,
      long resendWaitMillis, List<PreparedStatement> statements) {
    this.vertx = vertx;
    this.cql = cql;
    this.messages = messages;
    this.inboxes = inboxes;
    this.resendWaitMillis = resendWaitMillis;
    this.claim = statements.get(0);
    this.complete = statements.get(1);
    this.claimed = statements.get(2);
    this.raiseCursor = statements.get(3);
    this.createCursor = statements.get(4);
    this.cursors = statements.get(5);
  }

  static Future<CassandraMessageStore> prepare(Vertx vertx, Cql cql, String ks, int inboxBucketSize,
      long requestTimeoutMillis) {
    Future<MessageTable> messages = MessageTable.prepare(cql, ks);
    Future<InboxTable> inboxes = InboxTable.prepare(cql, ks, inboxBucketSize);
    Future<List<PreparedStatement>> own = Statements.prepare(cql, List.of(
        "INSERT INTO " + ks + ".client_ids (sender_id, client_message_id, conversation_id, message_id) "
            + "VALUES (?, ?, ?, ?) IF NOT EXISTS",
        "UPDATE " + ks + ".client_ids SET sender_seq = ? WHERE sender_id = ? AND client_message_id = ?",
        "SELECT conversation_id, message_id, sender_seq FROM " + ks + ".client_ids "
            + "WHERE sender_id = ? AND client_message_id = ?",
        "UPDATE " + ks + ".read_cursors SET message_id = ? WHERE conversation_id = ? AND user_id = ? "
            + "IF message_id < ?",
        "INSERT INTO " + ks + ".read_cursors (conversation_id, user_id, message_id) VALUES (?, ?, ?) IF NOT EXISTS",
        "SELECT user_id, message_id FROM " + ks + ".read_cursors WHERE conversation_id = ?"));
    // a resend waits for the first append's fan-out, which takes a few queries one after the other
    long resendWait = 4 * requestTimeoutMillis;
    return Future.all(messages, inboxes, own).map(all -> new CassandraMessageStore(vertx, cql, messages.result(),
        inboxes.result(), resendWait, own.result()));
  }

  @Override
  public Future<Appended> append(ChatMessage message, List<String> recipients) {
    List<String> distinct = List.copyOf(new LinkedHashSet<>(recipients));
    return cql.execute(claim.bind(message.senderId(), message.clientMessageId(), message.conversationId(),
            message.id()))
        .compose(result -> result.wasApplied()
            ? fanOut(message, distinct)
            : duplicate(message.senderId(), message.clientMessageId(), System.currentTimeMillis() + resendWaitMillis));
  }

  private Future<Appended> fanOut(ChatMessage message, List<String> recipients) {
    return messages.put(message).compose(stored -> {
      List<Future<Long>> seqs = recipients.stream()
          .map(user -> inboxes.append(user, message.conversationId(), message.id())).toList();
      return Future.all(seqs).map(all -> {
        Map<String, Long> byUser = new LinkedHashMap<>();
        for (int i = 0; i < recipients.size(); i++) {
          byUser.put(recipients.get(i), seqs.get(i).result());
        }
        return byUser;
      });
    }).compose(seqs -> cql.execute(complete.bind(seqs.getOrDefault(message.senderId(), 0L), message.senderId(),
            message.clientMessageId()))
        .map(done -> new Appended(message, seqs, false)));
  }

  /** The first append under this client id; until it is complete (its sender sequence written), wait for it. */
  private Future<Appended> duplicate(String senderId, String clientMessageId, long deadline) {
    return cql.page(claimed.bind(senderId, clientMessageId), 1).compose(rows -> {
      Row row = rows.isEmpty() ? null : rows.get(0);
      if (row != null && !row.isNull("sender_seq")) {
        long senderSeq = row.getLong("sender_seq");
        return messages.get(row.getString("conversation_id"), row.getLong("message_id")).map(original ->
            new Appended(original, senderSeq > 0 ? Map.of(senderId, senderSeq) : Map.of(), true));
      }
      if (System.currentTimeMillis() > deadline) {
        return Future.failedFuture(new ChatException(Failure.UNAVAILABLE,
            "the first append of client message " + clientMessageId + " has not completed"));
      }
      return vertx.timer(RESEND_POLL_MILLIS).compose(waited -> duplicate(senderId, clientMessageId, deadline));
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
