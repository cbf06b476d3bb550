package io.parley.load;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.pause;

import io.gatling.javaapi.core.ChainBuilder;

import java.time.Duration;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.function.LongSupplier;

/**
 * The reconnect storm's timeline, shared by every virtual user so that the drop and the reconnect happen at the same
 * instant everywhere: it starts when the last room has connected (or a minute after the first, should some room
 * never get there), then runs chat, away and after phases back to back. Instants are epoch milliseconds.
 */
final class StormSchedule {
  private static final long GATHER_TIMEOUT_MILLIS = 60_000;

  private final int rooms;
  private final Duration chat;
  private final Duration away;
  private final LongAccumulator dropLateness = new LongAccumulator(Math::max, 0);
  private final LongAccumulator reconnectLateness = new LongAccumulator(Math::max, 0);
  private int arrived;
  private long firstArrival;
  private long startedAt;

  StormSchedule(int rooms, Duration chat, Duration away) {
    this.rooms = rooms;
    this.chat = chat;
    this.away = away;
  }

  /** The room is set up: wait for the others. */
  ChainBuilder gather() {
    return exec(session -> {
      arrive();
      return session;
    }).asLongAs(session -> !started()).on(pause(Duration.ofMillis(10)));
  }

  private synchronized void arrive() {
    long now = System.currentTimeMillis();
    if (arrived++ == 0) {
      firstArrival = now;
    }
    if (arrived == rooms) {
      startedAt = now;
    }
  }

  private synchronized boolean started() {
    if (startedAt == 0 && System.currentTimeMillis() - firstArrival > GATHER_TIMEOUT_MILLIS) {
      startedAt = System.currentTimeMillis();
    }
    return startedAt > 0;
  }

  synchronized long dropAt() {
    return startedAt + chat.toMillis();
  }

  long backAt() {
    return dropAt() + away.toMillis();
  }

  /** Pauses the virtual user until the drop. */
  ChainBuilder waitForDrop() {
    return waitUntil(this::dropAt, dropLateness);
  }

  /** Pauses the virtual user until the reconnect. */
  ChainBuilder waitForReconnect() {
    return waitUntil(this::backAt, reconnectLateness);
  }

  private static ChainBuilder waitUntil(LongSupplier instant, LongAccumulator lateness) {
    return exec(pause(session -> Duration.ofMillis(Math.max(0, instant.getAsLong() - System.currentTimeMillis()))))
        .exec(session -> {
          lateness.accumulate(System.currentTimeMillis() - instant.getAsLong());
          return session;
        });
  }

  /** How far from "at once" the drop and the reconnect were: the latest room's delay past each instant. */
  void print() {
    System.out.printf("storm: the last room dropped %d ms and reconnected %d ms after the shared instant%n",
        dropLateness.get(), reconnectLateness.get());
  }
}
