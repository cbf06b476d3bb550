package io.parley.storage.rocksdb;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SequencesTest {
  private Options options;
  private RocksDB db;

  @BeforeEach
  void open(@TempDir Path dir) throws Exception {
    options = new Options().setCreateIfMissing(true);
    db = RocksDB.open(options, dir.toString());
  }

  @AfterEach
  void close() {
    db.close();
    options.close();
  }

  private static byte[] inbox(String user) {
    return Tag.INBOX.key().string(user).bytes();
  }

  private static StagedWrites lastSeq(String user, long seq) {
    StagedWrites staged = new StagedWrites();
    staged.lastSeq(ByteBuffer.wrap(inbox(user)), seq);
    return staged;
  }

  @Test
  @DisplayName("the last number is read from the database once, then follows what commits advance")
  void readsOnceThenFollowsCommits() throws Exception {
    db.put(Tag.INBOX.key().string("ann").number(5).bytes(), new byte[0]);
    Sequences sequences = new Sequences(db, 10);
    assertThat(sequences.last(inbox("ann"))).isEqualTo(5);
    assertThat(sequences.last(inbox("bob"))).isZero();
    sequences.advance(lastSeq("ann", 7));
    assertThat(sequences.last(inbox("ann"))).isEqualTo(7);
  }

  @Test
  @DisplayName("only the most recently used are kept: the least recently used is dropped and read again")
  void boundedByRecency() throws Exception {
    db.put(Tag.INBOX.key().string("ann").number(5).bytes(), new byte[0]);
    Sequences sequences = new Sequences(db, 2);
    // a number only memory knows, so the test can tell a kept entry from one read again
    sequences.advance(lastSeq("ann", 9));
    sequences.advance(lastSeq("bob", 3));
    assertThat(sequences.last(inbox("ann"))).isEqualTo(9);
    sequences.advance(lastSeq("cid", 1));
    assertThat(sequences.last(inbox("ann"))).as("recently used, kept").isEqualTo(9);
    sequences.advance(lastSeq("dan", 1));
    sequences.advance(lastSeq("eve", 1));
    assertThat(sequences.last(inbox("ann"))).as("dropped, read again from the database").isEqualTo(5);
  }
}
