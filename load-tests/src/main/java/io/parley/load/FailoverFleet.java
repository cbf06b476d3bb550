package io.parley.load;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The devices of a {@link FailoverBench} run on one event loop, with what they share: the nodes they know, the
 * clients, a tally of what went wrong, and the writing. Its methods are called from any thread; the work runs on its
 * event loop.
 */
final class FailoverFleet extends VerticleBase {
  /** One user's account: its id and token. */
  record Account(String userId, String token) {
  }

  private static final int CONNECTS_AT_ONCE = 50;
  private static final long WRITE_TICK_MILLIS = 10;
  private static final int HTTP_CONNECTIONS_PER_NODE = 1024;

  private final List<BenchArgs.Address> nodes;
  private final List<FailoverDevice> devices = new ArrayList<>();
  private final Map<String, Integer> problems = new TreeMap<>();
  /** When each message was acked (nanos), by clientMessageId. */
  private final Map<String, Long> ackedAt = new HashMap<>();
  private WebSocketClient sockets;
  private HttpClient http;
  private long writer = -1;
  private double owed;
  private int nextSender;

  FailoverFleet(List<BenchArgs.Address> nodes) {
    this.nodes = nodes;
  }

  @Override
  public Future<?> start() {
    sockets = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(100_000)
        .setConnectTimeout(5_000).setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 20));
    // each real device asks discovery over a connection of its own: a small shared pool would queue a reconnect storm
    http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(2_000),
        new PoolOptions().setHttp1MaxSize(HTTP_CONNECTIONS_PER_NODE));
    return Future.succeededFuture();
  }

  Vertx vertx() {
    return vertx;
  }

  List<BenchArgs.Address> nodes() {
    return nodes;
  }

  WebSocketClient sockets() {
    return sockets;
  }

  HttpClient http() {
    return http;
  }

  /** The index of the node {@code hostPort} names, or -1 when it is none of the known ones. */
  int indexOf(String hostPort) {
    return nodes.indexOf(BenchArgs.Address.parse(hostPort));
  }

  void tally(String problem) {
    problems.merge(problem, 1, Integer::sum);
  }

  void acked(String clientMessageId) {
    ackedAt.put(clientMessageId, System.nanoTime());
  }

  /** Makes the devices (user k on node k modulo the nodes) and connects them all; completes once all caught up. */
  Future<Void> connect(List<Account> senders, List<Account> recipients) {
    return onLoop(() -> {
      for (int i = 0; i < senders.size(); i++) {
        // a pair's sender and recipient on different nodes, so every message crosses the cluster
        devices.add(new FailoverDevice(this, 2 * i, senders.get(i).userId(), senders.get(i).token(),
            recipients.get(i).userId(), i % nodes.size()));
        devices.add(new FailoverDevice(this, 2 * i + 1, recipients.get(i).userId(), recipients.get(i).token(), null,
            (i + 1) % nodes.size()));
      }
      return Bounded.run(devices, CONNECTS_AT_ONCE, device -> {
        device.connect();
        return until(device::isCaughtUp);
      });
    });
  }

  /** Writes {@code perSecond} messages a second in all, the senders in turn. */
  Future<Void> startWriting(double perSecond) {
    return onLoop(() -> {
      List<FailoverDevice> senders = devices.stream().filter(FailoverDevice::isSender).toList();
      writer = vertx.setPeriodic(WRITE_TICK_MILLIS, id -> {
        for (owed += perSecond * WRITE_TICK_MILLIS / 1000; owed >= 1; owed--) {
          senders.get(nextSender++ % senders.size()).write();
        }
      });
      return Future.succeededFuture();
    });
  }

  Future<Void> stopWriting() {
    return onLoop(() -> {
      vertx.cancelTimer(writer);
      return Future.succeededFuture();
    });
  }

  /** Runs {@code read} over the devices on the event loop. */
  <T> Future<T> read(Function<List<FailoverDevice>, T> read) {
    return onLoop(() -> Future.succeededFuture(read.apply(devices)));
  }

  Future<Map<String, Long>> ackTimes() {
    return onLoop(() -> Future.succeededFuture(new HashMap<>(ackedAt)));
  }

  Future<JsonObject> problems() {
    return onLoop(() -> Future.succeededFuture(new JsonObject(new HashMap<>(problems))));
  }

  /** Every device asks for its inbox from its cursor once more; completes once all are caught up. */
  Future<Void> resyncAll() {
    return onLoop(() -> {
      devices.forEach(FailoverDevice::resync);
      return until(() -> devices.stream().allMatch(FailoverDevice::isCaughtUp));
    });
  }

  Future<Void> stopAll() {
    return onLoop(() -> {
      devices.forEach(FailoverDevice::stop);
      return Future.succeededFuture();
    });
  }

  /** Completes once {@code condition} holds, checked every 20 ms on the event loop. */
  private Future<Void> until(Supplier<Boolean> condition) {
    if (condition.get()) {
      return Future.succeededFuture();
    }
    return vertx.timer(20).compose(ignored -> until(condition));
  }

  private <T> Future<T> onLoop(Supplier<Future<T>> work) {
    return OnContext.call(context, work);
  }

  static String kindOf(Throwable cause) {
    if (cause instanceof UpgradeRejectedException rejected) {
      return "http " + rejected.getStatus();
    }
    return cause.getClass().getSimpleName();
  }
}
