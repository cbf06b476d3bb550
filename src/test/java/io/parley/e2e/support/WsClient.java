package io.parley.e2e.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One device's WebSocket, as a client written from docs/PROTOCOL.md would hold it: it heartbeats at the interval
 * the welcome frame gives, answers to frames carrying a {@code ref} are matched to their request, and every other
 * frame is recorded for the test to await.
 */
public final class WsClient implements AutoCloseable {
  public static final Duration TIMEOUT = Duration.ofSeconds(15);
  /** Room for the largest legal message fully JSON-escaped, and for big sync pages. */
  private static final int MAX_INBOUND_BYTES = 64 * 1024 * 1024;
  private static final AtomicLong REFS = new AtomicLong();
  /**
   * Every device whose socket is open. Vert.x shuts a WebSocketClient down (closing its sockets) once the client
   * becomes unreachable, so an open device keeps its client reachable from here even when a test keeps no reference
   * to the device itself.
   */
  private static final Set<WsClient> OPEN = ConcurrentHashMap.newKeySet();

  private final Vertx vertx;
  private final WebSocketClient client;
  private final WebSocket socket;
  private final FrameQueue frames = new FrameQueue();
  private final Map<String, CompletableFuture<JsonObject>> answers = new ConcurrentHashMap<>();
  private final CompletableFuture<Short> closed = new CompletableFuture<>();
  private volatile long heartbeatTimer = -1;
  private volatile JsonObject welcome;

  private WsClient(Vertx vertx, WebSocketClient client, WebSocket socket) {
    this.vertx = vertx;
    this.client = client;
    this.socket = socket;
    OPEN.add(this);
    socket.textMessageHandler(this::onText);
    socket.binaryMessageHandler(bytes -> frames.add(new JsonObject().put("type", "_binary").put("bytes", bytes.length())));
    socket.closeHandler(unused -> onClose());
  }

  /** Connects with the token in the Authorization header, awaits the welcome and starts heartbeating. */
  public static WsClient open(Vertx vertx, int port, TestUser user, String deviceId) {
    return open(vertx, port, user, deviceId, true);
  }

  /** As {@link #open(Vertx, int, TestUser, String)}; without heartbeats the device falls silent after welcome. */
  public static WsClient open(Vertx vertx, int port, TestUser user, String deviceId, boolean heartbeats) {
    WsClient client = connect(vertx, port, "/v1/ws?deviceId=" + deviceId, "Bearer " + user.token());
    if (heartbeats) {
      client.startHeartbeats(client.welcome().getLong("heartbeatInterval"));
    }
    return client;
  }

  /**
   * Upgrades {@code uri} with the given Authorization header value (or none) and awaits the welcome frame. The
   * recording handlers are set in the connect callback on the connection's event loop, so no early frame is missed.
   */
  public static WsClient connect(Vertx vertx, int port, String uri, String authorization) {
    WebSocketClient sockets = newClient(vertx);
    WsClient device = ApiClient.await(OnContext.run(vertx.getOrCreateContext(),
        () -> upgrade(sockets, port, uri, authorization)
            .map(ws -> new WsClient(vertx, sockets, ws))
            .onFailure(failed -> sockets.close())), "upgrade " + uri);
    device.welcome = device.next("welcome");
    return device;
  }

  /**
   * A bare upgrade attempt, for tests of refusal: {@code authorization} is the header value or null. The attempt's
   * client is closed once the attempt ends, so a socket it opens is closed too.
   */
  public static Future<WebSocket> attempt(Vertx vertx, int port, String uri, String authorization) {
    WebSocketClient sockets = newClient(vertx);
    // the listener holds the client until the handshake ends; unreachable, Vert.x would shut it down mid-handshake
    return upgrade(sockets, port, uri, authorization).andThen(ended -> sockets.close());
  }

