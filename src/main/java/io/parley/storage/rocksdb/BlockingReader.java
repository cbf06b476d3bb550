package io.parley.storage.rocksdb;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Runs reads on worker threads, off the event loop, and never on a database that is closing or reopening. */
final class BlockingReader {
  private final Vertx vertx;
  private final DbHandle db;

  BlockingReader(Vertx vertx, DbHandle db) {
    this.vertx = vertx;
    this.db = db;
  }

  /** Runs {@code query}; the future completes on the caller's context. */
  <T> Future<T> read(DbHandle.Query<T> query) {
    return vertx.executeBlocking(() -> db.read(query), false);
  }
}
