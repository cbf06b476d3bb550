package io.parley.model;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class IdGeneratorTest {

  /** A clock whose time the test sets. */
  private static final class SetClock extends Clock {
    final AtomicLong millis = new AtomicLong(1_750_000_000_000L);

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.get());
    }
  }

  @Test
  @DisplayName("ids strictly increase and carry their time, even when the clock steps back")
  void monotonicAcrossClockStepBack() {
    SetClock clock = new SetClock();
    IdGenerator ids = new IdGenerator(7, clock);
    long first = ids.next();
    clock.millis.addAndGet(-5_000);
    long second = ids.next();
    clock.millis.addAndGet(10_000);
    long third = ids.next();
    assertThat(second).isGreaterThan(first);
    assertThat(third).isGreaterThan(second);
    assertThat(IdGenerator.timestampOf(first)).isEqualTo(1_750_000_000_000L);
    assertThat(IdGenerator.timestampOf(third)).isEqualTo(1_750_000_005_000L);
  }

  @Test
  @DisplayName("many threads drawing ids at once never get the same one")
  void uniqueUnderContention() {
    IdGenerator ids = new IdGenerator(1, Clock.systemUTC());
    Set<Long> seen = ConcurrentHashMap.newKeySet();
    IntStream.range(0, 200_000).parallel().forEach(i -> assertThat(seen.add(ids.next())).isTrue());
    assertThat(seen).hasSize(200_000);
  }

  @Test
  @DisplayName("two nodes drawing in the same millisecond never collide")
  void nodesDoNotCollide() {
    SetClock clock = new SetClock();
    Set<Long> seen = new HashSet<>();
    IdGenerator one = new IdGenerator(1, clock);
    IdGenerator two = new IdGenerator(2, clock);
    for (int i = 0; i < 1000; i++) {
      assertThat(seen.add(one.next())).isTrue();
      assertThat(seen.add(two.next())).isTrue();
    }
  }

  @Test
  @DisplayName("hex form sorts like the number and parses back; anything else is refused")
  void hexRoundTrip() {
    IdGenerator ids = new IdGenerator(3, Clock.systemUTC());
    long a = ids.next();
    long b = ids.next();
    assertThat(Ids.toHex(a)).hasSize(16).isLessThan(Ids.toHex(b));
    assertThat(Ids.parseHex(Ids.toHex(a))).isEqualTo(a);
    assertThat(Ids.parseHex("00000000000000AB")).isEqualTo(-1);
    assertThat(Ids.parseHex("abc")).isEqualTo(-1);
    assertThat(Ids.parseHex("ffffffffffffffff")).isEqualTo(-1);
    assertThat(Ids.parseHex(null)).isEqualTo(-1);
  }
}
