package io.parley.e2e;

import io.parley.e2e.support.Names;
import io.parley.e2e.support.Injected;
import io.parley.e2e.support.TestServer;
import io.parley.e2e.support.TestUser;
import io.parley.e2e.support.Texts;
import io.parley.e2e.support.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that escapes every non-ASCII character (Python's default {@code json.dumps}) writes a code point above
 * U+FFFF as a surrogate pair, {@code \ud83d\ude00}: 12 bytes. The frame limit must admit the longest legal text
 * written that way.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("WebSocket: the longest legal text with every character escaped fits in a frame")
class EscapedFrameLimitE2ETest {
  @RegisterExtension
  static final TestServer server = TestServer.shared();

  private static final String ESCAPED_EMOJI = "\\ud83d\\ude00";

  @Injected private Vertx vertx;
  @Injected private TestUser aliceUser;
  @Injected private TestUser bob;
  private WsClient alice;
  private WsClient bobPhone;

  @BeforeEach
  void devices() {
    alice = server.device(vertx, aliceUser, "phone");
    bobPhone = server.device(vertx, bob, "phone");
  }

  @Test
  @DisplayName("99,999 emoji written as \\ud83d\\ude00 (a 1.2 MB frame) are acked and delivered intact")
  void longestTextFullyEscaped() {
    String frame = escapedSend("big", Texts.MAX_CODE_POINTS);
    assertThat(frame.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(Texts.MAX_CODE_POINTS * 12);

    JsonObject ack = answerTo(frame, "big");
    assertThat(ack.getString("type")).as("answer %s", ack.getString("code")).isEqualTo("ack");
    String delivered = bobPhone.nextMessage(ack.getString("messageId")).getJsonObject("message").getString("text");
    assertThat(delivered).isEqualTo(Texts.emoji(Texts.MAX_CODE_POINTS));
  }

  @Test
  @DisplayName("100,000 emoji written the same way reach the server and are refused TEXT_TOO_LONG")
  void oneCodePointMoreIsTooLong() {
    JsonObject error = answerTo(escapedSend("long", Texts.MAX_CODE_POINTS + 1), "long");
    assertThat(error.getString("type")).isEqualTo("error");
    assertThat(error.getString("code")).isEqualTo("TEXT_TOO_LONG");
    assertThat(alice.isClosed()).isFalse();
  }

  /** A send frame of {@code emoji} U+1F600, built by hand because no JSON encoder here escapes that way. */
  private String escapedSend(String ref, int emoji) {
    return "{\"type\":\"send\",\"ref\":\"" + ref + "\",\"clientMessageId\":\"" + Names.clientMessageId()
        + "\",\"toUser\":\"" + bob.userId() + "\",\"text\":\"" + ESCAPED_EMOJI.repeat(emoji) + "\"}";
  }

  private JsonObject answerTo(String frame, String ref) {
    alice.sendRaw(frame);
    return alice.poll(answer -> ref.equals(answer.getString("ref")), WsClient.TIMEOUT).orElseThrow(() ->
        new AssertionError("no answer to " + ref + (alice.isClosed() ? "; closed with " + alice.awaitClose(
            WsClient.TIMEOUT) : "")));
  }
}
