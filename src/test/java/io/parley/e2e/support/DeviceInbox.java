package io.parley.e2e.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The device-side inbox cursor of PROTOCOL.md "Keeping a device in sync", followed to the letter: sync on
 * connect until caught up; a live message at cursor + 1 is applied, one at or below the cursor is a duplicate,
 * one above cursor + 1 means a gap and a sync from the cursor. It also checks what the server promises along the
 * way (consecutive page entries, one message per seq) and fails at the first broken promise.
 */
public final class DeviceInbox {
  private static final String SYNC_REF = "inbox-sync-";

  private final WsClient ws;
  private final int pageLimit;
  private final List<JsonObject> shown = new ArrayList<>();
  private final Map<Long, String> messageIdBySeq = new HashMap<>();
  private final List<JsonObject> pages = new ArrayList<>();
  private long cursor;
  private long highestSeen;
  private String pendingSyncRef;
  private long pendingSyncAfter;
  private int syncs;
  private int appliedLive;

  public DeviceInbox(WsClient ws, int pageLimit) {
    this.ws = ws;
    this.pageLimit = pageLimit;
  }

  /** Step 1: on connect, sync from the cursor and keep syncing until a page says caught up. */
  public DeviceInbox catchUp() {
    requestSync();
    pumpUntil(() -> pendingSyncRef == null && cursor >= highestSeen, "catching up");
    return this;
  }

  /** Applies live frames (and the syncs they trigger) until the cursor reaches {@code seq}. */
  public DeviceInbox awaitCursor(long seq, Duration timeout) {
    pumpUntil(() -> cursor >= seq, "reaching seq " + seq, timeout);
    return this;
  }

  public long cursor() {
    return cursor;
  }

  /** The messages shown, in the order applied (which is inbox order). */
  public List<JsonObject> messages() {
    return List.copyOf(shown);
  }

  /** How many messages were applied from live frames rather than from sync pages. */
  public int appliedLive() {
    return appliedLive;
  }

  /** Every sync.page answer received, in order. */
  public List<JsonObject> pages() {
    return List.copyOf(pages);
  }

  private void pumpUntil(java.util.function.BooleanSupplier done, String goal) {
    pumpUntil(done, goal, WsClient.TIMEOUT);
  }

  private void pumpUntil(java.util.function.BooleanSupplier done, String goal, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean()) {
      long left = deadline - System.nanoTime();
      Optional<JsonObject> frame = left > 0 ? ws.poll(inboxFrames(), Duration.ofNanos(left)) : Optional.empty();
      if (frame.isEmpty()) {
        throw new AssertionError("device stuck " + goal + ": cursor=" + cursor + " highestSeen=" + highestSeen
            + " pendingSync=" + pendingSyncRef + " syncs=" + syncs);
      }
      handle(frame.get());
    }
  }

  private void handle(JsonObject frame) {
    switch (frame.getString("type")) {
      case "message" -> onLive(frame.getLong("seq"), frame.getJsonObject("message"));
      case "sync.page" -> onPage(frame);
      default -> throw new AssertionError("sync refused: " + frame);
    }
  }

  private void onLive(long seq, JsonObject message) {
    highestSeen = Math.max(highestSeen, seq);
    if (seq <= cursor) {
      checkSameMessage(seq, message, "live duplicate");
    } else if (seq == cursor + 1) {
      apply(seq, message);
      appliedLive++;
    } else if (pendingSyncRef == null) {
      requestSync();
    }
  }

  private void onPage(JsonObject page) {
    if (!page.getString("ref").equals(pendingSyncRef)) {
      throw new AssertionError("sync.page for a sync not pending (" + pendingSyncRef + "): " + page.getString("ref"));
    }
    pendingSyncRef = null;
    pages.add(page);
    JsonArray entries = page.getJsonArray("entries");
    long expected = pendingSyncAfter + 1;
    for (int i = 0; i < entries.size(); i++, expected++) {
      JsonObject entry = entries.getJsonObject(i);
      long seq = entry.getLong("seq");
      if (seq != expected) {
        throw new AssertionError("sync after " + pendingSyncAfter + ": entry " + i + " has seq " + seq
            + ", expected " + expected + " (entries must be consecutive and ascending)");
      }
      if (seq <= cursor) {
        checkSameMessage(seq, entry.getJsonObject("message"), "sync entry");
      } else {
        apply(seq, entry.getJsonObject("message"));
      }
    }
    checkPageEnd(page, expected - 1);
    highestSeen = Math.max(highestSeen, page.getLong("lastSeq"));
    if (!page.getBoolean("caughtUp") || cursor < highestSeen) {
      requestSync();
    }
  }

  private void checkPageEnd(JsonObject page, long lastEntrySeq) {
    Object caughtUp = page.getValue("caughtUp");
    if (!(caughtUp instanceof Boolean) || !(page.getValue("lastSeq") instanceof Number)) {
      throw new AssertionError("sync.page without boolean caughtUp and numeric lastSeq: " + page.fieldNames());
    }
    if ((Boolean) caughtUp && page.getLong("lastSeq") != lastEntrySeq) {
      throw new AssertionError("page says caughtUp but ends at " + lastEntrySeq + " while lastSeq=" + page.getLong("lastSeq"));
    }
  }

  private void apply(long seq, JsonObject message) {
    if (seq != cursor + 1) {
      throw new AssertionError("seq " + seq + " applied at cursor " + cursor + ": a message would be skipped");
    }
    messageIdBySeq.put(seq, message.getString("messageId"));
    shown.add(message);
    cursor = seq;
  }

  private void checkSameMessage(long seq, JsonObject message, String where) {
    String known = messageIdBySeq.get(seq);
    if (known != null && !known.equals(message.getString("messageId"))) {
      throw new AssertionError(where + " seq " + seq + " carries " + message.getString("messageId")
          + " but that seq was " + known);
    }
  }

  private void requestSync() {
    syncs++;
    pendingSyncRef = SYNC_REF + syncs + "-" + System.identityHashCode(this);
    pendingSyncAfter = cursor;
    ws.send(Frames.sync(cursor, pageLimit).put("ref", pendingSyncRef));
  }

  private Predicate<JsonObject> inboxFrames() {
    return frame -> switch (String.valueOf(frame.getString("type"))) {
      case "message" -> true;
      case "sync.page", "error" -> String.valueOf(frame.getValue("ref")).startsWith(SYNC_REF);
      default -> false;
    };
  }
}
