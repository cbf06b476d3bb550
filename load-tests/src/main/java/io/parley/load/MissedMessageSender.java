package io.parley.load;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.UUID;

/**
 * Pushes {@code perUser} messages to each of many users over one WebSocket, {@code WINDOW} sends awaiting their ack
 * at a time, resending what the server asks to retry (RATE_LIMITED, UNAVAILABLE) with the same client message id.
 * Completes when every message is acked (stored) or refused for good.
 */
final class MissedMessageSender {
  private static final int WINDOW = 256;

  /** What the push achieved: messages acked, refused for good, and how long it took. */
  record Result(long acked, long refused, long millis) {
  }

  private final String host;
  private final int port;
  private final ScaleUser sender;
  private final List<String> recipients;
  private final int perUser;
  private final String batch = UUID.randomUUID().toString().substring(0, 8);
  private final Promise<Result> done = Promise.promise();
  private WebSocket socket;
  private Vertx vertx;
  private long start;
  private int next;
  private long acked;
  private long refused;

  MissedMessageSender(String host, int port, ScaleUser sender, List<String> recipients, int perUser) {
    this.host = host;
    this.port = port;
    this.sender = sender;
    this.recipients = recipients;
    this.perUser = perUser;
  }

  Result push(Vertx vertx) throws Exception {
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxMessageSize(1 << 20));
    try {
      this.vertx = vertx;
      return OnContext.await(vertx.getOrCreateContext(), () -> client.connect(new WebSocketConnectOptions()
          .setHost(host).setPort(port).setURI("/v1/ws?deviceId=sender&token=" + sender.token()))
          .compose(this::start), 1800);
    } finally {
      client.close();
    }
  }

  private Future<Result> start(WebSocket opened) {
    socket = opened;
    socket.textMessageHandler(this::handleFrame);
    socket.closeHandler(ignored -> done.tryFail("sender socket closed by the server: " + socket.closeStatusCode()));
    start = System.nanoTime();
    for (int i = 0; i < WINDOW; i++) {
      sendNext();
    }
    return done.future();
  }

  private int total() {
    return recipients.size() * perUser;
  }

  private void sendNext() {
    if (next < total()) {
      send(next++);
    }
  }

  private void send(int message) {
    String recipient = recipients.get(message % recipients.size());
    socket.writeTextMessage(new JsonObject().put("type", "send").put("ref", Integer.toString(message))
        .put("clientMessageId", "missed-" + batch + "-" + message).put("toUser", recipient)
        .put("text", "missed while away " + message).encode());
  }

  private void handleFrame(String text) {
    JsonObject frame = new JsonObject(text);
    String type = frame.getString("type", "");
    if (type.equals("ack")) {
      acked++;
      finished();
    } else if (type.equals("error")) {
      int message = Integer.parseInt(frame.getString("ref"));
      String code = frame.getString("code");
      if (code.equals("RATE_LIMITED") || code.equals("UNAVAILABLE")) {
        vertx.setTimer(Math.max(1, frame.getLong("retryAfter", 100L)), ignored -> send(message));
      } else {
        refused++;
        finished();
      }
    }
  }

  private void finished() {
    if (acked + refused == total()) {
      done.tryComplete(new Result(acked, refused, (System.nanoTime() - start) / 1_000_000));
    } else {
      sendNext();
    }
  }
}
