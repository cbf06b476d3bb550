package io.parley.storage.rocksdb;

import io.parley.util.BoundedMap;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

import java.nio.ByteBuffer;
import java.util.Map;

/**
 * The last committed number of each sequence of keys {@code prefix + number}. It is read from the database the
 * first time a prefix is used, then kept in memory, so an append reads each recipient's inbox end once at most.
 * Only the {@code capacity} most recently used are kept: the map holds committed numbers only, which the database
 * also holds, so one that is dropped is simply read again. Touched by the writer thread only.
 */
final class Sequences {
  /** About 100 bytes an entry: active inboxes of a busy node fit, idle ones cost nothing. */
  static final int DEFAULT_CAPACITY = 1_000_000;

  private final RocksDB db;
  private final Map<ByteBuffer, Long> committed;

  Sequences(RocksDB db, int capacity) {
    this.db = db;
    this.committed = BoundedMap.accessOrdered(capacity);
  }

  long last(byte[] prefix) throws RocksDBException {
    ByteBuffer key = ByteBuffer.wrap(prefix);
    Long last = committed.get(key);
    if (last == null) {
      try (RocksIterator iterator = db.newIterator()) {
        last = Scan.lastNumber(iterator, prefix);
      }
      committed.put(key, last);
    }
    return last;
  }

  /** Takes in the numbers of a batch once it is written. */
  void advance(StagedWrites written) {
    committed.putAll(written.lastSeqs());
  }
}
