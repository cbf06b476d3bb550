package io.parley.load;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A user's receiving device, kept as PROTOCOL.md "Keeping a device in sync" says: entries are applied in sequence
 * order from live frames and sync pages alike, a gap asks for a sync from the cursor, and the end-of-run
 * verification compares what it holds with what was acked.
 *
 * <p>Stricter than the protocol asks of a client in one point: a live frame for a sequence the device already has is
 * recorded as a duplicate, because DESIGN.md promises the gateway never writes a sequence twice to a device. A sync
 * page overlapping live frames that came before it is normal and is not.
 */
final class Inbox {
  private static final int SYNC_PAGE_LIMIT = 500;

  private final String userId;
  private final DeliveryStats stats;
  private final TreeMap<Long, Arrival> ahead = new TreeMap<>();
  private final Map<String, Long> seqByMessageId = new HashMap<>();
  private final List<String> problems = new ArrayList<>();
  private long cursor;
  private boolean syncWanted;
  private boolean syncInFlight;
  private long reconnectedAt;

  private record Arrival(JsonObject message, long receivedAt, boolean live) {
  }

  Inbox(String userId, DeliveryStats stats) {
    this.userId = userId;
    this.stats = stats;
  }

  long cursor() {
    return cursor;
  }

  void accept(String text, long receivedAt) {
    JsonObject frame = new JsonObject(text);
    switch (frame.getString("type", "")) {
      case "message" -> acceptLive(frame.getLong("seq"), frame.getJsonObject("message"), receivedAt);
      case "sync.page" -> acceptPage(frame, receivedAt);
      case "error" -> problems.add("error frame " + text);
      default -> {
        // welcome, presence, read, typing: not inbox entries
      }
    }
  }

  private void acceptLive(long seq, JsonObject message, long receivedAt) {
    if (seq <= cursor || ahead.containsKey(seq)) {
      problems.add("seq " + seq + " written twice to the device, the second time live");
      return;
    }
    ahead.put(seq, new Arrival(message, receivedAt, true));
    applyInOrder();
  }

  private void acceptPage(JsonObject page, long receivedAt) {
    syncInFlight = false;
    JsonArray entries = page.getJsonArray("entries");
    for (int i = 0; i < entries.size(); i++) {
      JsonObject entry = entries.getJsonObject(i);
      long seq = entry.getLong("seq");
      if (seq > cursor) {
        ahead.putIfAbsent(seq, new Arrival(entry.getJsonObject("message"), receivedAt, false));
      }
    }
    applyInOrder();
    if (!page.getBoolean("caughtUp")) {
      syncWanted = true;
    } else if (ahead.isEmpty() && reconnectedAt > 0) {
      stats.caughtUp(receivedAt - reconnectedAt);
      reconnectedAt = 0;
    }
  }

  private void applyInOrder() {
    while (!ahead.isEmpty() && ahead.firstKey() == cursor + 1) {
      cursor++;
      apply(cursor, ahead.pollFirstEntry().getValue());
    }
    if (!ahead.isEmpty() && !syncWanted && !syncInFlight) {
      stats.gapSync();
      syncWanted = true;
    }
  }

  private void apply(long seq, Arrival arrival) {
    JsonObject message = arrival.message();
    // system messages (a group's creation) and account events are no message of the run's: they only take a seq
    if (message.containsKey("kind")) {
      return;
    }
    Long earlier = seqByMessageId.putIfAbsent(message.getString("messageId"), seq);
    if (earlier != null) {
      problems.add("message " + message.getString("messageId") + " stored twice: seq " + earlier + " and " + seq);
    }
    if (!userId.equals(message.getString("from"))) {
      String text = message.getString("text");
      stats.delivered(arrival.live(), Long.parseLong(text.substring(0, text.indexOf(' '))), arrival.receivedAt());
    }
  }

  /** The device came back on a new connection: catch up from the cursor; a page asked for on the old one is lost. */
  void reconnected(long now) {
    reconnectedAt = now;
    syncInFlight = false;
    syncWanted = true;
  }

  boolean syncDue() {
    return syncWanted && !syncInFlight;
  }

  /** The sync frame to send now, from the cursor. */
  String startSync() {
    syncWanted = false;
    syncInFlight = true;
    return new JsonObject().put("type", "sync").put("ref", "sync").put("after", cursor).put("limit", SYNC_PAGE_LIMIT)
        .encode();
  }

  /** Whether every one of these messages is in, with no sync pending (the drain at the end waits for it). */
  boolean holdsAll(Set<String> messageIds) {
    return ahead.isEmpty() && !syncWanted && !syncInFlight && seqByMessageId.keySet().containsAll(messageIds);
  }

  /** Everything wrong with this device against the messages acked to its conversation; empty when nothing is. */
  List<String> verify(Set<String> ackedMessageIds) {
    List<String> found = new ArrayList<>(problems);
    List<String> missing = ackedMessageIds.stream().filter(id -> !seqByMessageId.containsKey(id)).toList();
    List<String> unexpected = seqByMessageId.keySet().stream().filter(id -> !ackedMessageIds.contains(id)).toList();
    if (!missing.isEmpty()) {
      found.add(missing.size() + " acked messages never arrived, e.g. " + missing.subList(0, 1));
    }
    if (!unexpected.isEmpty()) {
      found.add(unexpected.size() + " messages arrived that were never acked, e.g. " + unexpected.subList(0, 1));
    }
    if (!ahead.isEmpty()) {
      found.add("entries " + ahead.keySet() + " wait behind a gap after seq " + cursor);
    }
    stats.verified(ackedMessageIds.size(), missing.size(), !found.isEmpty());
    return found;
  }
}
