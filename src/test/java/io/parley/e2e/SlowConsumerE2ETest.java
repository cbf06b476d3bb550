package io.parley.e2e;

import io.parley.e2e.support.DeviceInbox;
import io.parley.e2e.support.Frames;
import io.parley.e2e.support.Injected;
import io.parley.e2e.support.RawWebSocket;
import io.parley.e2e.support.Scrape;
import io.parley.e2e.support.TestServer;
import io.parley.e2e.support.TestUser;
import io.parley.e2e.support.Texts;
import io.parley.e2e.support.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Slow consumers: a client that stops reading is disconnected, and its messages wait in its inbox")
class SlowConsumerE2ETest {
  private static final int MESSAGES = 300;
  private static final int TEXT_CHARS = 40_000;

  /** The server's close code, counted as it sends the close frame, which a client that stopped reading may never see. */
  private static final String SLOW_CLOSES = "parley_ws_server_closes_total{code=\"4001\"}";

  @RegisterExtension
  static final TestServer server = TestServer.withConfig(config -> config
      .set("gateway.writeQueueMaxBytes", 65_536)
      .set("metrics.enabled", true));

  @Injected private TestUser alice;
  @Injected private TestUser bob;

  @Test
  @DisplayName("12 MB sent to a socket that never reads: the server drops it instead of buffering, and sync returns all")
  void stuckClientIsDisconnected(Vertx vertx) throws Exception {
    WsClient sender = server.device(vertx, alice, "phone");

    Scrape before = scrape(vertx);
    List<String> sent;
    RawWebSocket.Drained leftovers;
    try (RawWebSocket stuck = RawWebSocket.open(server.port(), "/v1/ws?deviceId=stuck", bob.token())) {
      sent = sendInWindows(sender, bob);
      leftovers = stuck.drain(5000);
    }

    assertThat(leftovers.ending()).as("how the stuck socket ended: %s", leftovers).doesNotStartWith("still open");
    assertThat(leftovers.textFrames()).as("frames delivered before the drop").isLessThan(MESSAGES);
    Scrape after = scrape(vertx);
    assertThat(after.value(SLOW_CLOSES) - (before.has(SLOW_CLOSES) ? before.value(SLOW_CLOSES) : 0))
        .as("connections closed as too slow").isEqualTo(1);

    // one 40 KB message per page stays under this node's 64 KiB write queue, so a fast reader is never dropped
    DeviceInbox fresh = new DeviceInbox(server.device(vertx, bob, "stuck"), 1).catchUp();
    assertThat(fresh.cursor()).isEqualTo(MESSAGES);
    assertThat(fresh.messages()).extracting(m -> m.getString("messageId")).containsExactlyInAnyOrderElementsOf(sent);
  }

  private static Scrape scrape(Vertx vertx) {
    return Scrape.of(server.metricsApi(vertx).get("/metrics", null));
  }

  /** Large messages, twenty in flight at a time, all acked. */
  private static List<String> sendInWindows(WsClient sender, TestUser recipient) {
    List<String> ids = new ArrayList<>();
    String text = Texts.ascii(TEXT_CHARS);
    for (int start = 0; start < MESSAGES; start += 20) {
      List<CompletableFuture<JsonObject>> window = IntStream.range(start, Math.min(MESSAGES, start + 20))
          .mapToObj(i -> sender.requestAsync(Frames.textTo(recipient, i + text))).toList();
      window.forEach(ack -> ids.add(sender.ackOf(ack.join())));
    }
    return ids;
  }
}
