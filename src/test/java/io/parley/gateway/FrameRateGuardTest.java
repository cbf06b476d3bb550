package io.parley.gateway;

import io.parley.gateway.FrameRateGuard.Verdict;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("FrameRateGuard: one answer per streak over the rate, a pause, and a close for who stays over")
class FrameRateGuardTest {
  private static final int RATE = 10;
  private static final int BURST = 3;
  private static final long CLOSE_AFTER = 3000;

  @Test
  @DisplayName("the burst is accepted, the next frame refused once, the rest of the streak dropped, then accepted again")
  void oneRefusalPerStreak() {
    FrameRateGuard guard = new FrameRateGuard(RATE, BURST, CLOSE_AFTER, 0);
    for (int i = 0; i < BURST; i++) {
      assertThat(guard.check(0)).isEqualTo(Verdict.ACCEPT);
    }
    assertThat(guard.check(0)).isEqualTo(Verdict.REFUSE);
    assertThat(guard.retryAfterMillis()).isEqualTo(1000 / RATE);
    assertThat(guard.check(1)).isEqualTo(Verdict.DROP);
    assertThat(guard.check(2)).isEqualTo(Verdict.DROP);
    assertThat(guard.check(100)).isEqualTo(Verdict.ACCEPT);
  }

  @Test
  @DisplayName("refused again right after every resume for the close time: closed; a client back under its rate is not")
  void closesOnlyWhoStaysOver() {
    FrameRateGuard flooder = new FrameRateGuard(RATE, BURST, CLOSE_AFTER, 0);
    FrameRateGuard recovering = new FrameRateGuard(RATE, BURST, CLOSE_AFTER, 0);
    long now = 0;
    drainBurst(flooder, now);
    drainBurst(recovering, now);
    Verdict last = null;
    while (now <= CLOSE_AFTER + 1000 && last != Verdict.CLOSE) {
      last = floodOnce(flooder, now);
      // every other refill the second client sends nothing for over a second, then one frame
      if (now % 2000 == 0) {
        assertThat(floodOnce(recovering, now)).isNotEqualTo(Verdict.CLOSE);
      }
      now += 100;
    }
    assertThat(last).isEqualTo(Verdict.CLOSE);
    assertThat(now).isGreaterThanOrEqualTo(CLOSE_AFTER);
  }

  private static void drainBurst(FrameRateGuard guard, long now) {
    for (int i = 0; i < BURST; i++) {
      guard.check(now);
    }
  }

  /** A frame accepted on resume, then the next one over the rate: as a flooder's read after each pause. */
  private static Verdict floodOnce(FrameRateGuard guard, long now) {
    Verdict first = guard.check(now);
    return first == Verdict.ACCEPT ? guard.check(now) : first;
  }
}
