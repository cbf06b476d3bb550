package io.parley.load;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One device of a {@link FailoverBench} run, as PROTOCOL.md asks of a client. On every connect it syncs from its
 * cursor until caught up; it applies a live message at cursor + 1 and syncs on a gap; it heartbeats at the welcome's
 * interval. When its connection is lost it waits a jittered, growing delay, asks {@code GET /v1/discovery} at any
 * node it knows (the next at once if one does not answer), connects where that says and syncs. As a sender it keeps
 * each message until acked and sends it again (same {@code clientMessageId}) on each new connection and after an
 * {@code UNAVAILABLE}. It keeps what reached its
 * inbox from others, for the loss, duplicate and gap counts. Used from the fleet's event loop only.
 */
final class FailoverDevice {
  private static final int SYNC_LIMIT = 500;
  private static final long FIRST_BACKOFF_MILLIS = 500;
  private static final long MAX_BACKOFF_MILLIS = 8_000;

  private final FailoverFleet fleet;
  private final int index;
  private final String userId;
  private final String token;
  /** Whom this device writes to, or null for a device that only receives. */
  private final String to;
  private int node;
  private WebSocket socket;
  private boolean welcomed;
  private boolean syncing;
  private long heartbeatTimer = -1;
  private long cursor;
  private int attempts;
  private boolean stopped;

  /** Per clientMessageId of a message from someone else, the messageIds its inbox entries carried. */
  final Map<String, Set<String>> received = new HashMap<>();
  /** Inbox sequences a sync skipped: the server's inbox had no entry there. */
  long gaps;
  /** Messages written and not yet acked, with when each was written (nanos). */
  final Map<String, Long> unacked = new LinkedHashMap<>();
  final Set<String> written = new HashSet<>();
  private final Set<String> awaiting = new HashSet<>();
  private final Set<String> sentBefore = new HashSet<>();
  long resent;
  /** When the connection was last lost, and when the device was next caught up on a new one (nanos; 0: never). */
  long lostAt;
  long resyncedAt;
  /**
   * After the connection was lost, when discovery next answered, the next WebSocket opened and the next welcome came
   * (nanos), and the discovery rounds that took.
   */
  long discoveredAt;
  /** How long the request that answered took. */
  long discoveryTook;
  long openedAt;
  long welcomedAt;
  int roundsToReturn;

  FailoverDevice(FailoverFleet fleet, int index, String userId, String token, String to, int node) {
    this.fleet = fleet;
    this.index = index;
    this.userId = userId;
    this.token = token;
    this.to = to;
    this.node = node;
  }

  int node() {
    return node;
  }

  String userId() {
    return userId;
  }

  boolean isSender() {
    return to != null;
  }

  /** Connected, welcomed and caught up. */
  boolean isCaughtUp() {
    return socket != null && welcomed && !syncing;
  }

  void connect() {
    BenchArgs.Address at = fleet.nodes().get(node);
    fleet.sockets().connect(new WebSocketConnectOptions().setHost(at.host()).setPort(at.port())
            .setURI("/v1/ws?deviceId=bench&token=" + token))
        .onSuccess(this::attach)
        .onFailure(cause -> {
          fleet.tally("connect failed: " + FailoverFleet.kindOf(cause));
          rediscover();
        });
  }

  /** Writes one more message to {@link #to}. */
  void write() {
    String clientMessageId = index + "-" + written.size();
    written.add(clientMessageId);
    unacked.put(clientMessageId, System.nanoTime());
    if (welcomed) {
      send(clientMessageId);
    }
  }

  /** Asks for the inbox from the cursor again (a final check that nothing is left to fetch). */
  void resync() {
    if (welcomed) {
      requestSync();
    }
  }

  void stop() {
    stopped = true;
    if (socket != null) {
      socket.close((short) 1000);
    }
  }

  private void attach(WebSocket opened) {
    if (lostAt != 0 && openedAt < lostAt) {
      openedAt = System.nanoTime();
    }
    socket = opened;
    welcomed = false;
    opened.textMessageHandler(this::handleFrame);
    opened.exceptionHandler(cause -> fleet.tally("socket error: " + FailoverFleet.kindOf(cause)));
    opened.closeHandler(ignored -> handleClose(opened));
  }

  private void handleFrame(String text) {
    JsonObject frame = new JsonObject(text);
    switch (frame.getString("type", "")) {
      case "welcome" -> {
        welcomed = true;
        if (lostAt != 0 && welcomedAt < lostAt) {
          welcomedAt = System.nanoTime();
          roundsToReturn = attempts;
        }
        attempts = 0;
        heartbeatTimer = fleet.vertx().setPeriodic(frame.getLong("heartbeatInterval"), id -> heartbeat());
        requestSync();
        unacked.keySet().stream().filter(id -> !awaiting.contains(id)).toList().forEach(this::send);
      }
      case "sync.page" -> handlePage(frame);
      case "message" -> handleMessage(frame);
      case "ack" -> handleAck(frame.getString("clientMessageId"));
      case "error" -> handleError(frame);
      default -> {
      }
    }
  }

