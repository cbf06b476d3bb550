package io.parley.storage.rocksdb;

import io.parley.storage.UserStore;
import io.parley.storage.SessionStoreContract;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class RocksDbSessionStoreTest extends SessionStoreContract {
  @RegisterExtension
  final RocksDbStorageExtension rocksDb = new RocksDbStorageExtension();
  @TempDir
  Path dataDir;

  @Override
  protected UserStore newStore(Vertx vertx) throws Exception {
    return rocksDb.open(vertx, dataDir).users();
  }

  /** RocksDB admits one process per directory: the embedded store serves one node, so its own second caller. */
  @Override
  protected UserStore otherNode(Vertx vertx, UserStore store) {
    return store;
  }
}
