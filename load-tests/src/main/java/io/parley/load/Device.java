package io.parley.load;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One user's one device, as PROTOCOL.md tells a client to behave: heartbeats at the interval the welcome gives,
 * keeps an inbox cursor, syncs from it on every connect and pages until caught up, applies live messages only at
 * cursor + 1 and syncs again on a gap. Used from its shard's event loop only.
 */
final class Device {
  static final String DEVICE_ID = "scale";
  private static final String HEARTBEAT = "{\"type\":\"heartbeat\"}";
  private static final int SYNC_LIMIT = 500;

  private final int index;
  private final FleetStats stats;
  private final HeartbeatWheel wheel;
  private ScaleUser user;
  private WebSocket socket;
  private Promise<Void> ready = Promise.promise();
  private Promise<Void> closed = Promise.promise();
  private boolean dropping;
  private boolean syncing;
  private long cursor;
  private long highestSeen;
  private long applied;

  Device(int index, ScaleUser user, FleetStats stats, HeartbeatWheel wheel) {
    this.index = index;
    this.user = user;
    this.stats = stats;
    this.wheel = wheel;
    wheel.add(this);
  }

  int index() {
    return index;
  }

  ScaleUser user() {
    return user;
  }

  void renew(ScaleUser renewed) {
    user = renewed;
  }

  boolean isOpen() {
    return socket != null;
  }

  boolean isReady() {
    return socket != null && ready.future().succeeded();
  }

  /** Inbox entries applied since {@link #drop()}: what a resync recovered. */
  long applied() {
    return applied;
  }

  /** Takes over a freshly opened socket; completes once welcomed and caught up. */
  Future<Void> attach(WebSocket opened) {
    socket = opened;
    dropping = false;
    ready = Promise.promise();
    closed = Promise.promise();
    stats.open.incrementAndGet();
    opened.textMessageHandler(this::handleFrame);
    opened.exceptionHandler(cause -> stats.socketErrors.add(cause.getClass().getSimpleName()));
    opened.closeHandler(ignored -> handleClose(opened));
    return ready.future();
  }

  /** Closes the socket as a client going away would, and counts what the next connect recovers. */
  Future<Void> drop() {
    applied = 0;
    return close();
  }

  /** Closes the socket from this side; completes once it is closed. */
  Future<Void> close() {
    if (socket == null) {
      return Future.succeededFuture();
    }
    dropping = true;
    socket.close((short) 1001);
    return closed.future();
  }

  void heartbeat() {
    if (socket != null && !dropping) {
      socket.writeTextMessage(HEARTBEAT);
      stats.heartbeats.increment();
    }
  }

  private void handleFrame(String text) {
    JsonObject frame = new JsonObject(text);
    switch (frame.getString("type", "")) {
      case "welcome" -> {
        wheel.start(frame.getLong("heartbeatInterval"));
        requestSync();
      }
      case "sync.page" -> handlePage(frame);
      case "message" -> handleMessage(frame.getLong("seq"));
      case "error" -> stats.errorFrames.add(frame.getString("code", "?"));
      default -> {
      }
    }
  }

  private void handlePage(JsonObject page) {
    JsonArray entries = page.getJsonArray("entries");
    for (int i = 0; i < entries.size(); i++) {
      apply(entries.getJsonObject(i).getLong("seq"));
    }
    if (!page.getBoolean("caughtUp") || highestSeen > cursor) {
      requestSync(); // more pages, or a live message beyond this page came while it was read
      return;
    }
    syncing = false;
    ready.tryComplete();
  }

  private void handleMessage(long seq) {
    highestSeen = Math.max(highestSeen, seq);
    apply(seq);
    if (seq > cursor && !syncing) {
      requestSync();
    }
  }

  private void apply(long seq) {
    if (seq == cursor + 1) {
      cursor = seq;
      applied++;
    }
  }

  private void requestSync() {
    if (socket == null) {
      return;
    }
    syncing = true;
    socket.writeTextMessage("{\"type\":\"sync\",\"after\":" + cursor + ",\"limit\":" + SYNC_LIMIT + "}");
  }

  private void handleClose(WebSocket which) {
    stats.open.decrementAndGet();
    if (!dropping) {
      Short code = which.closeStatusCode();
      stats.serverCloses.add(code == null ? "no close frame" : "close " + code);
    }
    if (socket == which) {
      socket = null;
    }
    ready.tryFail("closed before caught up");
    closed.tryComplete();
  }
}
