package io.parley.push;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

  @Test
  @DisplayName("each retry doubles the ceiling up to the maximum, jittered between half and all of it")
  void doublesWithJitter() {
    Backoff low = new Backoff(100, 1000, () -> 0.0);
    Backoff high = new Backoff(100, 1000, () -> 0.999_999);
    assertThat(low.delay(1, -1)).isEqualTo(50);
    assertThat(high.delay(1, -1)).isEqualTo(99);
    assertThat(low.delay(3, -1)).isEqualTo(200);
    assertThat(high.delay(3, -1)).isEqualTo(399);
    assertThat(low.delay(10, -1)).isEqualTo(500);
    assertThat(high.delay(40, -1)).isEqualTo(999);
  }

  @Test
  @DisplayName("Retry-After is a floor, even beyond the maximum; a shorter one changes nothing")
  void retryAfterIsAFloor() {
    Backoff backoff = new Backoff(100, 1000, () -> 0.0);
    assertThat(backoff.delay(1, 7000)).isEqualTo(7000);
    assertThat(backoff.delay(3, 10)).isEqualTo(200);
  }

  @Test
  @DisplayName("Retry-After is read as seconds or an HTTP date; anything else is no answer")
  void retryAfterParsed() {
    Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    assertThat(RetryAfter.millis("120", clock)).isEqualTo(120_000);
    assertThat(RetryAfter.millis(" 3 ", clock)).isEqualTo(3000);
    assertThat(RetryAfter.millis("Thu, 01 Jan 2026 00:00:30 GMT", clock)).isEqualTo(30_000);
    assertThat(RetryAfter.millis("Wed, 31 Dec 2025 23:00:00 GMT", clock)).isZero();
    assertThat(RetryAfter.millis("99999999999", clock)).isEqualTo(86_400_000);
    assertThat(RetryAfter.millis("soon", clock)).isEqualTo(-1);
    assertThat(RetryAfter.millis(null, clock)).isEqualTo(-1);
  }
}
