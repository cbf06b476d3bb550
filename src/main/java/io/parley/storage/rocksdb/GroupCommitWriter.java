package io.parley.storage.rocksdb;

import io.parley.metrics.StoreMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * The one thread that writes. It drains every queued task, runs them in order, each seeing the writes of those
 * before it, and writes the successful ones in one batch: with fsync on, all of them share one sync. Callers hear
 * back only after that write returns.
 */
final class GroupCommitWriter {
  private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);
  // Bounds the memory of one batch: a message may carry a few hundred kilobytes of text.
  private static final int MAX_BATCH_TASKS = 512;
  private static final long SLOW_COMMIT_MILLIS = 1_000;

  /** Reads what it needs through the transaction, stages its writes there, and returns its result. */
  @FunctionalInterface
  interface Task<T> {
    T apply(WriteTxn txn) throws RocksDBException;
  }

  private final Vertx vertx;
  private final RocksDB db;
  private final WriteOptions writeOptions;
  private final Clock clock;
  private final StoreMetrics metrics;
  private final Sequences sequences;
  private final BlockingQueue<PendingWrite<?>> queue = new LinkedBlockingQueue<>();
  private final Thread thread = new Thread(this::run, "parley-storage-writer");
  private volatile boolean closed;
  /** Why the latest batch could not be written; null once one has been. */
  private volatile String lastFailure;

  GroupCommitWriter(Vertx vertx, RocksDB db, boolean fsync, Clock clock, StoreMetrics metrics) {
    this.vertx = vertx;
    this.db = db;
    this.writeOptions = new WriteOptions().setSync(fsync);
    this.clock = clock;
    this.metrics = metrics;
    this.sequences = new Sequences(db, Sequences.DEFAULT_CAPACITY);
  }

  void start() {
    thread.setDaemon(true);
    thread.start();
  }

  <T> Future<T> submit(Task<T> task) {
    PendingWrite<T> pending = new PendingWrite<>(task, vertx.getOrCreateContext(), metrics.now());
    // Paired with close(): nothing enters the queue once the thread may have stopped draining it.
    synchronized (this) {
      if (!closed) {
        queue.add(pending);
        return pending.future();
      }
    }
    return Future.failedFuture(RocksDbStorage.closedFailure());
  }

  /** Submits writes that need no reads and cannot fail. */
  Future<Void> stage(Consumer<WriteTxn> writes) {
    return submit(txn -> {
      writes.accept(txn);
      return null;
    });
  }

  /** Why writes cannot succeed now (the thread died, the latest batch failed), or null; never blocks. */
  String problem() {
    if (!thread.isAlive()) {
      return "writer thread stopped";
    }
    return lastFailure;
  }

  /** Writes what is already queued, then stops the thread; blocks until it has. */
  void close() throws InterruptedException {
    synchronized (this) {
      closed = true;
    }
    thread.interrupt();
    thread.join();
    writeOptions.close();
  }

  private void run() {
    while (!closed || !queue.isEmpty()) {
      List<PendingWrite<?>> tasks = new ArrayList<>();
      try {
        tasks.add(queue.take());
      } catch (InterruptedException e) {
        // close() interrupts to wake us: the loop drains what is left, then stops.
        continue;
      }
      queue.drainTo(tasks, MAX_BATCH_TASKS - 1);
      commit(tasks);
    }
  }

  private void commit(List<PendingWrite<?>> tasks) {
    long started = clock.millis();
    StagedWrites staged = new StagedWrites();
    List<PendingWrite<?>> applied = new ArrayList<>(tasks.size());
    for (PendingWrite<?> task : tasks) {
      if (task.applyTo(new WriteTxn(db, sequences, staged))) {
        applied.add(task);
      }
    }
    try (WriteBatch batch = staged.toBatch()) {
      if (batch.count() > 0) {
        db.write(writeOptions, batch);
      }
    } catch (RocksDBException e) {
      log.error("group commit failed tasks={}", applied.size(), e);
      lastFailure = "latest write failed: " + e.getMessage();
      applied.forEach(task -> task.fail(e));
      return;
    }
    lastFailure = null;
    sequences.advance(staged);
    long durable = metrics.now();
    for (PendingWrite<?> task : applied) {
      metrics.writeDurable(task.queuedNanos(), durable);
      task.succeed();
    }
    metrics.batchCommitted(tasks.size());
    long elapsed = clock.millis() - started;
    if (elapsed > SLOW_COMMIT_MILLIS) {
      log.warn("slow group commit tasks={} millis={}", tasks.size(), elapsed);
    }
  }
}