  private static WebSocketClient newClient(Vertx vertx) {
    return vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxFrameSize(MAX_INBOUND_BYTES)
        .setMaxMessageSize(MAX_INBOUND_BYTES));
  }

  private static Future<WebSocket> upgrade(WebSocketClient sockets, int port, String uri, String authorization) {
    WebSocketConnectOptions connect = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri);
    if (authorization != null) {
      connect.addHeader("Authorization", authorization);
    }
    return sockets.connect(connect);
  }

  public JsonObject welcome() {
    return welcome;
  }

  /** Sends a frame with a fresh {@code ref} and returns the server's answer to it (ack, sync.page or error). */
  public JsonObject request(JsonObject frame) {
    return awaitAnswer(requestAsync(frame), frame);
  }

  /** Sends a frame with a fresh {@code ref} without waiting; the future completes with the answer. */
  public CompletableFuture<JsonObject> requestAsync(JsonObject frame) {
    String ref = "r" + REFS.incrementAndGet();
    CompletableFuture<JsonObject> answer = new CompletableFuture<>();
    answers.put(ref, answer);
    sendRaw(frame.copy().put("ref", ref).encode());
    return answer;
  }

  /** Sends a {@code send} frame and expects its {@code ack}; returns the ack. */
  public JsonObject ack(JsonObject sendFrame) {
    JsonObject answer = request(sendFrame);
    assertThat(answer.getString("type")).as("answer to %s: %s", abbreviate(sendFrame), answer).isEqualTo("ack");
    return answer;
  }

  /** The message id of an answer that must be an ack. */
  public String ackOf(JsonObject answer) {
    assertThat(answer.getString("type")).as("answer %s", answer).isEqualTo("ack");
    return answer.getString("messageId");
  }

  /** The next live {@code message} frame carrying the message with this id. */
  public JsonObject nextMessage(String messageId) {
    return next("message", frame -> messageId.equals(frame.getJsonObject("message").getString("messageId")));
  }

  /** Sends a frame and expects an {@code error} answer with {@code code}; returns the error frame. */
  public JsonObject expectError(JsonObject frame, String code) {
    JsonObject answer = request(frame);
    assertThat(answer.getString("type")).as("answer to %s: %s", abbreviate(frame), answer).isEqualTo("error");
    assertThat(answer.getString("code")).as("answer to %s: %s", abbreviate(frame), answer).isEqualTo(code);
    return answer;
  }

  /** Sends a frame expecting no answer (heartbeat, read, typing). */
  public void send(JsonObject frame) {
    sendRaw(frame.encode());
  }

  public void sendRaw(String text) {
    ApiClient.await(socket.writeTextMessage(text), "write");
  }

  public void sendFrame(WebSocketFrame frame) {
    ApiClient.await(socket.writeFrame(frame), "write");
  }

  public void sendBinary(Buffer bytes) {
    ApiClient.await(socket.writeFinalBinaryFrame(bytes), "write");
  }

  /** The next recorded frame of {@code type}. */
  public JsonObject next(String type) {
    return next(type, frame -> true);
  }

  /** The next recorded frame of {@code type} that also matches {@code match}. */
  public JsonObject next(String type, Predicate<JsonObject> match) {
    return poll(ofType(type).and(match), TIMEOUT)
        .orElseThrow(() -> new AssertionError("no '" + type + "' frame matching within " + TIMEOUT + "; "
            + frames.describe() + (isClosed() ? " (socket closed, code " + closed.getNow(null) + ")" : "")));
  }

  public Optional<JsonObject> poll(Predicate<JsonObject> match, Duration timeout) {
    return frames.poll(match, timeout);
  }

  /** Checks that no frame matching arrives within {@code window}. */
  public void expectNone(Predicate<JsonObject> match, Duration window) {
    Optional<JsonObject> unexpected = frames.poll(match, window);
    assertThat(unexpected).as("unexpected frame").isEmpty();
  }

  /** Checks that nothing arrives within {@code window} but the presence snapshot every device gets after welcome. */
  public void expectQuiet(Duration window) {
    expectNone(frame -> !Boolean.TRUE.equals(frame.getValue("snapshot")), window);
  }

  public static Predicate<JsonObject> ofType(String type) {
    return frame -> type.equals(frame.getString("type"));
  }

  /** Waits for the server to close the socket and returns its close code (null if it sent none). */
  public Short awaitClose(Duration timeout) {
    try {
      return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("socket still open after " + timeout + "; " + frames.describe(), e);
    }
  }

  public boolean isClosed() {
    return closed.isDone();
  }

  public void startHeartbeats(long intervalMillis) {
    stopHeartbeats();
    heartbeatTimer = vertx.setPeriodic(intervalMillis, id -> socket.writeTextMessage("{\"type\":\"heartbeat\"}"));
  }

  public void stopHeartbeats() {
    if (heartbeatTimer >= 0) {
      vertx.cancelTimer(heartbeatTimer);
      heartbeatTimer = -1;
    }
  }

  public void heartbeat() {
    send(new JsonObject().put("type", "heartbeat"));
  }

  /** Closes with a normal close handshake and waits for it to finish. */
  @Override
  public void close() {
    stopHeartbeats();
    if (!isClosed()) {
      ApiClient.await(socket.close(), "close");
      awaitClose(TIMEOUT);
    }
  }

  private void onText(String text) {
    JsonObject frame;
    try {
      frame = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      frame = new JsonObject().put("type", "_unparseable").put("text", text);
    }
    CompletableFuture<JsonObject> answer = frame.getValue("ref") instanceof String ref ? answers.remove(ref) : null;
    if (answer != null) {
      answer.complete(frame);
    } else {
      frames.add(frame);
    }
  }

  private void onClose() {
    stopHeartbeats();
    OPEN.remove(this);
    client.close();
    closed.complete(socket.closeStatusCode());
    answers.values().forEach(answer -> answer.completeExceptionally(new IllegalStateException("socket closed")));
  }

  private JsonObject awaitAnswer(CompletableFuture<JsonObject> answer, JsonObject frame) {
    try {
      return answer.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("no answer to " + abbreviate(frame) + " within " + TIMEOUT + ": " + e + "; "
          + frames.describe() + (isClosed() ? " (socket closed, code " + closed.getNow(null) + ")" : ""), e);
    }
  }

  private static String abbreviate(JsonObject frame) {
    String text = frame.encode();
    return text.length() > 200 ? text.substring(0, 200) + "...(" + text.length() + " chars)" : text;
  }
}
