package io.parley.storage.cassandra;

import io.parley.bus.Failure;
import io.parley.storage.Relation;
import io.parley.storage.RelationRules;
import io.parley.storage.SocialStore;
import io.parley.storage.SocialStoreContract;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static io.parley.storage.Await.failure;
import static io.parley.storage.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/** The contract on the forked Cassandra, each test on emptied tables, the two nodes two sessions on one keyspace. */
class CassandraSocialStoreTest extends SocialStoreContract {
  private static final String KEYSPACE = "parley_social_store_test";
  @RegisterExtension
  static final CassandraServerExtension cassandra = new CassandraServerExtension();
  @RegisterExtension
  static final CassandraNodes nodes = new CassandraNodes(cassandra, KEYSPACE);

  @Override
  protected SocialStore newStore(Vertx vertx) throws Exception {
    return nodes.emptied().social();
  }

  @Override
  protected SocialStore otherNode(Vertx vertx, SocialStore store) {
    return nodes.second().social();
  }

  @Test
  @DisplayName("a friendship written before requests existed (friends rows, no relation) reads as one and ends cleanly")
  void legacyFriendship() throws Exception {
    for (String row : List.of("('a', 'b')", "('b', 'a')")) {
      cassandra.execute("INSERT INTO " + KEYSPACE + ".friends (user_id, friend_id) VALUES " + row);
    }
    assertThat(result(store.friends("a"))).containsExactly("b");
    assertThat(result(otherNode.relation("b", "a")).friends()).isTrue();
    long now = System.currentTimeMillis();
    assertThat(failure(store.changeRelation("a", "b", now, RelationRules.request("a", "b", now))))
        .isEqualTo(Failure.ALREADY_FRIENDS);

    result(store.changeRelation("b", "a", now, RelationRules.unfriend()));
    assertThat(result(store.friends("a"))).isEmpty();
    assertThat(result(otherNode.friends("b"))).isEmpty();
    assertThat(result(store.relation("a", "b"))).isEqualTo(Relation.NONE);
  }
}
