package io.parley.storage.rocksdb;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Reads what an {@link Encoder} wrote, field by field in the same order. */
final class Decoder {
  private final ByteBuffer buffer;

  Decoder(byte[] bytes) {
    this(bytes, 0);
  }

  /** A decoder from {@code offset}, for example 1 to skip the tag of a key. */
  Decoder(byte[] bytes, int offset) {
    this.buffer = ByteBuffer.wrap(bytes, offset, bytes.length - offset);
  }

  String string() {
    byte[] utf8 = new byte[buffer.getInt()];
    buffer.get(utf8);
    return new String(utf8, StandardCharsets.UTF_8);
  }

  boolean hasMore() {
    return buffer.hasRemaining();
  }

  long number() {
    return buffer.getLong() ^ Long.MIN_VALUE;
  }
}
