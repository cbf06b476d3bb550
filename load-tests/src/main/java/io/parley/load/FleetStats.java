package io.parley.load;

import io.vertx.core.json.JsonObject;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** What a child process's devices saw, shared by its event loops. */
final class FleetStats {
  final AtomicInteger open = new AtomicInteger();
  final LongAdder heartbeats = new LongAdder();
  /** Sockets the server closed, by close code. */
  final Tally serverCloses = new Tally();
  final Tally errorFrames = new Tally();
  final Tally socketErrors = new Tally();
  /** Failed connect attempts, by kind: while ramping up, and in the reconnect storm. */
  final Tally rampErrors = new Tally();
  final Tally stormErrors = new Tally();
  /** Users whose token was refused and renewed, for the parent to write back to the users file. */
  final Queue<JsonObject> renewed = new ConcurrentLinkedQueue<>();

  JsonObject toJson() {
    return new JsonObject()
        .put("open", open.get())
        .put("heartbeats", heartbeats.sum())
        .put("serverCloses", serverCloses.toJson())
        .put("errorFrames", errorFrames.toJson())
        .put("socketErrors", socketErrors.toJson())
        .put("rampErrors", rampErrors.toJson())
        .put("stormErrors", stormErrors.toJson());
  }
}
