package io.parley.storage.cassandra;

import io.parley.storage.SocialStore;
import io.parley.storage.SocialStoreContract;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract on the forked Cassandra, each test on emptied tables, the two nodes two sessions on one keyspace. */
class CassandraSocialStoreTest extends SocialStoreContract {
  @RegisterExtension
  static final CassandraServerExtension cassandra = new CassandraServerExtension();
  @RegisterExtension
  static final CassandraNodes nodes = new CassandraNodes(cassandra, "parley_social_store_test");

  @Override
  protected SocialStore newStore(Vertx vertx) throws Exception {
    return nodes.emptied().social();
  }

  @Override
  protected SocialStore otherNode(Vertx vertx, SocialStore store) {
    return nodes.second().social();
  }
}
