package io.parley.util;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Runs this node's asynchronous operations on one key one at a time, in the order they came: the Cassandra store's
 * changes of a group or a pair of users (then only other nodes race a lightweight transaction, and a node never loses
 * to itself), the cluster user directory's changes and deliveries of one user.
 */
public final class KeyedTurns {
  private final Map<String, Future<?>> last = new ConcurrentHashMap<>();

  public <T> Future<T> inTurn(String key, Supplier<Future<T>> operation) {
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
