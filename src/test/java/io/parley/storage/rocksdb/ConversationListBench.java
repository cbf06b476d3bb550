package io.parley.storage.rocksdb;

import io.parley.bus.Addresses;
import io.parley.bus.Codecs;
import io.parley.config.StorageConfig;
import io.parley.metrics.NodeMetrics;
import io.parley.model.ChatMessage;
import io.parley.model.ConversationId;
import io.parley.model.IdGenerator;
import io.parley.model.Ids;
import io.parley.storage.GroupRecord;
import io.parley.storage.StorageVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How long {@code GET /v1/conversations} takes on the embedded store for a user with many conversations, measured at
 * the storage verticle's bus address (what the HTTP route forwards to), so it counts the index scan and every line's
 * extras (last message, read cursors, unread count, group name) but not HTTP.
 *
 * <p>{@code ConversationListBench <dataDir> [conversations=5000] [groups=500] [requests=500]}: gives one user that
 * many conversations (the groups among them with 5 members), three messages each, the user's read cursor on a third
 * of them, then times pages one at a time and prints latency percentiles. Run it through
 * {@code load-tests/conversations.sh}.
 */
public final class ConversationListBench {
  private static final String TEXT = "x".repeat(96);
  private static final String USER = "0194000000000001";

  private final Vertx vertx;
  private final RocksDbStorage storage;
  private final IdGenerator ids = new IdGenerator(1, Clock.systemUTC());

  private ConversationListBench(Vertx vertx, RocksDbStorage storage) {
    this.vertx = vertx;
    this.storage = storage;
  }

  public static void main(String[] args) throws Exception {
    Path dataDir = Path.of(args[0]);
    int conversations = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
    int groups = args.length > 2 ? Integer.parseInt(args[2]) : 500;
    int requests = args.length > 3 ? Integer.parseInt(args[3]) : 500;
    Vertx vertx = Vertx.vertx();
    try {
      Codecs.registerAll(vertx.eventBus());
      RocksDbStorage storage = RocksDbStorage.open(vertx, new StorageConfig("embedded", dataDir.toString(), false,
          256, 0, null), Clock.systemUTC(), NodeMetrics.disabled().store()).await(1, TimeUnit.MINUTES);
      ConversationListBench bench = new ConversationListBench(vertx, storage);
      vertx.deployVerticle(new StorageVerticle(storage.stores(), bench.ids, Clock.systemUTC()))
          .await(1, TimeUnit.MINUTES);
      long filled = System.nanoTime();
      List<Long> lastIds = bench.fill(conversations, groups);
      System.out.printf("one user, %,d conversations (%,d groups), 3 messages each: filled in %.1f s%n",
          conversations, groups, (System.nanoTime() - filled) / 1e9);
      System.out.println("  page                          requests   p50 ms   p90 ms   p99 ms   max ms");
      bench.time("newest 50", requests, null, 50);
      bench.time("newest 100", requests, null, 100);
      bench.time("50 from the middle", requests, lastIds.get(lastIds.size() / 2), 50);
      bench.time("the oldest 50", requests, lastIds.get(50), 50);
      bench.walk(100);
      storage.close().await(1, TimeUnit.MINUTES);
    } finally {
      vertx.close().await(1, TimeUnit.MINUTES);
    }
  }

  /** The conversations, oldest first; returns each one's last message id in that order. */
  private List<Long> fill(int conversations, int groups) throws Exception {
    List<Long> lastIds = new ArrayList<>(conversations);
    for (int c = 0; c < conversations; c++) {
      String peer = String.format("%016x", 0x0195_0000_0000_0000L + c);
      List<String> members = List.of(USER, peer);
      String conversation;
      if (c < groups) {
        String groupId = String.format("%016x", 0x0196_0000_0000_0000L + c);
        members = List.of(USER, peer, peer.substring(0, 15) + "a", peer.substring(0, 15) + "b",
            peer.substring(0, 15) + "c");
        storage.social().createGroup(new GroupRecord(groupId, "group " + c, USER, 0, members))
            .await(1, TimeUnit.MINUTES);
        conversation = ConversationId.group(groupId).value();
      } else {
        conversation = ConversationId.direct(USER, peer).value();
      }
      long last = 0;
      for (int m = 0; m < 3; m++) {
        String from = m == 1 ? USER : peer;
        last = ids.next();
        ChatMessage message = new ChatMessage(last, conversation, from, "c" + c + "-" + m, TEXT,
            IdGenerator.timestampOf(last));
        storage.messages().append(message, members).await(1, TimeUnit.MINUTES);
        if (c % 3 == 0 && m == 1) {
          storage.messages().markRead(conversation, USER, last).await(1, TimeUnit.MINUTES);
        }
      }
      lastIds.add(last);
    }
    return lastIds;
  }

  private void time(String label, int requests, Long before, int limit) throws Exception {
    long[] millis = new long[requests];
    for (int i = 0; i < requests; i++) {
      long start = System.nanoTime();
      JsonObject page = page(before, limit).await(1, TimeUnit.MINUTES);
      millis[i] = System.nanoTime() - start;
      if (page.getJsonArray("conversations").size() != limit) {
        throw new IllegalStateException("page of " + page.getJsonArray("conversations").size() + ", not " + limit);
      }
    }
    Arrays.sort(millis);
    System.out.printf("  %-28s %9d %8.2f %8.2f %8.2f %8.2f%n", label, requests, ms(millis, 0.5), ms(millis, 0.9),
        ms(millis, 0.99), millis[requests - 1] / 1e6);
  }

  /** Pages through the whole list once, as a client loading it all would. */
  private void walk(int limit) throws Exception {
    long start = System.nanoTime();
    Long before = null;
    int pages = 0;
    int lines = 0;
    boolean more = true;
    while (more) {
      JsonObject page = page(before, limit).await(1, TimeUnit.MINUTES);
      JsonArray listed = page.getJsonArray("conversations");
      lines += listed.size();
      pages++;
      more = page.getBoolean("hasMore");
      if (!listed.isEmpty()) {
        JsonObject last = listed.getJsonObject(listed.size() - 1);
        before = Ids.parseHex(last.getJsonObject("lastMessage").getString("messageId"));
      }
    }
    System.out.printf("  whole list, pages of %d: %,d lines in %d pages, %.1f ms%n", limit, lines, pages,
        (System.nanoTime() - start) / 1e6);
  }

  private Future<JsonObject> page(Long before, int limit) {
    JsonObject query = new JsonObject().put("userId", USER).put("limit", limit)
        .put("before", before == null ? null : Ids.toHex(before));
    return vertx.eventBus().<JsonObject>request(Addresses.STORAGE_CONVERSATION_LIST, query).map(reply -> reply.body());
  }

  private static double ms(long[] sorted, double quantile) {
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] / 1e6;
  }
}
