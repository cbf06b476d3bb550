package io.parley.storage.rocksdb;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/** Runs reads on worker threads, off the event loop, and never on a database that is closing. */
final class BlockingReader {

  /** One read, run on a worker thread. */
  @FunctionalInterface
  interface Query<T> {
    T run(RocksDB db) throws RocksDBException;
  }

  private final Vertx vertx;
  private final RocksDB db;
  // Reads hold it shared and close() exclusively: a read on a closed handle would crash the JVM, not throw.
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed;

  BlockingReader(Vertx vertx, RocksDB db) {
    this.vertx = vertx;
    this.db = db;
  }

  /** Runs {@code query}; the future completes on the caller's context. */
  <T> Future<T> read(Query<T> query) {
    return vertx.executeBlocking(() -> {
      lock.readLock().lock();
      try {
        if (closed) {
          throw RocksDbStorage.closedFailure();
        }
        return query.run(db);
      } finally {
        lock.readLock().unlock();
      }
    }, false);
  }

  /** Waits for reads in progress and refuses later ones. */
  void close() {
    lock.writeLock().lock();
    try {
      closed = true;
    } finally {
      lock.writeLock().unlock();
    }
  }
}
