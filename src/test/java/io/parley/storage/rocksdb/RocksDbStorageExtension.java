package io.parley.storage.rocksdb;

import io.parley.metrics.NodeMetrics;
import io.parley.storage.Await;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Opens embedded storages for a test and closes whatever is still open after it. */
final class RocksDbStorageExtension implements AfterEachCallback {
  private final List<RocksDbStorage> opened = new ArrayList<>();

  RocksDbStorage open(Vertx vertx, Path dataDir) throws Exception {
    return open(vertx, dataDir, false);
  }

  RocksDbStorage open(Vertx vertx, Path dataDir, boolean fsync) throws Exception {
    RocksDbStorage storage = Await.result(RocksDbStorage.open(vertx, dataDir, fsync, Clock.systemUTC(),
        NodeMetrics.disabled().store()));
    opened.add(storage);
    return storage;
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    for (RocksDbStorage storage : opened) {
      Await.result(storage.close());
    }
    opened.clear();
  }
}
