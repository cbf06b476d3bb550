package io.parley.storage;

import io.parley.config.ConfigException;
import io.parley.config.StorageConfig;
import io.parley.metrics.StoreMetrics;
import io.parley.storage.cassandra.CassandraStorage;
import io.parley.storage.rocksdb.RocksDbStorage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Clock;

/**
 * Opens the storage backend {@code storage.type} names: the one place that knows the implementations. A new type is
 * one case here and one value in {@link StorageConfig}'s accepted types.
 */
public final class StorageBackends {

  private StorageBackends() {
  }

  /**
   * Starts opening the backend: Cassandra, on other machines, is retried until it answers; the embedded store is
   * tried once. See {@link StorageOpening}.
   */
  public static StorageOpening opening(Vertx vertx, StorageConfig config, Clock clock, StoreMetrics metrics) {
    return new StorageOpening(vertx, config.type(), () -> open(vertx, config, clock, metrics),
        config.type().equals("cassandra")).begin();
  }

  /**
   * Opens the backend, ready to read and write once the future succeeds. Fails with a {@link ConfigException} naming
   * {@code storage.type} for a type this build has no backend for.
   *
   * @param clock   times the backend's own work (slow commits)
   * @param metrics receives the backend's write latencies and batch sizes
   */
  public static Future<StorageBackend> open(Vertx vertx, StorageConfig config, Clock clock, StoreMetrics metrics) {
    return switch (config.type()) {
      case "embedded" -> RocksDbStorage.open(vertx, config, clock, metrics).map(StorageBackend.class::cast);
      case "cassandra" -> CassandraStorage.open(vertx, config.cassandra()).map(StorageBackend.class::cast);
      default -> Future.failedFuture(new ConfigException("storage.type",
          "no storage backend of type '" + config.type() + "' in this build"));
    };
  }
}
