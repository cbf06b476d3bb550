package io.parley.gateway;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("ConnectionLimit: the total cap leaves file descriptors in reserve; both caps give places back")
class ConnectionLimitTest {
  @Test
  @DisplayName("the derived total keeps a fifth of the open-file limit, at least 128, in reserve")
  void derivedTotal() {
    assertThat(ConnectionLimit.maxTotalFor(1024)).isEqualTo(1024 - 204);
    assertThat(ConnectionLimit.maxTotalFor(256)).isEqualTo(256 - 128);
    assertThat(ConnectionLimit.maxTotalFor(1_048_576)).isEqualTo(1_048_576 - 209_715);
    assertThat(ConnectionLimit.maxTotalFor(100)).isEqualTo(1);
  }

  @Test
  @DisplayName("per address and in total, the next connection is refused until one is released")
  void capsAndRelease() {
    ConnectionLimit limit = new ConnectionLimit(3, 2);
    assertThat(limit.tryAdmit("a")).isTrue();
    assertThat(limit.tryAdmit("a")).isTrue();
    assertThat(limit.tryAdmit("a")).as("third from a").isFalse();
    assertThat(limit.tryAdmit("b")).isTrue();
    assertThat(limit.tryAdmit("c")).as("fourth in total").isFalse();
    limit.release("a");
    assertThat(limit.tryAdmit("c")).as("after a release").isTrue();
    assertThat(limit.tryAdmit("a")).as("a is back to two, the total full").isFalse();
  }
}
