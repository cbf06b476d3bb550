package io.parley.bus;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Failure codes")
class FailureTest {
  @Test
  @DisplayName("each failure has its own bus code and protocol code, and a bus code maps back to its failure")
  void codesAreDistinctAndRoundTrip() {
    assertThat(Arrays.stream(Failure.values()).map(Failure::code)).doesNotHaveDuplicates();
    assertThat(Arrays.stream(Failure.values()).map(Failure::protocolCode)).doesNotHaveDuplicates();
    for (Failure failure : Failure.values()) {
      assertThat(Failure.ofCode(failure.code())).isEqualTo(failure);
    }
    assertThat(Failure.ofCode(-12345)).isEqualTo(Failure.INTERNAL);
  }
}
