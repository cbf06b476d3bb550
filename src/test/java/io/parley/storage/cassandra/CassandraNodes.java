package io.parley.storage.cassandra;

import io.parley.config.CassandraConfig;
import io.parley.storage.Await;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;

/**
 * Two "nodes" of a cluster for a store contract: two driver sessions on one keyspace of the forked Cassandra, opened
 * on first use for the whole class on a Vert.x of their own (a session takes seconds to connect and close), and
 * closed after it. Register it as a static {@code @RegisterExtension} field after the {@link CassandraServerExtension}.
 */
final class CassandraNodes implements AfterAllCallback {
  private static final long OPEN_SECONDS = 180;

  private final CassandraServerExtension cassandra;
  private final String keyspace;
  private Vertx vertx;
  private CassandraStorage first;
  private CassandraStorage second;

  CassandraNodes(CassandraServerExtension cassandra, String keyspace) {
    this.cassandra = cassandra;
    this.keyspace = keyspace;
  }

  /** The first node, on emptied tables. */
  CassandraStorage emptied() throws Exception {
    if (first == null) {
      vertx = Vertx.vertx();
      first = open();
      second = open();
    }
    cassandra.truncate(keyspace);
    return first;
  }

  /** The second node, on the same keyspace as {@link #emptied}. */
  CassandraStorage second() {
    return second;
  }

  private CassandraStorage open() throws Exception {
    CassandraConfig config = new CassandraConfig(List.of(cassandra.contactPoint()), cassandra.datacenter(), keyspace,
        1, "LOCAL_QUORUM", "LOCAL_SERIAL", 10_000);
    // the first open creates the schema table by table, each awaiting agreement: past 60 s on a loaded machine
    return Await.result(CassandraStorage.open(vertx, config), OPEN_SECONDS);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (vertx != null) {
      Await.result(first.close());
      Await.result(second.close());
      Await.result(vertx.close());
    }
  }
}
