package io.parley.routing;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KnownUsersTest {

  @Test
  @DisplayName("remembers the ids it was told, and nothing else")
  void remembers() {
    KnownUsers known = new KnownUsers(10);
    known.add("a");
    assertThat(known.contains("a")).isTrue();
    assertThat(known.contains("b")).isFalse();
  }

  @Test
  @DisplayName("past its capacity, forgets the least recently used id first")
  void forgetsLeastRecentlyUsed() {
    KnownUsers known = new KnownUsers(2);
    known.add("a");
    known.add("b");
    assertThat(known.contains("a")).isTrue();
    known.add("c");
    assertThat(known.contains("a")).isTrue();
    assertThat(known.contains("b")).isFalse();
    assertThat(known.contains("c")).isTrue();
  }
}
