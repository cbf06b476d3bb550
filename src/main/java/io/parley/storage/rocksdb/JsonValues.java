package io.parley.storage.rocksdb;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/** JSON values, for the records that are written rarely enough not to need a binary form. */
final class JsonValues {
  private JsonValues() {
  }

  static byte[] encode(JsonObject json) {
    return json.toBuffer().getBytes();
  }

  static JsonObject decode(byte[] value) {
    return new JsonObject(Buffer.buffer(value));
  }
}
