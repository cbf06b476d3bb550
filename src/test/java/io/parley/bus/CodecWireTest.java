package io.parley.bus;

import io.parley.model.ChatMessage;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every bus record sent from one clustered node to a consumer on another, which answers with what it received: both
 * legs cross the cluster wire (encodeToWire on one node, decodeFromWire on the other) and decode to an equal record.
 * Local delivery skips the wire and passes the instance itself.
 */
class CodecWireTest {
  private static final String ADDRESS = "test.codec.echo";
  private static final long WAIT_SECONDS = 10;
  private static final ChatMessage MESSAGE = new ChatMessage(42L, "dm:0000000000000001:0000000000000002",
      "0000000000000001", "c1", "hé \uD83D\uDE00 \"quoted\"", 1_750_000_000_000L);
  private static final List<Object> RECORDS = List.of(
      new SendRequest("0000000000000001", "phone", "c1", null, "0000000000000003", "hi"),
      new SendAck(MESSAGE, 7, true),
      new AppendRequest(MESSAGE, List.of("0000000000000001", "0000000000000002")),
      new AppendResult(MESSAGE, Map.of("0000000000000001", 3L), false),
      new InboxQuery("0000000000000001", 12, 100),
      new InboxPage(List.of(new InboxPage.Entry(13, MESSAGE)), 20),
      new UserEvent(5, "{\"type\":\"message\"}"),
      SessionSignal.revoked("0000000000000009"),
      SessionSignal.accountDeleted(),
      SessionSignal.deviceConnected("phone", -7_300_000_000_000_000_000L, 1_750_000_000_000L));

  private static final LinkedBlockingQueue<Object> RECEIVED = new LinkedBlockingQueue<>();
  private static LoopbackCluster cluster;

  @BeforeAll
  static void startTwoNodes() throws Exception {
    cluster = LoopbackCluster.start(2);
    MessageConsumer<Object> echo = cluster.node(1).eventBus().consumer(ADDRESS, CodecWireTest::echo);
    echo.completion().await(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @DisplayName("every bus record crosses from one clustered node to the other and back equal, and stays itself locally")
  void wireRoundTrip() throws Exception {
    for (Object record : RECORDS) {
      Object answer = requestAcross(record);
      Object arrived = RECEIVED.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      assertThat(arrived).as("%s on the other node", record.getClass().getSimpleName())
          .isEqualTo(record).isNotSameAs(record);
      assertThat(answer).as("%s back on the sending node", record.getClass().getSimpleName())
          .isEqualTo(record).isNotSameAs(record);
      assertThat(localCopy(cluster.node(0), record)).isSameAs(record);
    }
  }

  private static void echo(Message<Object> message) {
    RECEIVED.add(message.body());
    message.reply(message.body());
  }

  /**
   * Sends from node 0 to node 1's consumer. The consumer's registration reaches node 0 a moment after it completes
   * on node 1, so NO_HANDLERS is retried until the deadline.
   */
  private static Object requestAcross(Object record) throws Exception {
    long deadline = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(WAIT_SECONDS);
    while (true) {
      try {
        return cluster.node(0).eventBus().request(ADDRESS, record).map(Message::body)
            .await(WAIT_SECONDS, TimeUnit.SECONDS);
      } catch (ReplyException e) {
        if (e.failureType() != ReplyFailure.NO_HANDLERS || System.currentTimeMillis() > deadline) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }

  /** What a consumer on the same node receives: the codec's transform of the sent instance. */
  private static Object localCopy(Vertx node, Object record) throws Exception {
    String address = "test.codec.local." + record.getClass().getSimpleName();
    LinkedBlockingQueue<Object> seen = new LinkedBlockingQueue<>();
    MessageConsumer<Object> local = node.eventBus().localConsumer(address, message -> {
      seen.add(message.body());
      message.reply("ok");
    });
    try {
      local.completion().await(WAIT_SECONDS, TimeUnit.SECONDS);
      node.eventBus().request(address, record).await(WAIT_SECONDS, TimeUnit.SECONDS);
      return seen.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    } finally {
      local.unregister().await(WAIT_SECONDS, TimeUnit.SECONDS);
    }
  }
}
