package io.parley.storage.rocksdb;

import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

import java.nio.ByteBuffer;

/**
 * What one write task sees and changes. Reads see the database plus the writes of the tasks before it in the same
 * batch; its own writes join the batch only when the task succeeds, so a task that throws leaves no trace.
 */
final class WriteTxn {
  private final RocksDB db;
  private final Sequences sequences;
  private final StagedWrites batch;
  private final StagedWrites own = new StagedWrites();

  WriteTxn(RocksDB db, Sequences sequences, StagedWrites batch) {
    this.db = db;
    this.sequences = sequences;
    this.batch = batch;
  }

  /** The value of {@code key} as this task sees it, or null. */
  byte[] get(byte[] key) throws RocksDBException {
    ByteBuffer wrapped = ByteBuffer.wrap(key);
    if (own.holds(wrapped)) {
      return own.value(wrapped);
    }
    return batch.holds(wrapped) ? batch.value(wrapped) : db.get(key);
  }

  void put(byte[] key, byte[] value) {
    own.put(ByteBuffer.wrap(key), value);
  }

  void delete(byte[] key) {
    own.put(ByteBuffer.wrap(key), null);
  }

  /** The next number in the gap-free sequence of keys {@code prefix + number}, starting at 1. */
  long nextSeq(byte[] prefix) throws RocksDBException {
    ByteBuffer wrapped = ByteBuffer.wrap(prefix);
    Long last = own.lastSeq(wrapped);
    if (last == null) {
      last = batch.lastSeq(wrapped);
    }
    long next = (last == null ? sequences.last(prefix) : last) + 1;
    own.lastSeq(wrapped, next);
    return next;
  }

  /** Adds this task's writes to the batch; called once the task has succeeded. */
  void stage() {
    batch.absorb(own);
  }
}
