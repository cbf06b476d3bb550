package io.parley.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.parley.bus.ChatException;
import io.parley.bus.Failure;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Inboxes by {@code ((user_id, seq_bucket), seq)}, {@code seq_bucket} being {@code (seq - 1) / bucketSize}, with the
 * partition's highest sequence in the static column {@code last_seq}. An entry is written by one conditional batch
 * on its partition, {@code UPDATE SET last_seq = s IF last_seq = s - 1} plus the entry's row, so a sequence is taken
 * exactly when its entry is stored, whichever node writes: no gap, no reuse, across crashes (docs/DESIGN.md,
 * "Cassandra"). The first entry of a bucket conditions on {@code last_seq = null} in its new partition, after the
 * bucket is listed in {@code inbox_buckets}, which is how a reader finds the newest bucket.
 */
final class InboxTable {
  static final int BUCKET_SIZE = 100_000;
  /** Each lost race means another node stored an entry; this many in a row means the inbox is unusable. */
  private static final int MAX_ATTEMPTS = 64;
  /** Entries per conditional batch: 64 small rows stay under Cassandra's 5 KiB batch size warning. */
  private static final int MAX_BATCH = 64;

  private final Cql cql;
  private final int bucketSize;
  private final PreparedStatement take;
  private final PreparedStatement entry;
  private final PreparedStatement openBucket;
  private final PreparedStatement newestBucket;
  private final PreparedStatement bucketLast;
  private final PreparedStatement range;
  /** The inboxes this node has appends in flight for. */
  private final Map<String, InboxQueue> queues = new ConcurrentHashMap<>();

  private InboxTable(Cql cql, int bucketSize, List<PreparedStatement> statements) {
    this.cql = cql;
    this.bucketSize = bucketSize;
    this.take = statements.get(0);
    this.entry = statements.get(1);
    this.openBucket = statements.get(2);
    this.newestBucket = statements.get(3);
    this.bucketLast = statements.get(4);
    this.range = statements.get(5);
  }

  static Future<InboxTable> prepare(Cql cql, String ks, int bucketSize) {
    return Statements.prepare(cql, List.of(
        "UPDATE " + ks + ".inbox SET last_seq = ? WHERE user_id = ? AND seq_bucket = ? IF last_seq = ?",
        "INSERT INTO " + ks + ".inbox (user_id, seq_bucket, seq, conversation_id, message_id) VALUES (?, ?, ?, ?, ?)",
        "INSERT INTO " + ks + ".inbox_buckets (user_id, seq_bucket) VALUES (?, ?)",
        "SELECT seq_bucket FROM " + ks + ".inbox_buckets WHERE user_id = ? ORDER BY seq_bucket DESC LIMIT 1",
        "SELECT last_seq FROM " + ks + ".inbox WHERE user_id = ? AND seq_bucket = ? LIMIT 1",
        "SELECT seq, conversation_id, message_id FROM " + ks + ".inbox WHERE user_id = ? AND seq_bucket = ? "
            + "AND seq > ? AND seq <= ? LIMIT ?"))
        .map(statements -> new InboxTable(cql, bucketSize, statements));
  }

  /** One inbox entry, referring to a message. */
  record Entry(long seq, String conversationId, long messageId) {
  }

  /**
   * Appends an entry and returns its sequence. This node writes one inbox's entries one batch at a time, all the
   * appends that queued meanwhile in one conditional write, so its writes race only with other nodes', and a burst
   * into one inbox costs a few round trips rather than one each.
   */
  Future<Long> append(String userId, String conversationId, long messageId) {
    Promise<Long> seq = Promise.promise();
    InboxQueue.Pending pending = new InboxQueue.Pending(conversationId, messageId, seq);
    boolean[] start = new boolean[1];
    queues.compute(userId, (user, queue) -> {
      InboxQueue existing = queue == null ? new InboxQueue() : queue;
      start[0] = existing.add(pending);
      return existing;
    });
    if (start[0]) {
      // the last sequence this node wrote may be stale by now: read it when a burst starts
      next(userId, null);
    }
    return seq.future();
  }

  /** Takes the next batch, as much as fits in {@code last}'s partition (null: unknown yet); stops when none waits. */
  private void next(String userId, Long last) {
    int room = last == null ? MAX_BATCH : bucketSize - (int) (last % bucketSize);
    List<List<InboxQueue.Pending>> taken = new ArrayList<>(1);
    queues.computeIfPresent(userId, (user, queue) -> {
      taken.add(queue.take(Math.min(room, MAX_BATCH)));
      return queue.idle() ? null : queue;
    });
    if (!taken.isEmpty() && !taken.get(0).isEmpty()) {
      write(userId, last, taken.get(0), 1);
    }
  }

