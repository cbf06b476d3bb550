package io.parley.storage.cassandra;

import io.parley.storage.PushStore;
import io.parley.storage.PushStoreContract;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract on the forked Cassandra, each test on emptied tables. */
class CassandraPushStoreTest extends PushStoreContract {
  @RegisterExtension
  static final CassandraServerExtension cassandra = new CassandraServerExtension();
  @RegisterExtension
  static final CassandraNodes nodes = new CassandraNodes(cassandra, "parley_push_store_test");

  @Override
  protected PushStore newStore(Vertx vertx) throws Exception {
    return nodes.emptied().push();
  }
}
