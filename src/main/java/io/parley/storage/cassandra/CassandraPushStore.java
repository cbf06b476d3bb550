package io.parley.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.parley.storage.PushNotification;
import io.parley.storage.PushStore;
import io.vertx.core.Future;

import java.util.List;

/**
 * The shared {@link PushStore}: a user's notifications are one partition clustered by {@code (message_id,
 * device_id)}, so a notification recorded again, on any node, overwrites its own row rather than adding one, with no
 * transaction; the later record's content wins (docs/DESIGN.md, "Cassandra"). Each row names the node whose sender
 * sends it ({@code recorded_by}), which is what that node loads when it starts.
 */
final class CassandraPushStore implements PushStore {
  private static final String COLUMNS =
      "user_id, message_id, device_id, platform, push_token, conversation_id, sender_id, preview, created_at";
  private static final String RECORDED_COLUMNS = COLUMNS + ", recorded_by";

  private final Cql cql;
  private final PreparedStatement put;
  private final PreparedStatement pending;
  private final PreparedStatement recordedBy;
  private final PreparedStatement delete;

  private CassandraPushStore(Cql cql, List<PreparedStatement> statements) {
    this.cql = cql;
    this.put = statements.get(0);
    this.pending = statements.get(1);
    this.recordedBy = statements.get(2);
    this.delete = statements.get(3);
  }

  static Future<CassandraPushStore> prepare(Cql cql, String ks) {
    return Statements.prepare(cql, List.of(
        "INSERT INTO " + ks + ".push_pending (" + RECORDED_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        "SELECT " + COLUMNS + " FROM " + ks + ".push_pending WHERE user_id = ? LIMIT ?",
        "SELECT " + COLUMNS + " FROM " + ks + ".push_pending WHERE recorded_by = ? LIMIT ? ALLOW FILTERING",
        "DELETE FROM " + ks + ".push_pending WHERE user_id = ? AND message_id = ? AND device_id = ?"))
        .map(statements -> new CassandraPushStore(cql, statements));
  }

  /** Each notification is its own write, in parallel: they are in different users' partitions. */
  @Override
  public Future<Void> record(int node, List<PushNotification> notifications) {
    return Future.all(notifications.stream().map(n -> cql.execute(put.bind(n.userId(), n.messageId(), n.deviceId(),
        n.platform(), n.pushToken(), n.conversationId(), n.senderId(), n.preview(), n.createdAt(), node))).toList())
        .mapEmpty();
  }

  @Override
  public Future<List<PushNotification>> pending(String userId, int limit) {
    if (limit <= 0) {
      return Future.succeededFuture(List.of());
    }
    return cql.page(pending.bind(userId, limit), limit).map(rows -> rows.stream()
        .map(CassandraPushStore::notification).toList());
  }

  /**
   * A filtered scan across partitions, once per start: each sender keeps its share of the table within its cap and
   * sends within seconds, so the table stays small and one bounded page holds a node's share.
   */
  @Override
  public Future<List<PushNotification>> recordedBy(int node, int limit) {
    if (limit <= 0) {
      return Future.succeededFuture(List.of());
    }
    return cql.page(recordedBy.bind(node, limit), limit)
        .map(rows -> rows.stream().map(CassandraPushStore::notification).toList());
  }

  @Override
  public Future<Void> remove(List<PushNotification> notifications) {
    return Future.all(notifications.stream()
        .map(n -> cql.execute(delete.bind(n.userId(), n.messageId(), n.deviceId()))).toList()).mapEmpty();
  }

  private static PushNotification notification(Row row) {
    return new PushNotification(row.getString("user_id"), row.getString("device_id"), row.getString("platform"),
        row.getString("push_token"), row.getLong("message_id"), row.getString("conversation_id"),
        row.getString("sender_id"), row.getString("preview"), row.getLong("created_at"));
  }
}
