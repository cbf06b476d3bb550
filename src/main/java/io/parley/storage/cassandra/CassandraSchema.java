package io.parley.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.parley.config.CassandraConfig;
import io.vertx.cassandra.CassandraClient;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/**
 * The keyspace and tables, created when missing. Several nodes may start at once: every statement is
 * {@code IF NOT EXISTS}, they run one at a time, and each must come back with the cluster's schema in agreement
 * (the driver waits for it after each change), so no node prepares statements against a table another node's
 * schema does not have yet. Which partitions hold what is explained in docs/DESIGN.md, "Cassandra".
 */
final class CassandraSchema {
  private static final Logger log = LoggerFactory.getLogger(CassandraSchema.class);
  /** A schema change waits for every node; on a loaded machine one took over 2 s. */
  private static final Duration DDL_TIMEOUT = Duration.ofSeconds(60);

  private CassandraSchema() {
  }

  static Future<Void> create(CassandraClient client, CassandraConfig config) {
    String ks = config.keyspace();
    List<String> statements = List.of(
        "CREATE KEYSPACE IF NOT EXISTS " + ks + " WITH replication = "
            + "{'class': 'NetworkTopologyStrategy', '" + config.localDatacenter().replace("'", "''") + "': "
            + config.replicationFactor() + "}",
        "CREATE TABLE IF NOT EXISTS " + ks + ".messages (conversation_id text, bucket int, message_id bigint, "
            + "sender_id text, client_message_id text, text text, timestamp bigint, kind text, "
            + "PRIMARY KEY ((conversation_id, bucket), message_id))",
        "CREATE TABLE IF NOT EXISTS " + ks + ".conversation_buckets (conversation_id text, bucket int, "
            + "PRIMARY KEY (conversation_id, bucket))",
        "CREATE TABLE IF NOT EXISTS " + ks + ".inbox (user_id text, seq_bucket int, seq bigint, "
            + "last_seq bigint STATIC, conversation_id text, message_id bigint, "
            + "PRIMARY KEY ((user_id, seq_bucket), seq))",
        "CREATE TABLE IF NOT EXISTS " + ks + ".inbox_buckets (user_id text, seq_bucket int, "
            + "PRIMARY KEY (user_id, seq_bucket))",
        "CREATE TABLE IF NOT EXISTS " + ks + ".client_ids (sender_id text, client_message_id text, "
            + "conversation_id text, message_id bigint, sender_seq bigint, writer uuid, claimed_at bigint, "
            + "PRIMARY KEY ((sender_id, client_message_id)))",
        "CREATE TABLE IF NOT EXISTS " + ks + ".read_cursors (conversation_id text, user_id text, message_id bigint, "
            + "PRIMARY KEY (conversation_id, user_id))",
        "CREATE TABLE IF NOT EXISTS " + ks + ".conversation_last (conversation_id text PRIMARY KEY, "
            + "message_id bigint)",
        "CREATE TABLE IF NOT EXISTS " + ks + ".conversations_by_activity (user_id text, message_id bigint, "
            + "conversation_id text, PRIMARY KEY (user_id, message_id, conversation_id)) "
            + "WITH CLUSTERING ORDER BY (message_id DESC, conversation_id ASC)",
        "CREATE TABLE IF NOT EXISTS " + ks + ".user_conversations (user_id text, conversation_id text, "
            + "message_id bigint, PRIMARY KEY (user_id, conversation_id))",
        "CREATE TABLE IF NOT EXISTS " + ks + ".usernames (username_lower text PRIMARY KEY, user_id text, "
            + "claimed_at bigint)",
        "CREATE TABLE IF NOT EXISTS " + ks + ".users (user_id text PRIMARY KEY, username text, display_name text, "
            + "bio text, password_hash text, created_at bigint)",
        "CREATE TABLE IF NOT EXISTS " + ks + ".sessions (user_id text, session_id text, created_at bigint, "
            + "expires_at bigint, PRIMARY KEY (user_id, session_id))",
        "CREATE TABLE IF NOT EXISTS " + ks + ".deleted_users (user_id text PRIMARY KEY, username_free_at bigint)",
        "CREATE TABLE IF NOT EXISTS " + ks + ".devices (user_id text, device_id text, platform text, "
            + "push_token text, updated_at bigint, PRIMARY KEY (user_id, device_id))",
        "CREATE TABLE IF NOT EXISTS " + ks + ".friends (user_id text, friend_id text, PRIMARY KEY (user_id, friend_id))",
        "CREATE TABLE IF NOT EXISTS " + ks + ".relations (low_id text, high_id text, friends boolean, requester text, "
            + "requested_at bigint, blockers list<text>, version bigint, PRIMARY KEY ((low_id, high_id)))",
        "CREATE TABLE IF NOT EXISTS " + ks + ".contacts (user_id text, other_id text, kind text, at bigint, "
            + "PRIMARY KEY (user_id, other_id))",
        "CREATE TABLE IF NOT EXISTS " + ks + ".groups (group_id text PRIMARY KEY, name text, owner_id text, "
            + "created_at bigint, members list<text>, version bigint)",
        "CREATE TABLE IF NOT EXISTS " + ks + ".user_groups (user_id text, group_id text, "
            + "PRIMARY KEY (user_id, group_id))",
        "CREATE TABLE IF NOT EXISTS " + ks + ".push_pending (user_id text, message_id bigint, device_id text, "
            + "platform text, push_token text, conversation_id text, sender_id text, preview text, created_at bigint, "
            + "recorded_by int, PRIMARY KEY (user_id, message_id, device_id))",
        "CREATE TABLE IF NOT EXISTS " + ks + ".push_settings (user_id text PRIMARY KEY, previews boolean)");
    Future<Void> done = Future.succeededFuture();
    for (String cql : statements) {
      done = done.compose(ignored -> apply(client, cql));
    }
    return done.compose(ignored -> addMissingColumn(client, ks, "messages", "kind", "text"))
        .onSuccess(ignored -> log.info("cassandra schema ready keyspace={}", ks));
  }

  /** A column added after the table first shipped: a keyspace made before lacks it, and ALTER has no IF NOT EXISTS. */
  private static Future<Void> addMissingColumn(CassandraClient client, String ks, String table, String column,
      String type) {
    SimpleStatement present = SimpleStatement.newInstance("SELECT column_name FROM system_schema.columns "
        + "WHERE keyspace_name = ? AND table_name = ? AND column_name = ?", ks, table, column);
    return client.executeWithFullFetch(present).compose(rows -> rows.isEmpty()
        ? apply(client, "ALTER TABLE " + ks + "." + table + " ADD " + column + " " + type)
        : Future.succeededFuture());
  }

  private static Future<Void> apply(CassandraClient client, String cql) {
    return client.execute(SimpleStatement.newInstance(cql).setTimeout(DDL_TIMEOUT)).compose(result ->
        result.getExecutionInfo().isSchemaInAgreement()
            ? Future.succeededFuture()
            : Future.failedFuture(new IllegalStateException("cassandra schema not in agreement after: " + cql)));
  }
}
