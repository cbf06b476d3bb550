package io.parley.load;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Queue;
import java.util.function.Function;

/**
 * Runs a task for each item with at most {@code limit} in flight, starting the next as one finishes, on the
 * caller's context. The returned future completes once every task has finished, whatever their outcome: the tasks
 * count their own failures.
 */
final class Bounded<T> {
  private final Queue<T> waiting;
  private final Function<T, Future<?>> task;
  private final Promise<Void> done = Promise.promise();
  private int running;
  private boolean filling;

  private Bounded(Collection<T> items, Function<T, Future<?>> task) {
    this.waiting = new ArrayDeque<>(items);
    this.task = task;
  }

  /** {@code limit} 0 or less means no bound: every task starts at once. */
  static <T> Future<Void> run(Collection<T> items, int limit, Function<T, Future<?>> task) {
    Bounded<T> bounded = new Bounded<>(items, task);
    bounded.fill(limit <= 0 ? Integer.MAX_VALUE : limit);
    return bounded.done.future();
  }

  private void fill(int limit) {
    if (filling) {
      return; // a task that completed at once: the loop below goes on, with no recursion per task
    }
    filling = true;
    while (running < limit && !waiting.isEmpty()) {
      running++;
      task.apply(waiting.poll()).onComplete(ignored -> {
        running--;
        fill(limit);
      });
    }
    filling = false;
    if (running == 0 && waiting.isEmpty()) {
      done.tryComplete();
    }
  }
}
