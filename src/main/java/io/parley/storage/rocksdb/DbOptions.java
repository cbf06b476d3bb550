package io.parley.storage.rocksdb;

import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;

/**
 * RocksDB's options for a store whose history is kept forever, and the native objects they hold (closed with it).
 *
 * <p>Every send looks up its idempotency key before writing, and that key is new, so the lookup misses: without
 * filters a miss reads an index and a data block in every level-0 file and in every deeper level, a cost that grows
 * with the history. A Bloom filter per file (10 bits a key, about 1 % false positives) answers most misses from
 * memory. Filters and indexes live in the block cache next to data blocks, so their memory is bounded by it; the
 * level-0 ones, which every lookup consults, stay pinned there.
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
        .setBlockCache(cache)
        .setCacheIndexAndFilterBlocks(true)
        .setCacheIndexAndFilterBlocksWithHighPriority(true)
        .setPinL0FilterAndIndexBlocksInCache(true);
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
