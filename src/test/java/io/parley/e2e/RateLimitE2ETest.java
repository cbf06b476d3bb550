package io.parley.e2e;

import io.parley.e2e.support.ApiClient;
import io.parley.e2e.support.Conversations;
import io.parley.e2e.support.Frames;
import io.parley.e2e.support.Injected;
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

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Rate limits: frames per connection")
class RateLimitE2ETest {
  private static final int RATE = 2;
  private static final int BURST = 4;
  private static final int OPCODE_TEXT = 0x1;

  @RegisterExtension
  static final TestServer server = TestServer.withConfig(config -> config
      .set("gateway.messagesPerSecond", RATE)
      .set("gateway.messageBurst", BURST));

  @Injected private Vertx vertx;
  @Injected private ApiClient api;
  @Injected private TestUser alice;
  @Injected private TestUser bob;

  @Test
  @DisplayName("a flood past the burst read at once: one RATE_LIMITED with retryAfter, the rest dropped, and it recovers")
  void floodIsRateLimited() throws Exception {
    try (RawWebSocket phone = RawWebSocket.open(server.port(), "/v1/ws?deviceId=phone", alice.token())) {
      phone.nextFrame();
      phone.sendFrames(OPCODE_TEXT, IntStream.range(0, 12)
          .mapToObj(i -> bytes(Frames.textTo(bob, "f" + i).put("ref", "r" + i))).toList());
      List<JsonObject> answers = answersUntil(phone, "RATE_LIMITED");
      JsonObject refusal = answers.get(answers.size() - 1);
      assertThat(refusal.getLong("retryAfter")).isPositive().isLessThanOrEqualTo(1000L / RATE);
      assertThat(refusal.getString("clientMessageId")).isNotBlank();

      Thread.sleep(refusal.getLong("retryAfter") + 100);
      phone.sendFrame(OPCODE_TEXT, bytes(Frames.textTo(bob, "after waiting").put("ref", "after")));
      // the acks of the burst come from storage, so they may follow the refusal; all come before this last one
      answers.addAll(answersUntil(phone, "after"));
      assertThat(answers).extracting(answer -> answer.getString("type") + " " + answer.getString("ref"))
          .as("answers: the burst acked, one refusal, the rest dropped unanswered, then the one after waiting")
          .containsExactlyInAnyOrderElementsOf(Stream.concat(IntStream.range(0, BURST).mapToObj(i -> "ack r" + i),
              Stream.of("error r" + BURST, "ack after")).toList());
    }
    assertThat(api.history(alice, Conversations.direct(alice, bob), "").expect(200).getJsonArray("messages"))
        .as("stored: the burst and the one after waiting").hasSize(BURST + 1);
  }

  @Test
  @DisplayName("malformed frames spend the budget too, so they cannot flood the server with answers")
  void malformedFramesAreCounted() throws Exception {
    try (RawWebSocket phone = RawWebSocket.open(server.port(), "/v1/ws?deviceId=phone", alice.token())) {
      phone.nextFrame();
      phone.sendFrames(OPCODE_TEXT, IntStream.range(0, 3 * BURST)
          .mapToObj(i -> ("not json " + i).getBytes(StandardCharsets.UTF_8)).toList());
      List<JsonObject> answers = answersUntil(phone, "RATE_LIMITED");
      assertThat(answers).extracting(answer -> answer.getString("code"))
          .containsExactly(Stream.concat(Stream.generate(() -> "INVALID_JSON").limit(BURST), Stream.of("RATE_LIMITED"))
              .toArray(String[]::new));
    }
  }

  @Test
  @DisplayName("heartbeats are not counted, and each connection has its own budget")
  void heartbeatsAndOtherConnectionsUnaffected() {
    WsClient phone = server.device(vertx, alice, "phone");
    IntStream.range(0, 3 * BURST).forEach(i -> phone.heartbeat());
    assertThat(flood(phone, BURST)).allSatisfy(answer -> assertThat(answer.getString("type")).isEqualTo("ack"));

    firstRefusal(IntStream.range(0, 3 * BURST).mapToObj(i -> phone.requestAsync(Frames.textTo(bob, "over " + i)))
        .toList());
    WsClient laptop = server.device(vertx, alice, "laptop");
    assertThat(flood(laptop, BURST)).allSatisfy(answer -> assertThat(answer.getString("type")).isEqualTo("ack"));
  }

  /** {@code count} sends all in flight at once, within the budget; their answers in send order. */
  private List<JsonObject> flood(WsClient device, int count) {
    List<CompletableFuture<JsonObject>> answers = IntStream.range(0, count)
        .mapToObj(i -> device.requestAsync(Frames.textTo(bob, "flood " + i))).toList();
    return answers.stream().map(CompletableFuture::join).toList();
  }

  /** The RATE_LIMITED answer among {@code answers}, awaited; the frames dropped after it are never answered. */
  private static JsonObject firstRefusal(List<CompletableFuture<JsonObject>> answers) {
    JsonObject refusal = CompletableFuture.anyOf(answers.stream().map(answer -> answer.thenCompose(frame ->
            "error".equals(frame.getString("type")) ? CompletableFuture.completedFuture(frame)
                : new CompletableFuture<JsonObject>())).toArray(CompletableFuture[]::new))
        .thenApply(JsonObject.class::cast).orTimeout(WsClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    assertThat(refusal.getString("code")).isEqualTo("RATE_LIMITED");
    return refusal;
  }

  /** Answers and errors (not message frames) read until one whose ref or error code is {@code last}. */
  private static List<JsonObject> answersUntil(RawWebSocket socket, String last) throws Exception {
    List<JsonObject> answers = new ArrayList<>();
    while (answers.isEmpty() || !(last.equals(answers.get(answers.size() - 1).getString("ref"))
        || last.equals(answers.get(answers.size() - 1).getString("code")))) {
      JsonObject frame = new JsonObject(socket.nextFrame().text());
      // messages and the presence snapshot after welcome are not answers to the burst
      if (Set.of("ack", "error").contains(frame.getString("type"))) {
        answers.add(frame);
      }
    }
    return answers;
  }

  private static byte[] bytes(JsonObject frame) {
    return frame.encode().getBytes(StandardCharsets.UTF_8);
  }
}
