package io.parley.storage.rocksdb;

import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;

/**
 * RocksDB's options for a store whose history is kept forever, and the native objects they hold (closed with it).
 *
 * <p>Every send looks up its idempotency key before writing, and that key is new, so the lookup misses: without
 * filters a miss reads a data block in every level-0 file and in every deeper level, a cost that grows with the
 * history. A Bloom filter per file (10 bits a key, about 1 % false positives) answers most misses from memory.
 * Filters and indexes stay in the table readers' own memory (about 1.3 bytes a key for filters), not in the block
 * cache: there, data blocks evicted them and every lookup reloaded a megabyte-sized index or filter, which under
 * load slowed appends tenfold (docs/BENCHMARKS.md, "History growth").
 */
final class DbOptions implements AutoCloseable {
  private static final double FILTER_BITS_PER_KEY = 10;

  private final BloomFilter filter = new BloomFilter(FILTER_BITS_PER_KEY);
  private final LRUCache cache;
  private final Options options;

  DbOptions(long cacheBytes) {
    cache = new LRUCache(cacheBytes);
    BlockBasedTableConfig table = new BlockBasedTableConfig()
        .setFilterPolicy(filter)
        .setBlockCache(cache);
    options = new Options().setCreateIfMissing(true).setTableFormatConfig(table);
  }

  Options options() {
    return options;
  }

  @Override
  public void close() {
    options.close();
    cache.close();
    filter.close();
  }
}
