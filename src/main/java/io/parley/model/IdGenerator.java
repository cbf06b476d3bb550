package io.parley.model;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time-ordered 64-bit ids: 41 bits of milliseconds since 2024-01-01 UTC, 10 bits of node id, 12 bits of sequence.
 * Ids from one generator strictly increase even when the wall clock steps back (it then runs on from the last
 * millisecond used), and ids from different nodes never collide: past 4,096 ids in one millisecond the generator
 * takes the next millisecond, so the sequence never carries into the node bits. One instance serves a whole node.
 */
public final class IdGenerator {
  static final long EPOCH_MILLIS = 1_704_067_200_000L;
  private static final int NODE_BITS = 10;
  private static final int SEQUENCE_BITS = 12;
  private static final int TIME_SHIFT = NODE_BITS + SEQUENCE_BITS;
  private static final long SEQUENCE_MASK = (1L << SEQUENCE_BITS) - 1;

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

  /** The {@code node.id} that goes into every id this generator makes. */
  public int nodeId() {
    return (int) (nodeBits >>> SEQUENCE_BITS);
  }

  public long next() {
    long fromClock = (clock.millis() - EPOCH_MILLIS) << TIME_SHIFT | nodeBits;
    return last.accumulateAndGet(fromClock, this::after);
  }

  /** The clock's id if it is ahead of the last one issued, else the last one's successor on this node. */
  private long after(long previous, long fromClock) {
    if (fromClock > previous) {
      return fromClock;
    }
    if ((previous & SEQUENCE_MASK) < SEQUENCE_MASK) {
      return previous + 1;
    }
    // the millisecond is used up: run ahead of the clock rather than into the node bits
    return ((previous >>> TIME_SHIFT) + 1) << TIME_SHIFT | nodeBits;
  }

  public String nextHex() {
    return Ids.toHex(next());
  }

  /** Milliseconds since the Unix epoch at which an id was generated. */
  public static long timestampOf(long id) {
    return (id >>> TIME_SHIFT) + EPOCH_MILLIS;
  }
}
