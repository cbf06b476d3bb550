package io.parley.storage.rocksdb;

import io.parley.bus.ChatException;
import io.parley.bus.Failure;
import io.parley.metrics.StoreMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The one thread that writes. It drains every queued task, runs them in order, each seeing the writes of those
 * before it, and writes the successful ones in one batch: with fsync on, all of them share one sync. Callers hear
 * back only after that write returns.
 *
 * <p>When a batch cannot be written (a full disk), its callers are refused with UNAVAILABLE, since nothing of it was
 * stored and a resend is idempotent, and so is every write until the database has been reopened: RocksDB refuses
 * all writes after such a failure until then. The thread reopens it once the file system has {@code resumeFreeBytes}
 * free, checking after a backoff that grows from 250 ms to 5 s, then writes again. Reopening without that margin
 * would succeed on a full disk (closing the log returns its preallocated space) only to fail at the next writes.
 */
final class GroupCommitWriter {
  private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);
  // Bounds the memory of one batch: a message may carry a few hundred kilobytes of text.
  private static final int MAX_BATCH_TASKS = 512;
  private static final long SLOW_COMMIT_MILLIS = 1_000;
  private static final long FIRST_REOPEN_MILLIS = 250;
  private static final long MAX_REOPEN_MILLIS = 5_000;

  /** Reads what it needs through the transaction, stages its writes there, and returns its result. */
  @FunctionalInterface
  interface Task<T> {
    T apply(WriteTxn txn) throws RocksDBException;
  }

  private final Vertx vertx;
  private final DbHandle db;
  private final WriteOptions writeOptions;
  private final Clock clock;
  private final StoreMetrics metrics;
  private final long resumeFreeBytes;
  private Sequences sequences;
  private final BlockingQueue<PendingWrite<?>> queue = new LinkedBlockingQueue<>();
  private final Thread thread = new Thread(this::run, "parley-storage-writer");
  private volatile boolean closed;
  /** Why writes are refused (the latest batch failed, reopening failed); null while they are accepted. */
  private volatile String lastFailure;
  /** While writes are refused: when to reopen next (clock millis), and the wait after that if it fails. */
  private long reopenAt;
  private long reopenBackoff;

  GroupCommitWriter(Vertx vertx, DbHandle db, boolean fsync, long resumeFreeBytes, Clock clock,
      StoreMetrics metrics) {
    this.vertx = vertx;
    this.db = db;
    this.writeOptions = new WriteOptions().setSync(fsync);
    this.resumeFreeBytes = resumeFreeBytes;
    this.clock = clock;
    this.metrics = metrics;
    this.sequences = new Sequences(db.writable(), Sequences.DEFAULT_CAPACITY);
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

  /** Why writes cannot succeed now (the thread died, writes refused until reopened), or null; never blocks. */
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
      if (lastFailure != null && clock.millis() >= reopenAt) {
        reopen();
      }
      List<PendingWrite<?>> tasks = next();
      if (tasks.isEmpty()) {
        continue;
      }
      if (lastFailure == null) {
        commit(tasks);
      } else {
        ChatException refusal = refusal(lastFailure);
        tasks.forEach(task -> task.fail(refusal));
      }
    }
  }

  /** The queued tasks, once there is one; while writes are refused, waits no longer than the next reopen. */
  private List<PendingWrite<?>> next() {
    List<PendingWrite<?>> tasks = new ArrayList<>();
    try {
      PendingWrite<?> first = lastFailure == null ? queue.take()
          : queue.poll(Math.max(0, reopenAt - clock.millis()), TimeUnit.MILLISECONDS);
      if (first == null) {
        return tasks;
      }
      tasks.add(first);
    } catch (InterruptedException e) {
      // close() interrupts to wake us: the loop drains what is left, then stops.
      return tasks;
    }
    queue.drainTo(tasks, MAX_BATCH_TASKS - 1);
    return tasks;
  }

  private void commit(List<PendingWrite<?>> tasks) {
    long started = clock.millis();
    RocksDB rocks = db.writable();
    StagedWrites staged = new StagedWrites();
    List<PendingWrite<?>> applied = new ArrayList<>(tasks.size());
    for (PendingWrite<?> task : tasks) {
      if (task.applyTo(new WriteTxn(rocks, sequences, staged))) {
        applied.add(task);
      }
    }
    try (WriteBatch batch = staged.toBatch()) {
      if (batch.count() > 0) {
        rocks.write(writeOptions, batch);
      }
    } catch (RocksDBException e) {
      writeFailed(applied, e);
      return;
    }
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

  /** Nothing of the batch was stored: its callers may resend, once the database has been reopened. */
  private void writeFailed(List<PendingWrite<?>> applied, RocksDBException e) {
    log.error("group commit failed tasks={} cause={}: refusing writes until the store is reopened", applied.size(),
        e.getMessage());
    lastFailure = "latest write failed: " + e.getMessage();
    reopenBackoff = FIRST_REOPEN_MILLIS;
    reopenAt = clock.millis() + reopenBackoff;
    ChatException refusal = refusal(lastFailure);
    applied.forEach(task -> task.fail(refusal));
  }

  /** Reopens once there is room to write, else looks again after a longer wait. */
  private void reopen() {
    try {
      long free = db.usableBytes();
      if (free < resumeFreeBytes) {
        retryLater("cannot write: " + (free >> 20) + " MB free, waiting for " + (resumeFreeBytes >> 20) + " MB");
        return;
      }
      db.reopen();
      // the inbox ends it knew were read through the old handle; a new one reads them again, all durable
      sequences = new Sequences(db.writable(), Sequences.DEFAULT_CAPACITY);
      lastFailure = null;
      log.info("storage reopened after a failed write: writing again freeMb={}", free >> 20);
    } catch (IOException | RocksDBException | RuntimeException e) {
      retryLater("cannot write, reopening failed: " + e.getMessage());
    }
  }

  private void retryLater(String why) {
    reopenBackoff = Math.min(2 * reopenBackoff, MAX_REOPEN_MILLIS);
    reopenAt = clock.millis() + reopenBackoff;
    if (!why.equals(lastFailure)) {
      log.warn("storage not writable retryInMillis={} cause={}", reopenBackoff, why);
    }
    lastFailure = why;
  }

  private static ChatException refusal(String why) {
    return new ChatException(Failure.UNAVAILABLE, "storage cannot write now (" + why + "); resend later");
  }
}
