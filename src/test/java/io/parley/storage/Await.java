package io.parley.storage;

import io.parley.bus.ChatException;
import io.parley.bus.Failure;
import io.vertx.core.Future;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** Blocking waits on store futures, for tests that drive a store from the test thread. */
public final class Await {
  /** A bound on a hung store, not a speed target: 2,000 appends through Cassandra on a loaded 2-core box took 15 s. */
  private static final long TIMEOUT_SECONDS = 60;

  private Await() {
  }

  public static <T> T result(Future<T> future) throws Exception {
    return result(future, TIMEOUT_SECONDS);
  }

  /** As {@link #result(Future)}, waiting up to {@code seconds}. */
  public static <T> T result(Future<T> future, long seconds) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
  }

  /** Waits for every future, failed or not, and returns them completed. */
  public static <T> List<Future<T>> all(List<Future<T>> futures) throws Exception {
    try {
      result(Future.join(futures));
    } catch (ExecutionException e) {
      // Some failed: the caller inspects each future.
    }
    return futures;
  }

  /** The {@link Failure} a future failed with; fails the test when it succeeds or fails otherwise. */
  public static Failure failure(Future<?> future) throws Exception {
    try {
      Object value = result(future);
      return fail("expected a failure, got " + value);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(ChatException.class);
      return ((ChatException) e.getCause()).failure();
    }
  }
}
