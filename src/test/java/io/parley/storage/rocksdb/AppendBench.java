package io.parley.storage.rocksdb;

import io.parley.config.StorageConfig;
import io.parley.metrics.NodeMetrics;
import io.parley.model.ChatMessage;
import io.parley.model.ConversationId;
import io.parley.model.IdGenerator;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * How appends to the embedded store hold up as history grows, which no short load run shows: every send looks up its
 * idempotency key, a key that does not exist yet, so the cost of a lookup that misses across all of the store's
 * files is paid once per message for as long as the node lives.
 *
 * <p>{@code AppendBench <dataDir> [messages=6000000] [window=512] [users=20000] [report=500000]}: appends direct
 * messages of 96 characters between random pairs of users, keeping {@code window} appends in flight, and prints per
 * {@code report} messages the append rate, latency percentiles, the store's files and size on disk. Run it through
 * {@code load-tests/store.sh}.
 */
public final class AppendBench {
  private static final String TEXT = "x".repeat(96);
  /** The shipped default (conf/config.json). */
  private static final int CACHE_MB = 256;

  private final RocksDbStorage storage;
  private final Path dataDir;
  private final String[] users;
  private final IdGenerator ids = new IdGenerator(1, Clock.systemUTC());
  private final long total;
  private final int report;
  private final long[] latencies;
  private final Promise<Void> done = Promise.promise();
  private long started;
  private long completed;
  private long intervalStart;

  private AppendBench(RocksDbStorage storage, Path dataDir, long total, int users, int report) {
    this.storage = storage;
    this.dataDir = dataDir;
    this.total = total;
    this.report = report;
    this.latencies = new long[report];
    this.users = new String[users];
    for (int i = 0; i < users; i++) {
      this.users[i] = String.format("%016x", 0x0194_0000_0000_0000L + i);
    }
  }

  public static void main(String[] args) throws Exception {
    Path dataDir = Path.of(args[0]);
    long total = args.length > 1 ? Long.parseLong(args[1]) : 6_000_000;
    int window = args.length > 2 ? Integer.parseInt(args[2]) : 512;
    int users = args.length > 3 ? Integer.parseInt(args[3]) : 20_000;
    int report = args.length > 4 ? Integer.parseInt(args[4]) : 500_000;
    Vertx vertx = Vertx.vertx();
    try {
      RocksDbStorage storage = RocksDbStorage.open(vertx, new StorageConfig("embedded", dataDir.toString(), false,
          CACHE_MB, 0, null), Clock.systemUTC(), NodeMetrics.disabled().store()).await(1, TimeUnit.MINUTES);
      AppendBench bench = new AppendBench(storage, dataDir, total, users, report);
      System.out.printf("appending %,d messages, %d in flight, between %,d users, into %s%n", total, window, users,
          dataDir);
      System.out.println("  messages   appends/s   p50 ms   p99 ms  p99.9 ms  sst files   MB on disk");
      Context context = vertx.getOrCreateContext();
      context.runOnContext(ignored -> bench.start(window));
      bench.done.future().await(1, TimeUnit.HOURS);
      storage.close().await(1, TimeUnit.MINUTES);
    } finally {
      vertx.close().await(1, TimeUnit.MINUTES);
    }
  }

  private void start(int window) {
    intervalStart = System.nanoTime();
    for (int i = 0; i < window; i++) {
      appendNext();
    }
  }

  private void appendNext() {
    if (started == total) {
      return;
    }
    long number = started++;
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String from = users[random.nextInt(users.length)];
    String to = users[random.nextInt(users.length)];
    long id = ids.next();
    ChatMessage message = new ChatMessage(id, ConversationId.direct(from, to).value(), from, "c" + number, TEXT,
        IdGenerator.timestampOf(id));
    long sent = System.nanoTime();
    storage.messages().append(message, List.of(from, to)).onComplete(appended -> {
      if (appended.failed()) {
        done.tryFail(appended.cause());
        return;
      }
      latencies[(int) (completed % report)] = System.nanoTime() - sent;
      completed++;
      if (completed % report == 0) {
        printInterval();
      }
      if (completed == total) {
        done.tryComplete();
      } else {
        appendNext();
      }
    });
  }

  private void printInterval() {
    long now = System.nanoTime();
    double rate = report / ((now - intervalStart) / 1e9);
    long[] sorted = latencies.clone();
    Arrays.sort(sorted);
    DiskUse disk = diskUse();
    System.out.printf("%,10d %,11.0f %8.2f %8.2f %9.2f %10d %12.0f%n", completed, rate, millis(sorted, 0.50),
        millis(sorted, 0.99), millis(sorted, 0.999), disk.sstFiles(), disk.bytes() / 1e6);
    intervalStart = now;
  }

  private static double millis(long[] sorted, double quantile) {
    return sorted[(int) Math.min(sorted.length - 1, Math.round(quantile * sorted.length))] / 1e6;
  }

  private record DiskUse(long sstFiles, long bytes) {
  }

  /** The store's table files and the bytes of everything in its directory (tables, write-ahead log, manifest). */
  private DiskUse diskUse() {
    try (Stream<Path> files = Files.list(dataDir.resolve("rocksdb"))) {
      List<Path> all = files.toList();
      return new DiskUse(all.stream().filter(file -> file.toString().endsWith(".sst")).count(),
          all.stream().mapToLong(file -> file.toFile().length()).sum());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
