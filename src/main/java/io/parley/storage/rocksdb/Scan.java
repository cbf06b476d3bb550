package io.parley.storage.rocksdb;

import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** Range reads over the keys that share a prefix. */
final class Scan {

  /** One key and its value. */
  record Row(byte[] key, byte[] value) {
  }

  private Scan() {
  }

  static List<Row> all(RocksDB db, byte[] prefix) throws RocksDBException {
    return forward(db, prefix, prefix, Integer.MAX_VALUE);
  }

  /** Up to {@code limit} rows under {@code prefix} from key {@code from} on, ascending. */
  static List<Row> forward(RocksDB db, byte[] prefix, byte[] from, int limit) throws RocksDBException {
    try (RocksIterator iterator = db.newIterator()) {
      return forward(iterator, prefix, from, limit);
    }
  }

  static List<Row> forward(RocksIterator iterator, byte[] prefix, byte[] from, int limit) throws RocksDBException {
    List<Row> rows = new ArrayList<>();
    for (iterator.seek(from); rows.size() < limit && iterator.isValid() && startsWith(iterator.key(), prefix);
        iterator.next()) {
      rows.add(new Row(iterator.key(), iterator.value()));
    }
    iterator.status();
    return rows;
  }

  /** The last {@code limit} rows under {@code prefix} up to key {@code to} included, ascending. */
  static List<Row> backward(RocksDB db, byte[] prefix, byte[] to, int limit) throws RocksDBException {
    List<Row> rows = new ArrayList<>();
    try (RocksIterator iterator = db.newIterator()) {
      for (iterator.seekForPrev(to); rows.size() < limit && iterator.isValid() && startsWith(iterator.key(), prefix);
          iterator.prev()) {
        rows.add(new Row(iterator.key(), iterator.value()));
      }
      iterator.status();
    }
    Collections.reverse(rows);
    return rows;
  }

  /** The number ending the last key under {@code prefix}, whose keys are {@code prefix + number}; 0 when none. */
  static long lastNumber(RocksIterator iterator, byte[] prefix) throws RocksDBException {
    byte[] end = Arrays.copyOf(prefix, prefix.length + Long.BYTES);
    Arrays.fill(end, prefix.length, end.length, (byte) 0xFF);
    iterator.seekForPrev(end);
    if (!iterator.isValid()) {
      iterator.status();
      return 0;
    }
    byte[] key = iterator.key();
    return startsWith(key, prefix) ? new Decoder(key, prefix.length).number() : 0;
  }

  static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }
}
