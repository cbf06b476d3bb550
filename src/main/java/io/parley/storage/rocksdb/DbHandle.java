package io.parley.storage.rocksdb;

import io.parley.bus.ChatException;
import io.parley.bus.Failure;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The open database, which the writer may close and open again: after a failed write (a full disk) RocksDB keeps
 * refusing every write with the same error until the handle is reopened, and RocksJava has no {@code Resume()}.
 * Opening again replays the write-ahead log, so everything written before the failure is kept.
 */
final class DbHandle {

  /** One read against the open database. */
  @FunctionalInterface
  interface Query<T> {
    T run(RocksDB db) throws RocksDBException;
  }

  private final Options options;
  private final Path path;
  // Reads hold it shared, reopen and close exclusively: a read on a closed handle would crash the JVM, not throw.
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  /** Null after a reopen closed the old handle and could not open a new one. */
  private RocksDB db;
  private boolean closed;

  DbHandle(Options options, Path path) throws RocksDBException {
    this.options = options;
    this.path = path;
    this.db = RocksDB.open(options, path.toString());
  }

  /** Runs {@code query} unless the database is closed or being reopened. */
  <T> T read(Query<T> query) throws RocksDBException {
    lock.readLock().lock();
    try {
      return query.run(open());
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The database, for the writer thread: it alone reopens, so it needs no lock to use the handle it holds.
   *
   * @throws ChatException UNAVAILABLE while a reopen has not succeeded
   */
  RocksDB writable() {
    return open();
  }

  /** Free space on the database's file system, for a caller that is not root. */
  long usableBytes() throws IOException {
    return Files.getFileStore(path).getUsableSpace();
  }

  /** Closes the database (ignoring the error that made it unwritable) and opens it again; writer thread only. */
  void reopen() throws RocksDBException {
    lock.writeLock().lock();
    try {
      if (db != null) {
        db.close();
        db = null;
      }
      db = RocksDB.open(options, path.toString());
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Waits for reads in progress, refuses later ones, flushes memory tables to disk and closes. */
  void close() throws RocksDBException {
    lock.writeLock().lock();
    try {
      closed = true;
      if (db != null) {
        try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
          db.flush(flush);
        }
        db.closeE();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  private RocksDB open() {
    if (closed) {
      throw RocksDbStorage.closedFailure();
    }
    if (db == null) {
      throw new ChatException(Failure.UNAVAILABLE, "storage is reopening after a write error");
    }
    return db;
  }
}
