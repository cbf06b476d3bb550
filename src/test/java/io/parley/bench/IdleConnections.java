package io.parley.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
    HttpClient http = vertx.createHttpClient(new HttpClientOptions(), new PoolOptions().setHttp1MaxSize(8));
    WebSocketClient ws = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(connections));
    JsonObject credentials = new JsonObject().put("username", "idle" + UUID.randomUUID().toString().substring(0, 8))
        .put("password", "benchmark-password");
    String token = await(post(http, host, port, "/v1/accounts", credentials)
        .compose(ignored -> post(http, host, port, "/v1/sessions", credentials))).getString("token");

    AtomicInteger errors = new AtomicInteger();
    List<WebSocket> sockets = new ArrayList<>();
    long start = System.nanoTime();
    int batch = 200;
    for (int i = 0; i < connections; i += batch) {
      List<Future<WebSocket>> opening = new ArrayList<>();
      for (int j = i; j < Math.min(connections, i + batch); j++) {
        // one user with many devices: every connection pays the full per-connection cost, none is shared
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(host).setPort(port)
            .setURI("/v1/ws?deviceId=d" + j + "&token=" + token);
        opening.add(ws.connect(options).onFailure(e -> errors.incrementAndGet()));
      }
      for (Future<WebSocket> socket : opening) {
        try {
          sockets.add(await(socket));
        } catch (Exception e) {
          // counted above
        }
      }
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

  private static Future<JsonObject> post(HttpClient http, String host, int port, String path, JsonObject body) {
    return http.request(new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port).setURI(path))
        .compose(request -> request.send(body.encode()))
        .compose(response -> response.body().map(buffer -> buffer.toJsonObject()));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