  private void handlePage(JsonObject page) {
    JsonArray entries = page.getJsonArray("entries");
    for (int i = 0; i < entries.size(); i++) {
      JsonObject entry = entries.getJsonObject(i);
      long seq = entry.getLong("seq");
      if (seq > cursor + 1) {
        gaps += seq - cursor - 1;
      }
      if (seq > cursor) {
        apply(seq, entry.getJsonObject("message"));
      }
    }
    if (!page.getBoolean("caughtUp")) {
      requestSync();
      return;
    }
    syncing = false;
    if (lostAt != 0 && resyncedAt < lostAt) {
      resyncedAt = System.nanoTime();
    }
  }

  private void handleMessage(JsonObject frame) {
    long seq = frame.getLong("seq");
    if (seq == cursor + 1) {
      apply(seq, frame.getJsonObject("message"));
    } else if (seq > cursor + 1 && !syncing) {
      requestSync();
    }
  }

  private void apply(long seq, JsonObject message) {
    cursor = seq;
    if (!userId.equals(message.getString("from"))) {
      received.computeIfAbsent(message.getString("clientMessageId"), id -> new HashSet<>())
          .add(message.getString("messageId"));
    }
  }

  private void handleAck(String clientMessageId) {
    awaiting.remove(clientMessageId);
    if (unacked.remove(clientMessageId) != null) {
      fleet.acked(clientMessageId);
    }
  }

  private void handleError(JsonObject error) {
    String code = error.getString("code", "?");
    String clientMessageId = error.getString("clientMessageId");
    fleet.tally("error " + code);
    if (clientMessageId != null && (code.equals("UNAVAILABLE") || code.equals("RATE_LIMITED"))) {
      awaiting.remove(clientMessageId);
      WebSocket on = socket;
      fleet.vertx().setTimer(error.getLong("retryAfter", 1000L), id -> {
        if (socket == on && welcomed && unacked.containsKey(clientMessageId) && !awaiting.contains(clientMessageId)) {
          send(clientMessageId);
        }
      });
    }
  }

  private void send(String clientMessageId) {
    if (!sentBefore.add(clientMessageId)) {
      resent++;
    }
    awaiting.add(clientMessageId);
    socket.writeTextMessage(new JsonObject().put("type", "send").put("clientMessageId", clientMessageId)
        .put("toUser", to).put("text", "failover " + clientMessageId).encode());
  }

  private void requestSync() {
    syncing = true;
    socket.writeTextMessage("{\"type\":\"sync\",\"after\":" + cursor + ",\"limit\":" + SYNC_LIMIT + "}");
  }

  private void heartbeat() {
    if (socket != null) {
      socket.writeTextMessage("{\"type\":\"heartbeat\"}");
    }
  }

  private void handleClose(WebSocket which) {
    if (socket != which) {
      return;
    }
    socket = null;
    welcomed = false;
    awaiting.clear();
    fleet.vertx().cancelTimer(heartbeatTimer);
    if (stopped) {
      return;
    }
    if (lostAt == 0 || resyncedAt >= lostAt) {
      lostAt = System.nanoTime();
    }
    rediscover();
  }

  /**
   * After a jittered, growing delay: where GET /v1/discovery says to connect, asked at the known nodes in turn from a
   * random one, as a client that knows several API addresses (or sits behind a balancer) does: a node that does not
   * answer is passed over at once.
   */
  private void rediscover() {
    if (stopped) {
      return;
    }
    long ceiling = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(attempts, 10));
    attempts++;
    int first = ThreadLocalRandom.current().nextInt(fleet.nodes().size());
    fleet.vertx().setTimer(1 + ThreadLocalRandom.current().nextLong(ceiling), id -> discover(first, 0));
  }

  private void discover(int first, int tried) {
    List<BenchArgs.Address> nodes = fleet.nodes();
    if (tried == nodes.size()) {
      rediscover();
      return;
    }
    BenchArgs.Address askAt = nodes.get((first + tried) % nodes.size());
    long asked = System.nanoTime();
    fleet.http().request(new RequestOptions().setMethod(HttpMethod.GET).setHost(askAt.host()).setPort(askAt.port())
            .setURI("/v1/discovery").putHeader("authorization", "Bearer " + token))
        .compose(request -> request.send())
        .compose(response -> response.body().map(body -> response.statusCode() == 200
            ? body.toJsonObject().getString("address") : null))
        .onComplete(answer -> {
          if (answer.failed()) {
            fleet.tally("discovery failed: " + FailoverFleet.kindOf(answer.cause()));
            discover(first, tried + 1);
            return;
          }
          int named = answer.result() == null ? -1 : fleet.indexOf(answer.result());
          if (named < 0) {
            fleet.tally("discovery: no node named");
            rediscover();
          } else {
            if (lostAt != 0 && discoveredAt < lostAt) {
              discoveredAt = System.nanoTime();
              discoveryTook = discoveredAt - asked;
            }
            node = named;
            connect();
          }
        });
  }
}
