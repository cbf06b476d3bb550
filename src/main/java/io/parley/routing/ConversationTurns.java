package io.parley.routing;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Hands out turns per conversation, so the messages of one conversation get their ids and reach the storage writer
 * in the order routing received them, even though the membership lookups before them finish in any order. Only the
 * hand-over is serialized: lookups and appends of one conversation still overlap. Used from one event loop.
 */
final class ConversationTurns {
  private final Map<String, Future<Void>> lastTurn = new HashMap<>();

  /**
   * Runs {@code step} once {@code ready} has completed and the steps of every earlier call for the conversation have
   * run; a failed {@code ready} skips the step and passes the failure on, without holding up later turns.
   */
  <T> Future<T> inTurn(String conversationId, Future<?> ready, Supplier<Future<T>> step) {
    Future<Void> previous = lastTurn.getOrDefault(conversationId, Future.succeededFuture());
    Promise<Void> taken = Promise.promise();
    lastTurn.put(conversationId, taken.future());
    return previous.transform(ignored -> ready).transform(readiness -> {
      try {
        return readiness.succeeded() ? step.get() : Future.failedFuture(readiness.cause());
      } finally {
        taken.complete();
        lastTurn.remove(conversationId, taken.future());
      }
    });
  }
}
