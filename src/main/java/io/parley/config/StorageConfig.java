package io.parley.config;

/**
 * Where history, inboxes and accounts live.
 *
 * @param type    {@code embedded} (RocksDB under {@code dataDir}, one node only)
 * @param dataDir directory of the embedded store and the generated token key
 * @param fsync   acknowledge a message only after its write-ahead log is fsynced (power-loss safe, group committed)
 * @param cacheMb the embedded store's block cache for recently read data blocks, outside the Java heap
 */
public record StorageConfig(String type, String dataDir, boolean fsync, int cacheMb) {
  static StorageConfig from(ConfigReader reader) {
    return new StorageConfig(reader.oneOf("type", "embedded"), reader.string("dataDir"), reader.bool("fsync"),
        reader.integer("cacheMb", 8, 1024 * 1024));
  }

  public long cacheBytes() {
    return cacheMb * 1024L * 1024L;
  }
}
