package io.parley.load;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * One event loop of the load generator, driven from a plain thread. Every client chain starts on it (see
 * {@link OnContext}), and a connection opened here delivers its frames here.
 */
final class Lane {
  private static final long AWAIT_SECONDS = 120;

  private final Vertx vertx;
  private final Context context;

  Lane(Vertx vertx) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
  }

  /**
   * {@code count} lanes made one after another: Vert.x hands each new context the next event loop in turn, so on a
   * Vert.x with {@code count} event loops and no other contexts yet each lane has a loop of its own.
   */
  static List<Lane> create(Vertx vertx, int count) {
    List<Lane> lanes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      lanes.add(new Lane(vertx));
    }
    return lanes;
  }

  /** Runs {@code work} on this lane and waits for it. */
  <T> T await(Supplier<Future<T>> work) throws Exception {
    return OnContext.await(context, work, AWAIT_SECONDS);
  }

  /** Runs {@code tick} on this lane every {@code millis}; it is given its timer's id, to {@link #cancel} itself. */
  void every(long millis, LongConsumer tick) {
    context.runOnContext(ignored -> vertx.setPeriodic(millis, tick::accept));
  }

  void cancel(long timerId) {
    vertx.cancelTimer(timerId);
  }
}
