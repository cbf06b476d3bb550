package io.parley.storage.rocksdb;

import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Writes not yet in the database, latest per key, and the last sequence number handed out under each prefix. */
final class StagedWrites {
  // A null value stages a deletion.
  private final Map<ByteBuffer, byte[]> values = new HashMap<>();
  private final Map<ByteBuffer, Long> lastSeqs = new HashMap<>();

  boolean holds(ByteBuffer key) {
    return values.containsKey(key);
  }

  byte[] value(ByteBuffer key) {
    return values.get(key);
  }

  void put(ByteBuffer key, byte[] value) {
    values.put(key, value);
  }

  Long lastSeq(ByteBuffer prefix) {
    return lastSeqs.get(prefix);
  }

  void lastSeq(ByteBuffer prefix, long seq) {
    lastSeqs.put(prefix, seq);
  }

  Map<ByteBuffer, Long> lastSeqs() {
    return lastSeqs;
  }

  void absorb(StagedWrites later) {
    values.putAll(later.values);
    lastSeqs.putAll(later.lastSeqs);
  }

  /**
   * The writes in RocksDB's key order (unsigned bytes). A batch mixes messages, inboxes and idempotency records; in
   * hash order every memtable insert started its skip-list search afresh (perf: 5 to 10 % of the machine at 12,500
   * messages/s), in key order each one starts where the previous one ended.
   */
  WriteBatch toBatch() throws RocksDBException {
    List<Map.Entry<ByteBuffer, byte[]>> ordered = new ArrayList<>(values.entrySet());
    ordered.sort((a, b) -> Arrays.compareUnsigned(a.getKey().array(), b.getKey().array()));
    WriteBatch batch = new WriteBatch();
    for (Map.Entry<ByteBuffer, byte[]> entry : ordered) {
      if (entry.getValue() == null) {
        batch.delete(entry.getKey().array());
      } else {
        batch.put(entry.getKey().array(), entry.getValue());
      }
    }
    return batch;
  }
}
