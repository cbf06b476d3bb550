package io.parley.storage.cassandra;

import io.parley.storage.SessionStoreContract;
import io.parley.storage.UserStore;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The session contract on the forked Cassandra, each test on emptied tables, two nodes two sessions on one keyspace. */
class CassandraSessionStoreTest extends SessionStoreContract {
  @RegisterExtension
  static final CassandraServerExtension cassandra = new CassandraServerExtension();
  @RegisterExtension
  static final CassandraNodes nodes = new CassandraNodes(cassandra, "parley_session_store_test");

  @Override
  protected UserStore newStore(Vertx vertx) throws Exception {
    return nodes.emptied().users();
  }

  @Override
  protected UserStore otherNode(Vertx vertx, UserStore store) {
    return nodes.second().users();
  }
}
