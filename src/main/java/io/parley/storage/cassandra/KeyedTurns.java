package io.parley.storage.cassandra;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Runs this node's changes of one key (a group, a pair of users) one at a time, in the order they came: then only
 * other nodes race a lightweight transaction, and a node never loses to itself.
 */
final class KeyedTurns {
  private final Map<String, Future<?>> last = new ConcurrentHashMap<>();

  <T> Future<T> inTurn(String key, Supplier<Future<T>> operation) {
    Promise<T> done = Promise.promise();
    Future<?> previous = last.put(key, done.future());
    Future<?> turn = previous == null ? Future.succeededFuture() : previous.transform(ended -> Future.succeededFuture());
    turn.compose(ready -> operation.get()).onComplete(result -> {
      last.remove(key, done.future());
      done.handle(result);
    });
    return done.future();
  }
}
