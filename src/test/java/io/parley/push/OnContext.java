package io.parley.push;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Calls a provider on one Vert.x event loop, as the push verticle does, and waits for the answer. Not from the test's
 * own thread: Vert.x 5.0.7's HTTP client, asked from a thread outside Vert.x, now and then never completes a request
 * that gets a kept-alive connection back from its pool (a bare client against a bare server showed it within a few
 * hundred requests; the same requests made on an event loop never did), which hung these tests.
 */
public final class OnContext {
  private final Context context;

  public OnContext(Vertx vertx) {
    this.context = vertx.getOrCreateContext();
  }

  public <T> T await(Supplier<Future<T>> call) throws Exception {
    Promise<T> answer = Promise.promise();
    context.runOnContext(nothing -> call.get().onComplete(answer));
    return answer.future().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
