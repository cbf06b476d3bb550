package io.parley.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.parley.bus.ChatException;
import io.parley.bus.Failure;
import io.parley.model.ChatMessage;
import io.parley.model.IdGenerator;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Messages by {@code ((conversation_id, bucket), message_id)}, the bucket being the 10-day window of the id's
 * timestamp, so a busy conversation's partitions stay bounded (Discord's layout). {@code conversation_buckets} lists
 * the buckets a conversation has used, so history walks only those, newest or oldest first.
 */
final class MessageTable {
  static final long BUCKET_MILLIS = 10L * 24 * 60 * 60 * 1000;
  private static final String COLUMNS =
      "conversation_id, message_id, sender_id, client_message_id, text, timestamp, kind";

  private final Cql cql;
  private final PreparedStatement addBucket;
  private final PreparedStatement put;
  private final PreparedStatement get;
  private final PreparedStatement bucketsAscending;
  private final PreparedStatement bucketsDescending;
  private final PreparedStatement pageAscending;
  private final PreparedStatement pageDescending;

  private MessageTable(Cql cql, List<PreparedStatement> statements) {
    this.cql = cql;
    this.addBucket = statements.get(0);
    this.put = statements.get(1);
    this.get = statements.get(2);
    this.bucketsAscending = statements.get(3);
    this.bucketsDescending = statements.get(4);
    this.pageAscending = statements.get(5);
    this.pageDescending = statements.get(6);
  }

  static Future<MessageTable> prepare(Cql cql, String ks) {
    String buckets = "SELECT bucket FROM " + ks + ".conversation_buckets WHERE conversation_id = ? AND bucket >= ? "
        + "AND bucket <= ? ORDER BY bucket ";
    String page = "SELECT " + COLUMNS + " FROM " + ks + ".messages WHERE conversation_id = ? AND bucket = ? "
        + "AND message_id > ? AND message_id < ? ORDER BY message_id ";
    return Statements.prepare(cql, List.of(
        "INSERT INTO " + ks + ".conversation_buckets (conversation_id, bucket) VALUES (?, ?)",
        "INSERT INTO " + ks + ".messages (bucket, " + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        "SELECT " + COLUMNS + " FROM " + ks + ".messages WHERE conversation_id = ? AND bucket = ? AND message_id = ?",
        buckets + "ASC", buckets + "DESC", page + "ASC LIMIT ?", page + "DESC LIMIT ?"))
        .map(statements -> new MessageTable(cql, statements));
  }

  static int bucket(long messageId) {
    return (int) Math.floorDiv(IdGenerator.timestampOf(messageId), BUCKET_MILLIS);
  }

  /** The bucket is listed before the message is written, so history never misses a stored message. */
  Future<Void> put(ChatMessage message) {
    int bucket = bucket(message.id());
    return cql.execute(addBucket.bind(message.conversationId(), bucket))
        .compose(ignored -> cql.execute(put.bind(bucket, message.conversationId(), message.id(), message.senderId(),
            message.clientMessageId(), message.text(), message.timestamp(), message.isText() ? null : message.kind())))
        .mapEmpty();
  }

  /** A message an inbox entry or a client id points at; it was written first, so it is never missing. */
  Future<ChatMessage> get(String conversationId, long messageId) {
    return cql.page(get.bind(conversationId, bucket(messageId), messageId), 1).compose(rows -> rows.isEmpty()
        ? Future.failedFuture(new ChatException(Failure.UNAVAILABLE, "message " + messageId + " not found"))
        : Future.succeededFuture(message(rows.get(0))));
  }

  /** As {@code MessageStore.history}: ids strictly between the bounds, ascending. */
  Future<List<ChatMessage>> history(String conversationId, Long beforeId, Long afterId, int limit) {
    if (limit <= 0) {
      return Future.succeededFuture(List.of());
    }
    long above = afterId == null ? Long.MIN_VALUE : afterId;
    long below = beforeId == null ? Long.MAX_VALUE : beforeId;
    int lowBucket = afterId == null ? Integer.MIN_VALUE : bucket(afterId);
    int highBucket = beforeId == null ? Integer.MAX_VALUE : bucket(beforeId);
    // with afterId, the oldest ones above it; otherwise the newest ones below beforeId
    boolean ascending = afterId != null;
    PreparedStatement buckets = ascending ? bucketsAscending : bucketsDescending;
    return cql.all(buckets.bind(conversationId, lowBucket, highBucket))
        .compose(rows -> walk(conversationId, rows.stream().map(row -> row.getInt("bucket")).toList(), 0,
            ascending, above, below, limit, new ArrayList<>()))
        .map(messages -> {
          if (!ascending) {
            Collections.reverse(messages);
          }
          return messages;
        });
  }

  private Future<List<ChatMessage>> walk(String conversationId, List<Integer> buckets, int index, boolean ascending,
      long above, long below, int limit, List<ChatMessage> found) {
    if (index == buckets.size() || found.size() == limit) {
      return Future.succeededFuture(found);
    }
    int wanted = limit - found.size();
    PreparedStatement page = ascending ? pageAscending : pageDescending;
    return cql.page(page.bind(conversationId, buckets.get(index), above, below, wanted), wanted).compose(rows -> {
      rows.forEach(row -> found.add(message(row)));
      return walk(conversationId, buckets, index + 1, ascending, above, below, limit, found);
    });
  }

  private static ChatMessage message(Row row) {
    return new ChatMessage(row.getLong("message_id"), row.getString("conversation_id"), row.getString("sender_id"),
        row.getString("client_message_id"), row.getString("text"), row.getLong("timestamp"),
        row.isNull("kind") ? ChatMessage.TEXT : row.getString("kind"));
  }
}
