package io.parley.model;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConversationIdTest {
  private static final String LOW = "0000000000000001";
  private static final String HIGH = "0000000000000002";

  @Test
  @DisplayName("both users of a direct conversation compute the same id")
  void directIsSymmetric() {
    assertThat(ConversationId.direct(HIGH, LOW)).isEqualTo(ConversationId.direct(LOW, HIGH));
    assertThat(ConversationId.direct(HIGH, LOW).value()).isEqualTo("dm:" + LOW + ":" + HIGH);
    assertThat(ConversationId.direct(LOW, HIGH).peerOf(HIGH)).isEqualTo(LOW);
    assertThat(ConversationId.direct(LOW, HIGH).peerOf("0000000000000003")).isNull();
  }

  @Test
  @DisplayName("parse accepts exactly the documented forms")
  void parse() {
    assertThat(ConversationId.parse("group:" + LOW)).isEqualTo(ConversationId.group(LOW));
    assertThat(ConversationId.parse("dm:" + LOW + ":" + HIGH)).isEqualTo(ConversationId.direct(LOW, HIGH));
    assertThat(ConversationId.parse("dm:" + HIGH + ":" + LOW)).isNull();
    assertThat(ConversationId.parse("dm:" + LOW + ":" + LOW)).isNull();
    assertThat(ConversationId.parse("group:xyz")).isNull();
    assertThat(ConversationId.parse("dm:" + LOW)).isNull();
    assertThat(ConversationId.parse(null)).isNull();
  }
}
