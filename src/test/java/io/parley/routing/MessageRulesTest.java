package io.parley.routing;

import io.parley.bus.ChatException;
import io.parley.bus.Failure;
import io.parley.bus.SendRequest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageRulesTest {
  private static final String ME = "0000000000000001";
  private static final String YOU = "0000000000000002";

  private static SendRequest toYou(String text) {
    return new SendRequest(ME, "phone", "c1", YOU, null, text);
  }

  @Test
  @DisplayName("99,999 code points pass, 100,000 do not, counting characters outside the BMP as one")
  void lengthInCodePoints() {
    String emoji = "\uD83D\uDE00";
    assertThat(MessageRules.check(toYou(emoji.repeat(99_999))).value()).isEqualTo("dm:" + ME + ":" + YOU);
    assertThat(MessageRules.check(toYou("a".repeat(99_999)))).isNotNull();
    assertThatThrownBy(() -> MessageRules.check(toYou("a".repeat(100_000))))
        .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.failure()).isEqualTo(Failure.TEXT_TOO_LONG));
    assertThatThrownBy(() -> MessageRules.check(toYou(emoji.repeat(100_000))))
        .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.failure()).isEqualTo(Failure.TEXT_TOO_LONG));
  }

  @Test
  @DisplayName("empty text, both or no target, sending to oneself and malformed ids are refused")
  void refusals() {
    assertFailure(toYou(""), Failure.INVALID);
    assertFailure(new SendRequest(ME, "phone", "c1", YOU, YOU, "hi"), Failure.INVALID);
    assertFailure(new SendRequest(ME, "phone", "c1", null, null, "hi"), Failure.INVALID);
    assertFailure(new SendRequest(ME, "phone", "c1", ME, null, "hi"), Failure.INVALID);
    assertFailure(new SendRequest(ME, "phone", "c1", "nobody", null, "hi"), Failure.INVALID);
    assertFailure(new SendRequest(ME, "phone", "c1", null, "8000000000000000", "hi"), Failure.INVALID);
    assertFailure(new SendRequest(ME, "phone", "", YOU, null, "hi"), Failure.INVALID);
    assertFailure(new SendRequest(ME, "phone", "x".repeat(65), YOU, null, "hi"), Failure.INVALID);
  }

  private static void assertFailure(SendRequest send, Failure expected) {
    assertThatThrownBy(() -> MessageRules.check(send))
        .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.failure()).isEqualTo(expected));
  }
}
