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
  @DisplayName("past 4,096 ids in one millisecond a node takes the next millisecond, never another node's bits")
  void sequenceOverflowKeepsNodeBits() {
    SetClock clock = new SetClock();
    IdGenerator one = new IdGenerator(1, clock);
    IdGenerator two = new IdGenerator(2, clock);
    Set<Long> seen = new HashSet<>();
    long previousOne = 0;
    long previousTwo = 0;
    // three full milliseconds' worth each, with the clock standing still
    for (int i = 0; i < 3 * 4096 + 100; i++) {
      long a = one.next();
      long b = two.next();
      assertThat(seen.add(a)).as("id %d of node 1 is new", i).isTrue();
      assertThat(seen.add(b)).as("id %d of node 2 is new", i).isTrue();
      assertThat(nodeOf(a)).isEqualTo(1);
      assertThat(nodeOf(b)).isEqualTo(2);
      assertThat(a).isGreaterThan(previousOne);
      assertThat(b).isGreaterThan(previousTwo);
      previousOne = a;
      previousTwo = b;
    }
    // 12,388 ids per node fill milliseconds 0, 1 and 2 and start the fourth
    assertThat(IdGenerator.timestampOf(previousOne)).isEqualTo(clock.millis() + 3);
  }

  @Test
  @DisplayName("a full millisecond followed by a clock step back still moves on without touching the node bits")
  void sequenceOverflowAfterClockStepBack() {
    SetClock clock = new SetClock();
    IdGenerator ids = new IdGenerator(5, clock);
    long previous = ids.next();
    clock.millis.addAndGet(-1_000);
    for (int i = 0; i < 2 * 4096; i++) {
      long id = ids.next();
      assertThat(id).isGreaterThan(previous);
      assertThat(nodeOf(id)).isEqualTo(5);
      previous = id;
    }
  }

  private static long nodeOf(long id) {
    return id >>> 12 & 0x3ff;
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
