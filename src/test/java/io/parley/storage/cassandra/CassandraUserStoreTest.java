package io.parley.storage.cassandra;

import io.parley.bus.Failure;
import io.parley.storage.Await;
import io.parley.storage.UserRecord;
import io.parley.storage.UserStore;
import io.parley.storage.UserStoreContract;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract on the forked Cassandra, each test on emptied tables, the two nodes two sessions on one keyspace. */
class CassandraUserStoreTest extends UserStoreContract {
  private static final String KEYSPACE = "parley_user_store_test";

  @RegisterExtension
  static final CassandraServerExtension cassandra = new CassandraServerExtension();
  @RegisterExtension
  static final CassandraNodes nodes = new CassandraNodes(cassandra, KEYSPACE);

  @Override
  protected UserStore newStore(Vertx vertx) throws Exception {
    return nodes.emptied().users();
  }

  @Override
  protected UserStore otherNode(Vertx vertx, UserStore store) {
    return nodes.second().users();
  }

  /** What a sign-up leaves when its node dies between claiming the name and writing the user row. */
  private static void orphanedClaim(String name, long claimedAt) {
    cassandra.execute("INSERT INTO " + KEYSPACE + ".usernames (username_lower, user_id, claimed_at) VALUES ('"
        + name + "', '00000000000000aa', " + claimedAt + ")");
  }

  private static UserRecord user(String id, String username) {
    return new UserRecord(id, username, username, "", "hash", 1);
  }

  @Test
  @DisplayName("a name claimed by a sign-up that died before its user row is free again once the claim's lease ran "
      + "out, on any node")
  void orphanedNameIsTakenOverAfterItsLease(Vertx vertx) throws Exception {
    UserStore store = newStore(vertx);
    orphanedClaim("dora", System.currentTimeMillis() - 600_000);
    assertThat(Await.result(store.byUsername("dora"))).as("the orphan finds nobody").isNull();

    UserRecord dora = user("00000000000000bb", "Dora");
    assertThat(Await.result(otherNode(vertx, store).create(dora))).isEqualTo(dora);
    assertThat(Await.result(store.byUsername("DORA"))).isEqualTo(dora);
    assertThat(Await.failure(store.create(user("00000000000000cc", "dora")))).isEqualTo(Failure.USERNAME_TAKEN);
  }

  @Test
  @DisplayName("a name claimed moments ago with no user row yet stays taken: that sign-up may still be writing it")
  void freshClaimStaysTaken(Vertx vertx) throws Exception {
    UserStore store = newStore(vertx);
    orphanedClaim("eve", System.currentTimeMillis());

    assertThat(Await.failure(store.create(user("00000000000000bb", "Eve")))).isEqualTo(Failure.USERNAME_TAKEN);
  }
}
