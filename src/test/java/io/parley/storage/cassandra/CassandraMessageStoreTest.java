package io.parley.storage.cassandra;

import io.parley.config.CassandraConfig;
import io.parley.storage.Await;
import io.parley.storage.MessageStore;
import io.parley.storage.MessageStoreContract;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

/**
 * The contract on the forked Cassandra, each test on emptied tables. The two "nodes" are two driver sessions on one
 * keyspace, opened once for the class on a Vert.x of its own (a session takes seconds to connect and close). Inbox
 * buckets of 7 entries make most tests cross bucket boundaries.
 */
class CassandraMessageStoreTest extends MessageStoreContract {
  private static final String KEYSPACE = "parley_message_store_test";
  private static final int INBOX_BUCKET_SIZE = 7;

  @RegisterExtension
  static final CassandraServerExtension cassandra = new CassandraServerExtension();

  private static Vertx nodes;
  private static CassandraStorage first;
  private static CassandraStorage second;

  @Override
  protected MessageStore newStore(Vertx vertx) throws Exception {
    if (first == null) {
      nodes = Vertx.vertx();
      first = open();
      second = open();
    }
    cassandra.truncate(KEYSPACE);
    return first.messages();
  }

  @Override
  protected MessageStore otherNode(Vertx vertx, MessageStore store) {
    return second.messages();
  }

  private static CassandraStorage open() throws Exception {
    CassandraConfig config = new CassandraConfig(List.of(cassandra.contactPoint()), cassandra.datacenter(), KEYSPACE,
        1, "LOCAL_QUORUM", "LOCAL_SERIAL", 10_000);
    return Await.result(CassandraStorage.open(nodes, config, INBOX_BUCKET_SIZE));
  }

  @AfterAll
  static void close() throws Exception {
    if (nodes != null) {
      Await.result(first.close());
      Await.result(second.close());
      Await.result(nodes.close());
    }
  }
}
