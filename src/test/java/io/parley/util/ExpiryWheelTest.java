package io.parley.util;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExpiryWheelTest {
  private static final long T0 = 1_732_700_000_000L;

  private final ExpiryWheel<String> wheel = new ExpiryWheel<>(8);

  @Test
  @DisplayName("a key is returned once its deadline has passed, never before")
  void returnsKeyAfterDeadline() {
    wheel.due(T0);
    wheel.schedule("a", T0 + 3_000);

    assertThat(wheel.due(T0 + 2_999)).isEmpty();
    assertThat(wheel.due(T0 + 3_000)).containsExactly("a");
  }

  @Test
  @DisplayName("a deadline inside a second is rounded up to the next whole second")
  void roundsDeadlineUp() {
    wheel.due(T0);
    wheel.schedule("a", T0 + 1_500);

    assertThat(wheel.due(T0 + 1_600)).isEmpty();
    assertThat(wheel.due(T0 + 2_000)).containsExactly("a");
  }

  @Test
  @DisplayName("a returned key is removed from the wheel")
  void returnedKeyIsRemoved() {
    wheel.schedule("a", T0 + 1_000);

    assertThat(wheel.due(T0 + 1_000)).containsExactly("a");
    assertThat(wheel.size()).isZero();
    assertThat(wheel.due(T0 + 20_000)).isEmpty();
  }

  @Test
  @DisplayName("a deadline a full turn or more away is not returned when its slot first comes round")
  void keepsLaterTurnsInSlot() {
    wheel.due(T0);
    wheel.schedule("soon", T0 + 1_000);
    wheel.schedule("later", T0 + 1_000 + 8_000 * 2);

    assertThat(wheel.due(T0 + 1_000)).containsExactly("soon");
    assertThat(wheel.due(T0 + 9_000)).isEmpty();
    assertThat(wheel.due(T0 + 16_000)).isEmpty();
    assertThat(wheel.due(T0 + 17_000)).containsExactly("later");
  }

  @Test
  @DisplayName("a sweep after a gap longer than the wheel returns everything due and keeps the rest")
  void sweepsAfterLongGap() {
    wheel.due(T0);
    wheel.schedule("a", T0 + 2_000);
    wheel.schedule("b", T0 + 5_000);
    wheel.schedule("c", T0 + 60_000);

    assertThat(wheel.due(T0 + 30_000)).containsExactlyInAnyOrder("a", "b");
    assertThat(wheel.size()).isEqualTo(1);
    assertThat(wheel.due(T0 + 60_000)).containsExactly("c");
  }

  @Test
  @DisplayName("the first sweep returns keys scheduled before it")
  void firstSweepSeesEverything() {
    wheel.schedule("a", T0 - 5_000);
    wheel.schedule("b", T0 + 5_000);

    assertThat(wheel.due(T0)).containsExactly("a");
  }

  @Test
  @DisplayName("a key scheduled into an already swept second is returned by the next second's sweep")
  void lateScheduleGoesToNextSecond() {
    wheel.due(T0 + 4_000);
    wheel.schedule("a", T0 + 1_000);

    assertThat(wheel.due(T0 + 4_999)).isEmpty();
    assertThat(wheel.due(T0 + 5_000)).containsExactly("a");
  }

  @Test
  @DisplayName("scheduling a key twice into one slot keeps one entry, in other slots one entry each")
  void onePerKeyPerSlot() {
    wheel.due(T0);
    wheel.schedule("a", T0 + 2_000);
    wheel.schedule("a", T0 + 1_700);
    assertThat(wheel.size()).isEqualTo(1);

    wheel.schedule("a", T0 + 4_000);
    assertThat(wheel.size()).isEqualTo(2);
    assertThat(wheel.due(T0 + 2_000)).containsExactly("a");
    assertThat(wheel.due(T0 + 4_000)).containsExactly("a");
  }

  @Test
  @DisplayName("a clock going back returns nothing and loses nothing")
  void clockGoingBack() {
    wheel.due(T0 + 5_000);
    wheel.schedule("a", T0 + 7_000);

    assertThat(wheel.due(T0 + 1_000)).isEmpty();
    assertThat(wheel.due(T0 + 7_000)).containsExactly("a");
  }

  @Test
  @DisplayName("a wheel needs at least one slot")
  void rejectsEmptyWheel() {
    assertThatThrownBy(() -> new ExpiryWheel<String>(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
