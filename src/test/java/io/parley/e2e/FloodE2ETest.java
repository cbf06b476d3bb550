package io.parley.e2e;

import io.parley.e2e.support.ApiClient;
import io.parley.e2e.support.Frames;
import io.parley.e2e.support.RawWebSocket;
import io.parley.e2e.support.TestServer;
import io.parley.e2e.support.TestUser;
import io.parley.e2e.support.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Rate limits: a flooding connection is answered once per streak, not read meanwhile, then closed")
class FloodE2ETest {
  private static final int RATE = 20;
  private static final int CLOSE_SECONDS = 2;
  private static final int OPCODE_TEXT = 0x1;
  private static final int OPCODE_CLOSE = 0x8;

  @RegisterExtension
  static final TestServer server = TestServer.withConfig(config -> config
      .set("gateway.messagesPerSecond", RATE)
      .set("gateway.messageBurst", RATE)
      .set("gateway.rateLimitCloseSeconds", CLOSE_SECONDS));

  @Test
  @DisplayName("the flooder gets far fewer RATE_LIMITED than it sent and is closed with 4008; a client at its rate is untouched")
  void flooderClosedSteadyClientServed(Vertx vertx) throws Exception {
    ApiClient api = server.api(vertx);
    TestUser flooder = api.newUser("flooder");
    TestUser steady = api.newUser("steady");
    TestUser bob = api.newUser("bob");
    WsClient steadyPhone = server.device(vertx, steady, "phone");
    AtomicBoolean flooding = new AtomicBoolean(true);
    CompletableFuture<Integer> steadyAcks = CompletableFuture.supplyAsync(() -> sendAtHalfRate(steadyPhone, bob,
        flooding));

    try (RawWebSocket raw = RawWebSocket.open(server.port(), "/v1/ws?deviceId=flood", flooder.token())) {
      assertThat(raw.nextFrame().text()).contains("\"welcome\"");
      AtomicInteger sent = new AtomicInteger();
      byte[] frame = Frames.textTo(bob, "x", "f").encode().getBytes(StandardCharsets.UTF_8);
      Thread writer = new Thread(() -> flood(raw, frame, sent), "flooder");
      writer.start();
      int rateLimited = 0;
      Integer closeCode = null;
      for (RawWebSocket.Frame received = raw.nextFrame(); ; received = raw.nextFrame()) {
        if (received.opcode() == OPCODE_CLOSE) {
          closeCode = received.closeCode();
          break;
        }
        if (received.opcode() == OPCODE_TEXT && received.text().contains("\"RATE_LIMITED\"")) {
          rateLimited++;
        }
      }
      flooding.set(false);
      writer.join(10_000);

      assertThat(closeCode).as("close code of the flooder").isEqualTo(4008);
      assertThat(sent.get()).as("frames the flooder sent").isGreaterThan(500);
      assertThat(rateLimited).as("RATE_LIMITED answers, of %d frames sent", sent.get())
          .isPositive().isLessThan(sent.get() / 10);
    }
    assertThat(steadyAcks.get()).as("acks of the steady client, every frame answered").isPositive();
    assertThat(steadyPhone.isClosed()).isFalse();
  }

  /** Writes the frame until the server closes; blocking writes are the TCP backpressure the server applies. */
  private static void flood(RawWebSocket raw, byte[] frame, AtomicInteger sent) {
    try {
      while (true) {
        raw.sendFrame(OPCODE_TEXT, frame);
        sent.incrementAndGet();
      }
    } catch (IOException closed) {
      // the server closed the connection: the flood is over
    }
  }

  /** One send every 100 ms, half the rate, while the flood lasts; each must be acked. Returns the number acked. */
  private static int sendAtHalfRate(WsClient phone, TestUser to, AtomicBoolean flooding) {
    int acked = 0;
    while (flooding.get()) {
      JsonObject answer = phone.request(Frames.textTo(to, "steady " + acked));
      assertThat(answer.getString("type")).as("answer to the steady client: %s", answer).isEqualTo("ack");
      acked++;
      try {
        Thread.sleep(1000 / RATE * 2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return acked;
  }
}
