package io.parley.storage.cassandra;

import io.parley.bus.Failure;
import io.parley.config.CassandraConfig;
import io.parley.model.ChatMessage;
import io.parley.model.IdGenerator;
import io.parley.storage.Appended;
import io.parley.storage.Await;
import io.parley.storage.MessageStore;
import io.parley.storage.MessageStoreContract;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

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

  private static ChatMessage message(long id, String clientMessageId, String text) {
    return new ChatMessage(id, "dm:a:b", "a", clientMessageId, text, IdGenerator.timestampOf(id));
  }

  /** The claim a writer leaves when it dies right after claiming: message 500, claimed at {@code claimedAt}. */
  private static void claimLeftBehind(String clientMessageId, long claimedAt) {
    cassandra.execute("INSERT INTO " + KEYSPACE + ".client_ids (sender_id, client_message_id, conversation_id, "
        + "message_id, writer, claimed_at) VALUES ('a', '" + clientMessageId + "', 'dm:a:b', 500, uuid(), "
        + claimedAt + ")");
  }

  @Test
  @DisplayName("a claim whose writer died (its lease run out) is taken over by a resend, which completes the append "
      + "under the claimed id; a resend after that is a duplicate")
  void resendTakesOverAnExpiredClaim(Vertx vertx) throws Exception {
    MessageStore store = newStore(vertx);
    claimLeftBehind("lost", System.currentTimeMillis() - 600_000);

    Appended taken = Await.result(store.append(message(600, "lost", "hello"), List.of("a", "b")));
    assertThat(taken.message().id()).isEqualTo(500L);
    assertThat(taken.duplicate()).isFalse();
    assertThat(taken.seqs()).isEqualTo(Map.of("a", 1L, "b", 1L));
    Appended again = Await.result(otherNode(vertx, store).append(message(700, "lost", "hello"), List.of("a", "b")));
    assertThat(again.duplicate()).isTrue();
    assertThat(again.message()).isEqualTo(taken.message());
    assertThat(Await.result(store.history("dm:a:b", null, null, 10))).extracting(ChatMessage::id).containsExactly(500L);
    assertThat(Await.result(store.inbox("b", 0, 10)).entries()).extracting(entry -> entry.message().id())
        .containsExactly(500L);
  }

  @Test
  @DisplayName("a resend waits for a claim still in its lease, and answers with it once its writer completes it")
  void resendWaitsForALiveClaim(Vertx vertx) throws Exception {
    MessageStore store = newStore(vertx);
    claimLeftBehind("slow", System.currentTimeMillis());

    Future<Appended> resend = store.append(message(600, "slow", "hello"), List.of("a", "b"));
    Thread.sleep(300);
    assertThat(resend.isComplete()).as("still waiting for the first writer").isFalse();
    // the first writer finishes: its message, then its sender sequence in the claim
    cassandra.execute("INSERT INTO " + KEYSPACE + ".messages (conversation_id, bucket, message_id, sender_id, "
        + "client_message_id, text, timestamp) VALUES ('dm:a:b', " + MessageTable.bucket(500) + ", 500, 'a', "
        + "'slow', 'hello', " + IdGenerator.timestampOf(500) + ")");
    cassandra.execute("UPDATE " + KEYSPACE + ".client_ids SET sender_seq = 0 WHERE sender_id = 'a' "
        + "AND client_message_id = 'slow'");

    Appended answered = Await.result(resend);
    assertThat(answered.duplicate()).isTrue();
    assertThat(answered.message().id()).isEqualTo(500L);
    assertThat(Await.result(store.inbox("b", 0, 10)).entries()).as("the resend wrote no entry").isEmpty();
  }

  @Test
  @DisplayName("a writer whose append fails after claiming gives the claim up, so the resend finishes it at once")
  void failedWriterGivesItsClaimUp(Vertx vertx) throws Exception {
    MessageStore store = newStore(vertx);
    // more than Cassandra takes in one mutation (half a commit log segment, 4 MiB here): the message write fails
    String tooBig = "x".repeat(5 * 1024 * 1024);
    assertThat(Await.failure(store.append(message(500, "big", tooBig), List.of("a", "b"))))
        .isEqualTo(Failure.UNAVAILABLE);
    assertThat(cassandra.select("SELECT claimed_at FROM " + KEYSPACE + ".client_ids WHERE sender_id = 'a' AND "
        + "client_message_id = 'big'")).extracting(row -> row.getLong("claimed_at")).as("lease given up")
        .containsExactly(0L);

    Appended resent = Await.result(otherNode(vertx, store).append(message(600, "big", "smaller"), List.of("a", "b")));
    assertThat(resent.message().id()).as("under the first writer's id").isEqualTo(500L);
    assertThat(resent.duplicate()).isFalse();
    assertThat(Await.result(store.inbox("b", 0, 10)).entries()).extracting(entry -> entry.message().text())
        .containsExactly("smaller");
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
