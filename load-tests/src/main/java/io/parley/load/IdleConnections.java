package io.parley.load;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens {@code connections} authenticated WebSockets that heartbeat every 5 s like real clients, holds them for
 * {@code seconds}, and reports connect rate and errors. Measure the server meanwhile (jcmd GC.run, GC.heap_info, RSS).
 *
 * <pre>java -cp ... io.parley.bench.IdleConnections host port connections seconds</pre>
 */
public final class IdleConnections {
  private static final String HEARTBEAT = "{\"type\":\"heartbeat\"}";

  public static void main(String[] args) throws Exception {
    String host = args[0];
    int port = Integer.parseInt(args[1]);
    int connections = Integer.parseInt(args[2]);
    int seconds = Integer.parseInt(args[3]);
    Vertx vertx = Vertx.vertx();
    BenchHttp http = new BenchHttp(vertx, host, port);
    WebSocketClient ws = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(connections));
    String token = http.newUser("idle" + UUID.randomUUID().toString().substring(0, 8)).getString("token");

    AtomicInteger errors = new AtomicInteger();
    List<WebSocket> sockets = new ArrayList<>();
    long start = System.nanoTime();
    int batch = 200;
    for (int i = 0; i < connections; i += batch) {
      int first = i;
      List<WebSocket> opened = http.await(() -> {
        List<Future<WebSocket>> opening = new ArrayList<>();
        for (int j = first; j < Math.min(connections, first + batch); j++) {
          // one user with many devices: every connection pays the full per-connection cost, none is shared
          WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(host).setPort(port)
              .setURI("/v1/ws?deviceId=d" + j + "&token=" + token);
          opening.add(ws.connect(options).onFailure(e -> errors.incrementAndGet()).otherwiseEmpty());
        }
        return Future.join(opening).map(all -> all.<WebSocket>list().stream().filter(s -> s != null).toList());
      });
      sockets.addAll(opened);
    }
    double connectSeconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("connected=%d errors=%d in %.1f s (%.0f/s)%n", sockets.size(), errors.get(), connectSeconds,
        sockets.size() / connectSeconds);
    long periodic = vertx.setPeriodic(5000, id -> sockets.forEach(socket -> socket.writeTextMessage(HEARTBEAT)));
    long end = System.currentTimeMillis() + seconds * 1000L;
    while (System.currentTimeMillis() < end) {
      Thread.sleep(1000);
    }
    vertx.cancelTimer(periodic);
    long closed = sockets.stream().filter(WebSocket::isClosed).count();
    System.out.printf("held %d s: still open=%d closed=%d%n", seconds, sockets.size() - closed, closed);
    vertx.close();
  }
}
