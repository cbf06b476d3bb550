package io.parley.e2e;

import io.parley.e2e.support.Frames;
import io.parley.e2e.support.Injected;
import io.parley.e2e.support.RawWebSocket;
import io.parley.e2e.support.TestServer;
import io.parley.e2e.support.TestUser;
import io.parley.e2e.support.Texts;
import io.parley.e2e.support.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.IntFunction;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("WebSocket: the text limit counts code points, and the frame limit admits the largest legal message")
class TextLimitsE2ETest {
  @RegisterExtension
  static final TestServer server = TestServer.shared();

  /** The default {@code gateway.maxFrameBytes}: 1.25 MiB. */
  private static final int FRAME_LIMIT = 1_310_720;

  @Injected private Vertx vertx;
  @Injected private TestUser aliceUser;
  @Injected private TestUser bob;
  @Injected private TestUser carol;
  private WsClient alice;
  private WsClient bobPhone;

  static Stream<Named<IntFunction<String>>> alphabets() {
    return Stream.of(
        Named.of("ASCII", Texts::ascii),
        Named.of("4-byte emoji", Texts::emoji),
        Named.of("control characters JSON-escaped to 6 bytes", Texts::needingEscape));
  }

  @BeforeEach
  void phones() {
    alice = server.device(vertx, aliceUser, "phone");
    bobPhone = server.device(vertx, bob, "phone");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("alphabets")
  @DisplayName("a text of exactly 99,999 code points is accepted and delivered intact")
  void longestLegalText(IntFunction<String> alphabet) {
    String text = alphabet.apply(Texts.MAX_CODE_POINTS);
    JsonObject ack = alice.ack(Frames.textTo(bob, text));
    String delivered = bobPhone.nextMessage(ack.getString("messageId")).getJsonObject("message").getString("text");
    assertThat(delivered.codePointCount(0, delivered.length())).isEqualTo(Texts.MAX_CODE_POINTS);
    assertThat(delivered).isEqualTo(text);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("alphabets")
  @DisplayName("a text of 100,000 code points is TEXT_TOO_LONG and the connection stays usable")
  void textTooLong(IntFunction<String> alphabet) {
    JsonObject send = Frames.textTo(bob, alphabet.apply(Texts.MAX_CODE_POINTS + 1));
    JsonObject error = alice.expectError(send, "TEXT_TOO_LONG");
    assertThat(error.getString("clientMessageId")).isEqualTo(send.getString("clientMessageId"));
    alice.ack(Frames.textTo(bob, "after the long one"));
    bobPhone.expectNone(frame -> frame.encode().length() > 100_000, Duration.ofMillis(200));
  }

  @Test
  @DisplayName("99,999 control characters escaped to 6 bytes each (about 600 KB) are well under the frame limit")
  void largestLegalFrameSize() {
    int bytes = Frames.textTo(bob, Texts.needingEscape(Texts.MAX_CODE_POINTS)).encode()
        .getBytes(StandardCharsets.UTF_8).length;
    assertThat(bytes).isBetween(590_000, FRAME_LIMIT);
  }

  @Test
  @DisplayName("a frame announcing more than the frame limit (1.25 MiB) is refused from its header with 1009")
  void frameTooBig() throws Exception {
    try (RawWebSocket raw = RawWebSocket.open(server.port(), "/v1/ws?deviceId=raw", aliceUser.token())) {
      raw.announceTextFrame(FRAME_LIMIT + 1024, "{\"type\":\"send\"".getBytes(StandardCharsets.UTF_8));
      assertThat(raw.drain(10_000).closeCode()).isEqualTo(1009);
    }
    assertOthersUnaffected();
  }

  @Test
  @DisplayName("a client still sending a frame over the limit is disconnected (1009, or a reset that overtakes it)")
  void frameTooBigWhileSending() {
    alice.sendFrame(WebSocketFrame.textFrame(sendFrameOfBytes(FRAME_LIMIT + 1024), true));
    assertThat(alice.awaitClose(Duration.ofSeconds(10))).isIn((short) 1009, (short) 1006);
    assertOthersUnaffected();
  }

  @Test
  @DisplayName("a fragmented message over the frame limit in total closes the connection with 1009")
  void fragmentedMessageTooBig() {
    String json = sendFrameOfBytes(FRAME_LIMIT + 1024);
    int third = json.length() / 3;
    alice.sendFrame(WebSocketFrame.textFrame(json.substring(0, third), false));
    alice.sendFrame(WebSocketFrame.continuationFrame(Buffer.buffer(json.substring(third, 2 * third)), false));
    alice.sendFrame(WebSocketFrame.continuationFrame(Buffer.buffer(json.substring(2 * third)), true));
    assertThat(alice.awaitClose(Duration.ofSeconds(10))).isEqualTo((short) 1009);
    assertOthersUnaffected();
  }

  private void assertOthersUnaffected() {
    assertThat(bobPhone.isClosed()).isFalse();
    JsonObject ack = bobPhone.ack(Frames.textTo(carol, "unaffected"));
    bobPhone.nextMessage(ack.getString("messageId"));
  }

  /** A well-formed send frame of {@code bytes} bytes, so only its size is wrong. */
  private String sendFrameOfBytes(int bytes) {
    String envelope = Frames.textTo(bob, "").encode();
    return Frames.textTo(bob, Texts.ascii(bytes - envelope.length())).encode();
  }
}
