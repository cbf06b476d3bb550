package io.parley.config;

/**
 * Where history, inboxes and accounts live.
 *
 * @param type    {@code embedded} (RocksDB under {@code dataDir}, one node only) or {@code cassandra} (the keyspace
 *                {@code cassandra} names, shared by any number of nodes)
 * @param dataDir directory of the embedded store and the generated token key
 * @param fsync   acknowledge a message only after its write-ahead log is fsynced (power-loss safe, group committed)
 * @param cacheMb the embedded store's block cache for recently read data blocks, outside the Java heap
 * @param resumeFreeMb after a failed write (a full disk), the free space the data directory's file system needs
 *                     before the embedded store reopens and writes again; 0 reopens whatever is free
 * @param cassandra    the Cassandra backend's settings
 */
public record StorageConfig(String type, String dataDir, boolean fsync, int cacheMb, int resumeFreeMb,
    CassandraConfig cassandra) {
  static StorageConfig from(ConfigReader reader) {
    return new StorageConfig(reader.oneOf("type", "embedded", "cassandra"), reader.string("dataDir"), reader.bool("fsync"),
        reader.integer("cacheMb", 8, 1024 * 1024), reader.integer("resumeFreeMb", 0, 1024 * 1024),
        CassandraConfig.from(reader.section("cassandra")));
  }

  public long cacheBytes() {
    return cacheMb * 1024L * 1024L;
  }

  public long resumeFreeBytes() {
    return resumeFreeMb * 1024L * 1024L;
  }
}
