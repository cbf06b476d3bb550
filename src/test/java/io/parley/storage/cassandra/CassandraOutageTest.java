package io.parley.storage.cassandra;

import io.parley.bus.Failure;
import io.parley.config.CassandraConfig;
import io.parley.model.ChatMessage;
import io.parley.storage.Appended;
import io.parley.storage.Await;
import io.parley.storage.InboxEntries;
import io.parley.storage.MessageStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Cassandra backend when Cassandra goes away while it runs: the forked server stays up for the rest of the run,
 * and a {@link CuttableProxy} between it and this backend's driver is cut and restored.
 */
@ExtendWith(VertxExtension.class)
class CassandraOutageTest {
  private static final String KEYSPACE = "parley_outage_test";
  /** The driver's reconnection pauses grow to 10 s; a bound on recovery, not a speed target. */
  private static final Duration RECOVERY = Duration.ofSeconds(60);

  @RegisterExtension
  static final CassandraServerExtension cassandra = new CassandraServerExtension();

  private CuttableProxy link;
  private CassandraStorage storage;

  static CassandraConfig through(CuttableProxy link, String keyspace) {
    return new CassandraConfig(List.of(link.address()), cassandra.datacenter(), keyspace, 1, "LOCAL_QUORUM",
        "LOCAL_SERIAL", 2_000);
  }

  @BeforeEach
  void open(Vertx vertx) throws Exception {
    link = CuttableProxy.start(vertx, cassandra.contactPoint());
    storage = Await.result(CassandraStorage.open(vertx, through(link, KEYSPACE)));
    cassandra.truncate(KEYSPACE);
  }

  @AfterEach
  void close() throws Exception {
    Await.result(storage.close());
    link.close();
  }

  @Test
  @DisplayName("cut off, appends and reads fail UNAVAILABLE and problem() says so; restored, both work again by "
      + "themselves and the inbox has no gap")
  void failsCleanlyAndRecovers() throws Exception {
    MessageStore messages = storage.messages();
    assertThat(Await.result(append(messages, 1)).seqs()).containsEntry("b", 1L);
    assertThat(storage.problem()).as("while connected").isNull();

    link.cut();
    assertThat(Await.failure(append(messages, 2))).isEqualTo(Failure.UNAVAILABLE);
    assertThat(Await.failure(messages.inbox("b", 0, 10))).isEqualTo(Failure.UNAVAILABLE);
    awaitTrue(() -> storage.problem() != null, "problem() reported while cut off");
    assertThat(storage.problem()).contains("cassandra unreachable");

    link.restore();
    awaitTrue(() -> storage.problem() == null, "problem() cleared once restored");
    long third = untilSucceeds(() -> append(messages, 3)).seqs().get("b");
    InboxEntries inbox = Await.result(messages.inbox("b", 0, 10));
    // the refused append may or may not have reached Cassandra before the cut; either way the numbering has no gap
    assertThat(inbox.entries()).extracting(InboxEntries.Entry::seq)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, third).boxed().toList());
    assertThat(inbox.entries().get(inbox.entries().size() - 1).message().id()).isEqualTo(3L);
  }

  private static Future<Appended> append(MessageStore messages, long id) {
    return messages.append(new ChatMessage(id, "dm:a:b", "a", "c" + id, "text " + id, id), List.of("a", "b"));
  }

  static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + RECOVERY.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("not yet after %s: %s", RECOVERY, what).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  static <T> T untilSucceeds(Supplier<Future<T>> call) throws Exception {
    long deadline = System.nanoTime() + RECOVERY.toNanos();
    while (true) {
      try {
        return Await.result(call.get());
      } catch (Exception notYet) {
        assertThat(System.nanoTime()).as("still failing after %s: %s", RECOVERY, notYet).isLessThan(deadline);
        Thread.sleep(100);
      }
    }
  }
}
