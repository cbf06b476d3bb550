package io.parley.storage.cassandra;

import io.parley.config.CassandraConfig;
import io.parley.model.ChatMessage;
import io.parley.model.ConversationId;
import io.parley.model.IdGenerator;
import io.parley.storage.InboxEntries;
import io.parley.storage.MessageStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * What the Cassandra store holds on this machine, two "nodes" (two driver sessions, each on a Vert.x of its own)
 * writing one keyspace: appends into one inbox from one node, then from both at once (each append a conditional
 * batch on that inbox's partition, so the two nodes race), then into inboxes spread over many users; then history
 * page reads of one long conversation. Prints rate and latency percentiles per phase and checks that the contended
 * inbox has no gap.
 *
 * <p>{@code CassandraStoreBench host:port [seconds=20] [window=64] [history=20000] [reads=5000]}: {@code window}
 * appends in flight per node. Run it through {@code load-tests/cassandra-store.sh}, which starts the Cassandra.
 */
public final class CassandraStoreBench {
  private static final String TEXT = "x".repeat(96);
  private static final String KEYSPACE = "parley_store_bench";
  private static final String HOT = "00000000000000ff";
  private static final int USERS = 10_000;

  private record Node(Vertx vertx, Context context, CassandraStorage storage, IdGenerator ids) {
  }

  /** One operation a phase repeats: it starts the operation on the node's context and completes when it has. */
  private interface Operation extends Function<Node, Future<?>> {
  }

  public static void main(String[] args) throws Exception {
    String contactPoint = args[0];
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int window = args.length > 2 ? Integer.parseInt(args[2]) : 64;
    int history = args.length > 3 ? Integer.parseInt(args[3]) : 20_000;
    int reads = args.length > 4 ? Integer.parseInt(args[4]) : 5_000;
    CassandraConfig config = new CassandraConfig(List.of(contactPoint), "datacenter1", KEYSPACE, 1, "LOCAL_QUORUM",
        "LOCAL_SERIAL", 10_000);
    Node first = open(config, 1);
    Node second = open(config, 2);
    try {
      System.out.printf("Cassandra store at %s, keyspace %s; %d appends in flight per node, %d s per phase%n",
          contactPoint, KEYSPACE, window, seconds);
      System.out.println("phase                                   ops    ops/s   p50 ms   p90 ms   p99 ms  max ms");
      Operation intoHot = CassandraStoreBench::appendToHot;
      run("one inbox, one node", seconds, window, List.of(first), intoHot);
      run("one inbox, two nodes at once", seconds, window, List.of(first, second), intoHot);
      checkGapFree(first.storage().messages());
      run("spread inboxes, one node", seconds, window, List.of(first), CassandraStoreBench::appendSpread);
      run("spread inboxes, two nodes at once", seconds, window, List.of(first, second),
          CassandraStoreBench::appendSpread);
      List<Long> ids = fillConversation(first, history, window);
      run("history page of 50, random place", seconds, 16, List.of(first, second), node -> node.storage().messages()
          .history(LONG_CONVERSATION, ids.get(ThreadLocalRandom.current().nextInt(ids.size())), null, 50));
      run("history page of 50, newest", seconds, 16, List.of(first, second),
          node -> node.storage().messages().history(LONG_CONVERSATION, null, null, 50));
    } finally {
      close(first);
      close(second);
    }
  }

  private static final String LONG_CONVERSATION =
      ConversationId.direct("0000000000000001", "0000000000000002").value();

  private static Node open(CassandraConfig config, int nodeId) throws Exception {
    Vertx vertx = Vertx.vertx();
    CassandraStorage storage = CassandraStorage.open(vertx, config).await(2, TimeUnit.MINUTES);
    return new Node(vertx, vertx.getOrCreateContext(), storage, new IdGenerator(nodeId, Clock.systemUTC()));
  }

  private static void close(Node node) throws Exception {
    node.storage().close().await(1, TimeUnit.MINUTES);
    node.vertx().close().await(1, TimeUnit.MINUTES);
  }

  private static Future<?> appendToHot(Node node) {
    String from = user(ThreadLocalRandom.current().nextInt(USERS));
    return append(node, from, HOT);
  }

  private static Future<?> appendSpread(Node node) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return append(node, user(random.nextInt(USERS)), user(USERS + random.nextInt(USERS)));
  }

  private static Future<?> append(Node node, String from, String to) {
    long id = node.ids().next();
    ChatMessage message = new ChatMessage(id, ConversationId.direct(from, to).value(), from, "c" + id, TEXT,
        IdGenerator.timestampOf(id));
    return node.storage().messages().append(message, List.of(from, to));
  }

  private static String user(int number) {
    return String.format("%016x", 0x0194_0000_0000_0000L + number);
  }

  /** Runs {@code operation} with {@code window} in flight on each node for {@code seconds}, and prints the figures. */
  private static void run(String phase, int seconds, int window, List<Node> nodes, Operation operation)
      throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    List<Future<long[]>> perNode = new ArrayList<>();
    long started = System.nanoTime();
    for (Node node : nodes) {
      Promise<long[]> latencies = Promise.promise();
      node.context().runOnContext(ignored -> new Loop(node, operation, end, window, latencies).start());
      perNode.add(latencies.future());
    }
    long[] all = Future.all(perNode).await(seconds + 120L, TimeUnit.SECONDS).<long[]>list().stream()
        .flatMapToLong(Arrays::stream).sorted().toArray();
    double elapsed = (System.nanoTime() - started) / 1e9;
    System.out.printf("%-36s %8d %8.0f %8.2f %8.2f %8.2f %7.1f%n", phase, all.length, all.length / elapsed,
        millis(all, 0.50), millis(all, 0.90), millis(all, 0.99), all.length == 0 ? 0 : all[all.length - 1] / 1e6);
  }

  /** A closed loop on one node's context: keeps {@code window} operations in flight until the deadline. */
  private static final class Loop {
    private final Node node;
    private final Operation operation;
    private final long end;
    private final int window;
    private final Promise<long[]> done;
    private long[] latencies = new long[1 << 16];
    private int count;
    private int inFlight;

    Loop(Node node, Operation operation, long end, int window, Promise<long[]> done) {
      this.node = node;
      this.operation = operation;
      this.end = end;
      this.window = window;
      this.done = done;
    }

    void start() {
      for (int i = 0; i < window; i++) {
        next();
      }
    }

    private void next() {
      if (System.nanoTime() >= end) {
        if (inFlight == 0) {
          done.tryComplete(Arrays.copyOf(latencies, count));
        }
        return;
      }
      inFlight++;
      long sent = System.nanoTime();
      operation.apply(node).onComplete(result -> {
        inFlight--;
        if (result.failed()) {
          done.tryFail(result.cause());
          return;
        }
        if (count == latencies.length) {
          latencies = Arrays.copyOf(latencies, count * 2);
        }
        latencies[count++] = System.nanoTime() - sent;
        next();
      });
    }
  }

  /** Reads the contended inbox back whole and fails unless its sequences run 1, 2, 3... without a gap. */
  private static void checkGapFree(MessageStore messages) throws Exception {
    long expected = 1;
    while (true) {
      InboxEntries page = messages.inbox(HOT, expected - 1, 1000).await(1, TimeUnit.MINUTES);
      for (InboxEntries.Entry entry : page.entries()) {
        if (entry.seq() != expected) {
          throw new IllegalStateException("inbox gap: expected seq " + expected + ", found " + entry.seq());
        }
        expected++;
      }
      if (page.entries().isEmpty() || expected > page.lastSeq()) {
        break;
      }
    }
    System.out.printf("  the contended inbox holds seqs 1..%d with no gap and no duplicate%n", expected - 1);
  }

  /** Writes {@code count} messages into one conversation and returns their ids. */
  private static List<Long> fillConversation(Node node, int count, int window) throws Exception {
    List<Long> ids = new ArrayList<>(count);
    Promise<Void> filled = Promise.promise();
    int[] issued = {0};
    node.context().runOnContext(ignored -> {
      for (int i = 0; i < window; i++) {
        fillNext(node, count, issued, ids, filled);
      }
    });
    filled.future().await(10, TimeUnit.MINUTES);
    System.out.printf("  wrote %d messages into %s for the history reads%n", count, LONG_CONVERSATION);
    return ids;
  }

  private static void fillNext(Node node, int count, int[] issued, List<Long> ids, Promise<Void> filled) {
    if (issued[0] == count) {
      return;
    }
    issued[0]++;
    long id = node.ids().next();
    String from = issued[0] % 2 == 0 ? "0000000000000001" : "0000000000000002";
    ChatMessage message = new ChatMessage(id, LONG_CONVERSATION, from, "h" + id, TEXT, IdGenerator.timestampOf(id));
    node.storage().messages().append(message, List.of("0000000000000001", "0000000000000002")).onComplete(done -> {
      if (done.failed()) {
        filled.tryFail(done.cause());
        return;
      }
      ids.add(id);
      if (ids.size() == count) {
        filled.tryComplete();
      } else {
        fillNext(node, count, issued, ids, filled);
      }
    });
  }

  private static double millis(long[] sorted, double quantile) {
    return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.round(quantile * sorted.length))] / 1e6;
  }
}
