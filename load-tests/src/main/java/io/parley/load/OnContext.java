package io.parley.load;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Starts work on a Vert.x context from any thread. A Vert.x 5 client chain started from a foreign thread can lose
 * a response to a race inside the client, so every chain the tools start begins on a context.
 */
final class OnContext {
  private OnContext() {
  }

  static <T> Future<T> call(Context context, Supplier<Future<T>> work) {
    Promise<T> done = Promise.promise();
    context.runOnContext(ignored -> work.get().onComplete(done));
    return done.future();
  }

  /** {@link #call} and wait for it on the calling (plain) thread. */
  static <T> T await(Context context, Supplier<Future<T>> work, long timeoutSeconds) throws Exception {
    return call(context, work).await(timeoutSeconds, TimeUnit.SECONDS);
  }
}
