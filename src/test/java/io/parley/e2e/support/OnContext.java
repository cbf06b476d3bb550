package io.parley.e2e.support;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.function.Supplier;

/**
 * Runs a client operation on a Vert.x event-loop context. Started from the test thread instead, the response
 * future's callbacks may run a tick after the response itself, and a body or first frame arriving in between is
 * lost (seen as about one HTTP call in a thousand never answering, although the server had answered).
 */
final class OnContext {
  private OnContext() {
  }

  static <T> Future<T> run(Context context, Supplier<Future<T>> operation) {
    Promise<T> result = Promise.promise();
    context.runOnContext(unused -> operation.get().onComplete(result));
    return result.future();
  }
}
