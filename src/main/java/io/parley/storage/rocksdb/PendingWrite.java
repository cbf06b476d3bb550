package io.parley.storage.rocksdb;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.rocksdb.RocksDBException;

/** A queued write task and the caller waiting for it, answered on the caller's own context. */
final class PendingWrite<T> {
  private final GroupCommitWriter.Task<T> task;
  private final Context context;
  private final long queuedNanos;
  private final Promise<T> promise = Promise.promise();
  private T result;

  PendingWrite(GroupCommitWriter.Task<T> task, Context context, long queuedNanos) {
    this.task = task;
    this.context = context;
    this.queuedNanos = queuedNanos;
  }

  /** When it was queued, on the store metrics' clock. */
  long queuedNanos() {
    return queuedNanos;
  }

  Future<T> future() {
    return promise.future();
  }

  /** Runs the task; on success stages its writes and returns true, otherwise fails the caller alone. */
  boolean applyTo(WriteTxn txn) {
    try {
      result = task.apply(txn);
      txn.stage();
      return true;
    } catch (RocksDBException | RuntimeException e) {
      fail(e);
      return false;
    }
  }

  void succeed() {
    context.runOnContext(ignored -> promise.complete(result));
  }

  void fail(Throwable failure) {
    context.runOnContext(ignored -> promise.fail(failure));
  }
}
