package io.parley.storage.cassandra;

import io.parley.storage.UserStore;
import io.parley.storage.UserStoreContract;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract on the forked Cassandra, each test on emptied tables, the two nodes two sessions on one keyspace. */
class CassandraUserStoreTest extends UserStoreContract {
  @RegisterExtension
  static final CassandraServerExtension cassandra = new CassandraServerExtension();
  @RegisterExtension
  static final CassandraNodes nodes = new CassandraNodes(cassandra, "parley_user_store_test");

  @Override
  protected UserStore newStore(Vertx vertx) throws Exception {
    return nodes.emptied().users();
  }

  @Override
  protected UserStore otherNode(Vertx vertx, UserStore store) {
    return nodes.second().users();
  }
}