  private void write(String userId, Long last, List<InboxQueue.Pending> batch, int attempt) {
    if (last == null) {
      lastSeq(userId).onComplete(found -> {
        if (found.failed()) {
          fail(userId, batch, found.cause());
        } else {
          write(userId, found.result(), batch, attempt);
        }
      });
      return;
    }
    int room = bucketSize - (int) (last % bucketSize);
    if (batch.size() > room) {
      // a refusal moved us next to a bucket's end: the rest waits for the next batch
      requeue(userId, batch.subList(room, batch.size()));
      write(userId, last, List.copyOf(batch.subList(0, room)), attempt);
      return;
    }
    attempt(userId, last, batch).onComplete(done -> {
      if (done.failed()) {
        fail(userId, batch, done.cause());
      } else if (done.result() == null) {
        for (int i = 0; i < batch.size(); i++) {
          batch.get(i).seq().complete(last + 1 + i);
        }
        next(userId, last + batch.size());
      } else if (attempt == MAX_ATTEMPTS) {
        fail(userId, batch, new ChatException(Failure.UNAVAILABLE, "inbox " + userId + " too contended"));
      } else {
        write(userId, done.result() < 0 ? null : done.result(), batch, attempt + 1);
      }
    });
  }

  /**
   * One conditional batch writing {@code batch} after {@code last}: null when applied, else the partition's actual
   * last sequence, which comes back with the refusal (-1 when the partition has none).
   */
  private Future<Long> attempt(String userId, long last, List<InboxQueue.Pending> batch) {
    long first = last + 1;
    int bucket = bucket(first);
    boolean opensBucket = last % bucketSize == 0;
    BatchStatementBuilder write = BatchStatement.builder(DefaultBatchType.UNLOGGED)
        .addStatement(take.bind(last + batch.size(), userId, bucket, opensBucket ? null : last));
    for (int i = 0; i < batch.size(); i++) {
      InboxQueue.Pending pending = batch.get(i);
      write.addStatement(entry.bind(userId, bucket, first + i, pending.conversationId(), pending.messageId()));
    }
    Future<?> listed = opensBucket ? cql.execute(openBucket.bind(userId, bucket)) : Future.succeededFuture();
    return listed.compose(ignored -> cql.execute(write.build())).map(result -> {
      if (result.wasApplied()) {
        return null;
      }
      Row current = result.one();
      return current == null || current.isNull("last_seq") ? -1L : current.getLong("last_seq");
    });
  }

  private void requeue(String userId, List<InboxQueue.Pending> rest) {
    List<InboxQueue.Pending> copy = List.copyOf(rest);
    queues.compute(userId, (user, queue) -> {
      InboxQueue existing = queue == null ? new InboxQueue() : queue;
      existing.putBack(copy);
      return existing;
    });
  }

  /** An unknown outcome: the entries may or may not be stored, so this node reads the last sequence afresh. */
  private void fail(String userId, List<InboxQueue.Pending> batch, Throwable cause) {
    batch.forEach(pending -> pending.seq().fail(cause));
    next(userId, null);
  }

  /**
   * The inbox's highest sequence: {@code last_seq} of its newest listed bucket, or, when that bucket is listed but
   * still empty, the last sequence of the full bucket before it.
   */
  Future<Long> lastSeq(String userId) {
    return cql.page(newestBucket.bind(userId), 1).compose(buckets -> {
      if (buckets.isEmpty()) {
        return Future.succeededFuture(0L);
      }
      int bucket = buckets.get(0).getInt("seq_bucket");
      return cql.page(bucketLast.bind(userId, bucket), 1).map(rows -> rows.isEmpty() || rows.get(0).isNull("last_seq")
          ? (long) bucket * bucketSize
          : rows.get(0).getLong("last_seq"));
    });
  }

  /** Entries with sequence in {@code (afterSeq, throughSeq]}, ascending, at most {@code limit}. */
  Future<List<Entry>> entries(String userId, long afterSeq, long throughSeq, int limit) {
    return collect(userId, afterSeq, throughSeq, limit, new ArrayList<>());
  }

  private Future<List<Entry>> collect(String userId, long afterSeq, long throughSeq, int limit, List<Entry> found) {
    if (found.size() >= limit || afterSeq >= throughSeq) {
      return Future.succeededFuture(found);
    }
    int bucket = bucket(afterSeq + 1);
    long bucketEnd = Math.min(throughSeq, (long) (bucket + 1) * bucketSize);
    int wanted = limit - found.size();
    return cql.page(range.bind(userId, bucket, afterSeq, bucketEnd, wanted), wanted).compose(rows -> {
      rows.forEach(row -> found.add(new Entry(row.getLong("seq"), row.getString("conversation_id"),
          row.getLong("message_id"))));
      return collect(userId, bucketEnd, throughSeq, limit, found);
    });
  }

  private int bucket(long seq) {
    return (int) ((seq - 1) / bucketSize);
  }
}
