package io.parley.storage.rocksdb;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds keys and binary values: strings as a 4-byte length and UTF-8, numbers as 8 big-endian bytes. Because a
 * string carries its length, the encoding of its leading fields is an exact prefix for range scans.
 */
final class Encoder {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

  Encoder tag(byte tag) {
    out.write(tag);
    return this;
  }

  Encoder string(String value) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    writeBigEndian(utf8.length, Integer.BYTES);
    out.writeBytes(utf8);
    return this;
  }

  Encoder number(long value) {
    // The sign bit is flipped so that keys sort by value, negative before positive.
    writeBigEndian(value ^ Long.MIN_VALUE, Long.BYTES);
    return this;
  }

  byte[] bytes() {
    return out.toByteArray();
  }

  private void writeBigEndian(long value, int width) {
    for (int shift = (width - 1) * 8; shift >= 0; shift -= 8) {
      out.write((int) (value >>> shift));
    }
  }
}
