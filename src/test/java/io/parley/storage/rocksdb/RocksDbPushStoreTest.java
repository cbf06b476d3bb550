package io.parley.storage.rocksdb;

import io.parley.storage.PushStore;
import io.parley.storage.PushStoreContract;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class RocksDbPushStoreTest extends PushStoreContract {
  @RegisterExtension
  final RocksDbStorageExtension rocksDb = new RocksDbStorageExtension();
  @TempDir
  Path dataDir;

  @Override
  protected PushStore newStore(Vertx vertx) throws Exception {
    return rocksDb.open(vertx, dataDir).push();
  }

  @Override
  protected boolean servesManyNodes() {
    return false;
  }
}
