package io.parley.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.parley.model.ChatMessage;
import io.parley.util.BoundedMap;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Each user's conversations by last activity: {@code conversations_by_activity} rows {@code (user_id, message_id
 * DESC, conversation_id)}, read newest first, with {@code user_conversations} pointing at each conversation's current
 * row, and {@code conversation_last} holding each conversation's last message id. An append takes the last id in the
 * conversation's turn, from this node's memory of the conversations it wrote lately (its turns order them) or else
 * read once; then, beside the inbox entries, it raises the last id and moves each recipient's row in one small batch:
 * delete the row at the last id, insert the new one, raise the pointer. Every write carries the message id as its write timestamp, so writes that
 * arrive out of order (two messages' fan-outs overlap, two nodes write one conversation) still leave the newest
 * message's row and pointer, and a delete always beats the older insert it targets. A row the delete missed (a
 * member who left and came back) no longer matches its pointer: reads skip it.
 */
final class ActivityTable {
  /** Rows read per round beyond those wanted, so that a few stale ones cost no extra round. */
  private static final int SLACK = 8;
  /** Conversations whose last id this node remembers; one not among them costs a read when it is next written. */
  private static final int LAST_IDS_KEPT = 100_000;

  private final Cql cql;
  private final PreparedStatement lastGet;
  private final PreparedStatement lastPut;
  private final PreparedStatement remove;
  private final PreparedStatement add;
  private final PreparedStatement point;
  private final PreparedStatement page;
  private final PreparedStatement pointers;
  private final Map<String, Long> lastIds = Collections.synchronizedMap(BoundedMap.accessOrdered(LAST_IDS_KEPT));

  private ActivityTable(Cql cql, List<PreparedStatement> statements) {
    this.cql = cql;
    this.lastGet = statements.get(0);
    this.lastPut = statements.get(1);
    this.remove = statements.get(2);
    this.add = statements.get(3);
    this.point = statements.get(4);
    this.page = statements.get(5);
    this.pointers = statements.get(6);
  }

  static Future<ActivityTable> prepare(Cql cql, String ks) {
    return Statements.prepare(cql, List.of(
        "SELECT message_id FROM " + ks + ".conversation_last WHERE conversation_id = ?",
        "UPDATE " + ks + ".conversation_last USING TIMESTAMP ? SET message_id = ? WHERE conversation_id = ?",
        "DELETE FROM " + ks + ".conversations_by_activity USING TIMESTAMP ? WHERE user_id = ? AND message_id = ? "
            + "AND conversation_id = ?",
        "INSERT INTO " + ks + ".conversations_by_activity (user_id, message_id, conversation_id) VALUES (?, ?, ?) "
            + "USING TIMESTAMP ?",
        "UPDATE " + ks + ".user_conversations USING TIMESTAMP ? SET message_id = ? WHERE user_id = ? "
            + "AND conversation_id = ?",
        "SELECT message_id, conversation_id FROM " + ks + ".conversations_by_activity WHERE user_id = ? "
            + "AND message_id < ? LIMIT ?",
        "SELECT conversation_id, message_id FROM " + ks + ".user_conversations WHERE user_id = ? "
            + "AND conversation_id IN ?"))
        .map(statements -> new ActivityTable(cql, statements));
  }

  /** A conversation's row in a user's list. */
  record Entry(String conversationId, long messageId) {
  }

  /**
   * The conversation's last message id before {@code message} (-1 for none), which this node then remembers as
   * {@code message}'s: called in the conversation's turn. Another node's writes meanwhile make it stale, which costs
   * a stale row (see the class comment), never a wrong list.
   */
  Future<Long> takeLast(ChatMessage message) {
    String conversation = message.conversationId();
    Long known = lastIds.get(conversation);
    Future<Long> previous = known != null ? Future.succeededFuture(known)
        : cql.page(lastGet.bind(conversation), 1).map(rows ->
            rows.isEmpty() || rows.get(0).isNull("message_id") ? -1L : rows.get(0).getLong("message_id"));
    return previous.onSuccess(last -> lastIds.merge(conversation, message.id(), Math::max));
  }

  /** Raises the conversation's last id and moves it to {@code message} in each recipient's list. */
  Future<Void> advance(ChatMessage message, List<String> recipients, long previous) {
    List<Future<?>> writes = new ArrayList<>(recipients.size() + 1);
    writes.add(cql.execute(lastPut.bind(message.id(), message.id(), message.conversationId())));
    recipients.forEach(user -> writes.add(advance(user, message, previous)));
    return Future.all(writes).mapEmpty();
  }

  private Future<Void> advance(String userId, ChatMessage message, long previous) {
    long id = message.id();
    String conversation = message.conversationId();
    BatchStatementBuilder batch = BatchStatement.builder(DefaultBatchType.UNLOGGED);
    if (previous >= 0 && previous != id) {
      batch.addStatement(remove.bind(id, userId, previous, conversation));
    }
    batch.addStatement(add.bind(userId, id, conversation, id))
        .addStatement(point.bind(id, id, userId, conversation));
    return cql.execute(batch.build()).mapEmpty();
  }

  /** Up to {@code limit} current rows of {@code userId}'s list below {@code beforeId}, newest first. */
  Future<List<Entry>> list(String userId, Long beforeId, int limit) {
    return collect(userId, beforeId == null ? Long.MAX_VALUE : beforeId, limit, new ArrayList<>());
  }

  /** Keeps the rows their pointer names: each conversation's current one, so each conversation once. */
  private Future<List<Entry>> collect(String userId, long before, int limit, List<Entry> found) {
    int wanted = limit - found.size() + SLACK;
    return cql.page(page.bind(userId, before, wanted), wanted).compose(rows -> {
      if (rows.isEmpty()) {
        return Future.succeededFuture(found);
      }
      List<Entry> entries = rows.stream()
          .map(row -> new Entry(row.getString("conversation_id"), row.getLong("message_id"))).toList();
      List<String> conversations = entries.stream().map(Entry::conversationId).distinct().toList();
      return cql.all(pointers.bind(userId, conversations)).compose(current -> {
        Map<String, Long> pointed = new HashMap<>();
        for (Row row : current) {
          pointed.put(row.getString("conversation_id"), row.getLong("message_id"));
        }
        for (Entry entry : entries) {
          Long at = pointed.get(entry.conversationId());
          if (found.size() < limit && at != null && at == entry.messageId()) {
            found.add(entry);
          }
        }
        boolean more = rows.size() == wanted && found.size() < limit;
        return more ? collect(userId, entries.get(entries.size() - 1).messageId(), limit, found)
            : Future.succeededFuture(found);
      });
    });
  }
}
