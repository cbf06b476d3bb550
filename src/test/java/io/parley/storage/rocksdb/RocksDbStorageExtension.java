package io.parley.storage.rocksdb;

import io.parley.config.StorageConfig;
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
    RocksDbStorage storage = Await.result(RocksDbStorage.open(vertx, config(dataDir, fsync), Clock.systemUTC(),
        NodeMetrics.disabled().store()));
    opened.add(storage);
    return storage;
  }

  /** The embedded store's config for tests: the smallest block cache the config allows. */
  static StorageConfig config(Path dataDir, boolean fsync) {
    return new StorageConfig("embedded", dataDir.toString(), fsync, 8, 0, null);
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    for (RocksDbStorage storage : opened) {
      Await.result(storage.close());
    }
    opened.clear();
  }
}
