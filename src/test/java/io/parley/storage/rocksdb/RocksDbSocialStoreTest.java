package io.parley.storage.rocksdb;

import io.parley.storage.SocialStore;
import io.parley.storage.SocialStoreContract;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class RocksDbSocialStoreTest extends SocialStoreContract {
  @RegisterExtension
  final RocksDbStorageExtension rocksDb = new RocksDbStorageExtension();
  @TempDir
  Path dataDir;

  @Override
  protected SocialStore newStore(Vertx vertx) throws Exception {
    return rocksDb.open(vertx, dataDir).social();
  }

  /** RocksDB admits one process per directory: the embedded store serves one node, so its own second caller. */
  @Override
  protected SocialStore otherNode(Vertx vertx, SocialStore store) {
    return store;
  }
}
