package io.parley.storage.rocksdb;

import io.parley.storage.MessageStore;
import io.parley.storage.MessageStoreContract;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class RocksDbMessageStoreTest extends MessageStoreContract {
  @RegisterExtension
  final RocksDbStorageExtension rocksDb = new RocksDbStorageExtension();
  @TempDir
  Path dataDir;

  @Override
  protected MessageStore newStore(Vertx vertx) throws Exception {
    return rocksDb.open(vertx, dataDir).messages();
  }

  /** RocksDB admits one process per directory: the embedded store serves one node, so its own second caller. */
  @Override
  protected MessageStore otherNode(Vertx vertx, MessageStore store) {
    return store;
  }
}
