package io.parley.storage.rocksdb;

import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * The last committed number of each sequence of keys {@code prefix + number}. It is read from the database the
 * first time a prefix is used, then kept in memory, so an append reads each recipient's inbox end once at most.
 * Touched by the writer thread only.
 */
final class Sequences {
  private final RocksDB db;
  private final Map<ByteBuffer, Long> committed = new HashMap<>();

  Sequences(RocksDB db) {
    this.db = db;
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
