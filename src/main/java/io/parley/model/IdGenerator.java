package io.parley.model;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time-ordered 64-bit ids: 41 bits of milliseconds since 2024-01-01 UTC, 10 bits of node id, 12 bits of sequence.
 * Ids from one generator strictly increase even when the wall clock steps back (it then runs on from the last
 * millisecond used), and ids from different nodes never collide. One instance serves a whole node.
 */
public final class IdGenerator {
  static final long EPOCH_MILLIS = 1_704_067_200_000L;
  private static final int NODE_BITS = 10;
  private static final int SEQUENCE_BITS = 12;

  private final Clock clock;
  private final long nodeBits;
  private final AtomicLong last = new AtomicLong();

  public IdGenerator(int nodeId, Clock clock) {
    if (nodeId < 0 || nodeId >= 1 << NODE_BITS) {
      throw new IllegalArgumentException("node id out of range: " + nodeId);
    }
    this.clock = clock;
    this.nodeBits = (long) nodeId << SEQUENCE_BITS;
  }

  public long next() {
    long fromClock = (clock.millis() - EPOCH_MILLIS) << (NODE_BITS + SEQUENCE_BITS) | nodeBits;
    return last.accumulateAndGet(fromClock, (previous, candidate) -> candidate > previous ? candidate : previous + 1);
  }

  public String nextHex() {
    return Ids.toHex(next());
  }

  /** Milliseconds since the Unix epoch at which an id was generated. */
  public static long timestampOf(long id) {
    return (id >>> (NODE_BITS + SEQUENCE_BITS)) + EPOCH_MILLIS;
  }
}
