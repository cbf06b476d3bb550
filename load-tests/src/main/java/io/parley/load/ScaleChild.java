package io.parley.load;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A child process of {@link ConnectionScale}: holds the devices of its slice of the users file, one shard per event
 * loop, reports through {@link ChildLink} and follows the parent's commands until told to stop (or its stdin ends).
 */
final class ScaleChild {
  private final ScaleOptions options;
  private final Vertx vertx;
  private final FleetStats stats = new FleetStats();
  private final List<FleetShard> shards = new ArrayList<>();

  private ScaleChild(ScaleOptions options) {
    this.options = options;
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(Runtime.getRuntime().availableProcessors()));
  }

  static void run(ScaleOptions options) throws Exception {
    ScaleChild child = new ScaleChild(options);
    try {
      child.deploy();
      child.rampUp();
      child.followCommands();
    } finally {
      child.vertx.close().await();
    }
  }

  private void deploy() {
    List<ScaleUser> mine = UserFile.load(options.users())
        .subList(options.first(), options.first() + options.connections());
    int loops = Runtime.getRuntime().availableProcessors();
    for (int i = 0; i < loops; i++) {
      int from = mine.size() * i / loops;
      FleetShard shard = new FleetShard(options, mine.subList(from, mine.size() * (i + 1) / loops),
          options.first() + from, stats);
      vertx.deployVerticle(shard).await();
      shards.add(shard);
    }
    vertx.setPeriodic(2_000, ignored -> ChildLink.emit(ChildLink.STATUS, stats.toJson()));
  }

  private void rampUp() throws Exception {
    ClientCost before = ClientCost.sample();
    long start = System.currentTimeMillis();
    all(shard -> shard.connectAll(options.inFlight() / shards.size(), stats.rampErrors));
    long end = System.currentTimeMillis();
    ClientCost after = ClientCost.sample();
    ChildLink.emit(ChildLink.READY, summary().put("rampStart", start).put("rampEnd", end)
        .put("errors", stats.rampErrors.toJson()).put("clientRssKb", after.rssKb() - before.rssKb())
        .put("clientHeapKb", after.heapKb() - before.heapKb()));
  }

  private void followCommands() throws Exception {
    BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String command = commands.readLine(); command != null; command = commands.readLine()) {
      long start = System.currentTimeMillis();
      switch (command) {
        case ChildLink.DROP -> {
          all(FleetShard::dropAll);
          ChildLink.emit(ChildLink.DROPPED, new JsonObject().put("start", start).put("end", now()));
        }
        case ChildLink.RECONNECT -> {
          all(shard -> shard.connectAll(options.stormInFlight() / shards.size(), stats.stormErrors));
          ChildLink.emit(ChildLink.RESYNCED, summary().put("start", start).put("end", now())
              .put("errors", stats.stormErrors.toJson()));
        }
        case ChildLink.STOP -> {
          JsonObject last = summary().mergeIn(stats.toJson()).put("renewed", new JsonArray(List.copyOf(stats.renewed)));
          all(FleetShard::closeAll);
          ChildLink.emit(ChildLink.FINAL, last);
          return;
        }
        default -> throw new IllegalArgumentException("unknown command " + command);
      }
    }
  }

  /** Sums the shards' summaries: devices caught up, entries applied since the drop (total, fewest and most). */
  private JsonObject summary() throws Exception {
    long ready = 0;
    long applied = 0;
    long minApplied = Long.MAX_VALUE;
    long maxApplied = 0;
    for (FleetShard shard : shards) {
      JsonObject part = shard.summary().await(1, TimeUnit.MINUTES);
      ready += part.getLong("ready");
      applied += part.getLong("applied");
      minApplied = Math.min(minApplied, part.getLong("minApplied"));
      maxApplied = Math.max(maxApplied, part.getLong("maxApplied"));
    }
    return new JsonObject().put("ready", ready).put("applied", applied).put("minApplied", minApplied)
        .put("maxApplied", maxApplied);
  }

  private void all(Function<FleetShard, Future<Void>> step) throws Exception {
    Future.join(shards.stream().map(step).toList()).await(30, TimeUnit.MINUTES);
  }

  private static long now() {
    return System.currentTimeMillis();
  }
}
