package io.parley.load;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Open-loop 1:1 throughput benchmark against a running node: {@code pairs} sender/receiver pairs, messages sent at
 * a fixed total {@code rate} for {@code seconds}; delivery latency is measured from each message's intended send time
 * (so a stalled server cannot hide its queueing: coordinated omission corrected) to its arrival at the recipient.
 *
 * <pre>java -cp ... io.parley.bench.ChatBench host port pairs rate seconds</pre>
 */
public final class ChatBench {
  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
  private final String host;
  private final int port;
  private final BenchHttp http;
  private final WebSocketClient ws;
  private final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final ConcurrentHashMap<String, Boolean> seen = new ConcurrentHashMap<>();

  private ChatBench(String host, int port) {
    this.host = host;
    this.port = port;
    this.http = new BenchHttp(vertx, host, port);
    this.ws = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(100_000));
  }

  public static void main(String[] args) throws Exception {
    String host = args.length > 0 ? args[0] : "127.0.0.1";
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 8080;
    int pairs = args.length > 2 ? Integer.parseInt(args[2]) : 50;
    int rate = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
    int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 20;
    ChatBench bench = new ChatBench(host, port);
    try {
      bench.run(pairs, rate, seconds);
    } finally {
      bench.vertx.close();
    }
  }

  private record User(String id, String token) {
  }

  private void run(int pairs, int rate, int seconds) throws Exception {
    List<User> users = new ArrayList<>();
    for (int i = 0; i < pairs * 2; i++) {
      JsonObject user = http.newUser("b" + UUID.randomUUID().toString().substring(0, 12));
      users.add(new User(user.getString("userId"), user.getString("token")));
    }
    List<WebSocket> sockets = new ArrayList<>();
    for (User user : users) {
      sockets.add(http.await(() -> connect(user)));
    }
    System.out.printf("connected users=%d pairs=%d rate=%d/s seconds=%d%n", users.size(), pairs, rate, seconds);
    long total = (long) rate * seconds;
    long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
    long start = System.nanoTime();
    for (long i = 0; i < total; i++) {
      long intended = start + i * intervalNanos;
      long wait = intended - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      int pair = (int) (i % pairs);
      WebSocket sender = sockets.get(pair * 2);
      String to = users.get(pair * 2 + 1).id();
      JsonObject frame = new JsonObject().put("type", "send").put("clientMessageId", "m" + i).put("toUser", to)
          .put("text", intended + " benchmark message " + i);
      String encoded = frame.encode();
      sender.writeTextMessage(encoded);
    }
    long sendSeconds = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    long deadline = System.currentTimeMillis() + 10_000;
    while ((delivered.get() < total || acked.get() < total) && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    synchronized (latency) {
      System.out.printf("sent=%d in %d ms (%.0f/s) acked=%d delivered=%d lost=%d duplicates=%d errors=%d%n",
          total, sendSeconds, total * 1000.0 / sendSeconds, acked.get(), delivered.get(), total - delivered.get(),
          duplicates.get(), errors.get());
      System.out.printf("delivery latency ms: p50=%.2f p90=%.2f p99=%.2f p99.9=%.2f max=%.2f%n",
          ms(latency.getValueAtPercentile(50)), ms(latency.getValueAtPercentile(90)),
          ms(latency.getValueAtPercentile(99)), ms(latency.getValueAtPercentile(99.9)), ms(latency.getMaxValue()));
    }
  }

  private static double ms(long nanos) {
    return nanos / 1_000_000.0;
  }

  private Future<WebSocket> connect(User user) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(host).setPort(port)
        .setURI("/v1/ws?deviceId=bench&token=" + user.token());
    return ws.connect(options).onSuccess(socket -> socket.textMessageHandler(text -> handleFrame(user, text)));
  }

  private void handleFrame(User user, String text) {
    long now = System.nanoTime();
    JsonObject frame = new JsonObject(text);
    switch (frame.getString("type")) {
      case "ack" -> acked.incrementAndGet();
      case "error" -> errors.incrementAndGet();
      case "message" -> {
        JsonObject message = frame.getJsonObject("message");
        if (message.getString("from").equals(user.id())) {
          return; // the sender's own copy, meant for its other devices
        }
        if (seen.putIfAbsent(message.getString("messageId"), Boolean.TRUE) != null) {
          duplicates.incrementAndGet();
          return;
        }
        String textBody = message.getString("text");
        long intended = Long.parseLong(textBody.substring(0, textBody.indexOf(' ')));
        synchronized (latency) {
          latency.recordValue(Math.max(0, now - intended));
        }
        delivered.incrementAndGet();
      }
      default -> {
      }
    }
  }
}
