package io.parley.storage.rocksdb;

import io.parley.bus.ChatException;
import io.parley.bus.Failure;
import io.parley.config.StorageConfig;
import io.parley.metrics.StoreMetrics;
import io.parley.storage.StorageBackend;
import io.parley.storage.Stores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The embedded storage backend ({@code storage.type: embedded}): one RocksDB under {@code <dataDir>/rocksdb} behind
 * the message, user, social and push stores. It serves one node only: its single writer thread and in-memory inbox
 * sequences are what keep writes atomic and gap-free, and they know nothing of other processes (RocksDB's lock file
 * turns a second one away).
 *
 * <p>Reads run on Vert.x worker threads; every write goes through one writer thread that commits whatever is queued
 * in one batch. Futures complete on the context of the caller.
 */
public final class RocksDbStorage implements StorageBackend {
  private static final Logger log = LoggerFactory.getLogger(RocksDbStorage.class);

  static {
    RocksDB.loadLibrary();
  }

  private final Vertx vertx;
  private final Path path;
  private final DbOptions options;
  private final DbHandle db;
  private final GroupCommitWriter writer;
  private final RocksDbMessageStore messages;
  private final RocksDbUserStore users;
  private final RocksDbSocialStore social;
  private final RocksDbPushStore push;
  private final AtomicBoolean closed = new AtomicBoolean();

  private RocksDbStorage(Vertx vertx, Path path, StorageConfig config, Clock clock, StoreMetrics metrics)
      throws IOException, RocksDBException {
    Files.createDirectories(path);
    this.vertx = vertx;
    this.path = path;
    this.options = new DbOptions(config.cacheBytes());
    try {
      this.db = new DbHandle(options.options(), path);
    } catch (RocksDBException e) {
      options.close();
      throw e;
    }
    BlockingReader reader = new BlockingReader(vertx, db);
    this.writer = new GroupCommitWriter(vertx, db, config.fsync(), config.resumeFreeBytes(), clock, metrics);
    this.messages = new RocksDbMessageStore(reader, writer);
    this.users = new RocksDbUserStore(reader, writer);
    this.social = new RocksDbSocialStore(reader, writer);
    this.push = new RocksDbPushStore(reader, writer);
    writer.start();
    log.info("storage ready type=rocksdb path={} fsync={} cacheMb={} resumeFreeMb={}", path, config.fsync(),
        config.cacheMb(), config.resumeFreeMb());
  }

  /**
   * Opens or creates the database under {@code config}'s data directory, with its fsync and block cache.
   *
   * @param clock   times the group commits, to report slow ones
   * @param metrics receives each write's wait until durable and each batch's size
   */
  public static Future<RocksDbStorage> open(Vertx vertx, StorageConfig config, Clock clock, StoreMetrics metrics) {
    Path path = Path.of(config.dataDir()).resolve("rocksdb");
    return vertx.executeBlocking(() -> new RocksDbStorage(vertx, path, config, clock, metrics), false);
  }

  /** Why writes cannot succeed now (closed, writer stopped, latest batch failed), or null when they can. Cheap. */
  @Override
  public String problem() {
    return closed.get() ? "storage closed" : writer.problem();
  }

  @Override
  public Stores stores() {
    return new Stores(messages, users, social, push);
  }

  public RocksDbMessageStore messages() {
    return messages;
  }

  public RocksDbUserStore users() {
    return users;
  }

  public RocksDbSocialStore social() {
    return social;
  }

  public RocksDbPushStore push() {
    return push;
  }

  /** Writes what is queued, flushes memory tables to disk and closes; later calls on the stores fail. */
  @Override
  public Future<Void> close() {
    if (!closed.compareAndSet(false, true)) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> {
      writer.close();
      db.close();
      options.close();
      log.info("storage closed type=rocksdb path={}", path);
      return null;
    }, false);
  }

  static ChatException closedFailure() {
    return new ChatException(Failure.UNAVAILABLE, "storage closed");
  }
}
