package io.parley.load;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The devices one event loop holds: connects them with a bound on connects in flight, keeps their heartbeat wheel,
 * drops and reconnects them. Its methods may be called from any thread; the work runs on its event loop.
 */
final class FleetShard extends VerticleBase {
  private static final int ATTEMPTS = 5;
  private static final long READY_TIMEOUT_SECONDS = 60;

  private final ScaleOptions options;
  private final List<ScaleUser> users;
  private final int firstIndex;
  private final FleetStats stats;
  private final List<Device> devices = new ArrayList<>();
  private final List<WebSocketClient> clients = new ArrayList<>();
  private HeartbeatWheel wheel;
  private BenchHttp http;

  FleetShard(ScaleOptions options, List<ScaleUser> users, int firstIndex, FleetStats stats) {
    this.options = options;
    this.users = users;
    this.firstIndex = firstIndex;
    this.stats = stats;
  }

  @Override
  public Future<?> start() {
    wheel = new HeartbeatWheel(vertx);
    for (int i = 0; i < users.size(); i++) {
      devices.add(new Device(firstIndex + i, users.get(i), stats, wheel));
    }
    // one client per source address, so each source has its own range of ports towards the server
    for (String source : options.sources()) {
      clients.add(vertx.createWebSocketClient(new WebSocketClientOptions().setLocalAddress(source)
          .setMaxConnections(users.size() + 1).setConnectTimeout(30_000)
          .setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 20)));
    }
    http = new BenchHttp(vertx, options.host(), options.port(), 4);
    return Future.succeededFuture();
  }

  /** Connects every device that has no socket, at most {@code limit} at a time, counting failures in {@code errors}. */
  Future<Void> connectAll(int limit, Tally errors) {
    return onLoop(() -> Bounded.run(devices.stream().filter(device -> !device.isOpen()).toList(), limit,
        device -> connect(device, errors, 1)));
  }

  /** Every device drops its socket at once; completes when all are closed. */
  Future<Void> dropAll() {
    return onLoop(() -> Future.join(devices.stream().map(Device::drop).toList()).mapEmpty());
  }

  Future<Void> closeAll() {
    return onLoop(() -> {
      wheel.stop();
      return Future.join(devices.stream().map(Device::close).toList()).mapEmpty();
    });
  }

  /** How many devices are caught up, and how many inbox entries they applied since the drop. */
  Future<JsonObject> summary() {
    return onLoop(() -> Future.succeededFuture(new JsonObject()
        .put("ready", devices.stream().filter(Device::isReady).count())
        .put("applied", devices.stream().mapToLong(Device::applied).sum())
        .put("minApplied", devices.stream().mapToLong(Device::applied).min().orElse(0))
        .put("maxApplied", devices.stream().mapToLong(Device::applied).max().orElse(0))));
  }

  private <T> Future<T> onLoop(Supplier<Future<T>> work) {
    return OnContext.call(context, work);
  }

  private Future<Void> connect(Device device, Tally errors, int attempt) {
    WebSocketClient client = clients.get(device.index() % clients.size());
    WebSocketConnectOptions target = new WebSocketConnectOptions().setHost(options.host()).setPort(options.port())
        .setURI("/v1/ws?deviceId=" + Device.DEVICE_ID + "&token=" + device.user().token());
    return client.connect(target)
        .compose(socket -> device.attach(socket).timeout(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS)
            .onFailure(ignored -> device.close()))
        .recover(cause -> {
          errors.add(kindOf(cause));
          if (attempt >= ATTEMPTS) {
            return Future.failedFuture(cause);
          }
          Future<?> before = isUnauthorized(cause) ? logInAgain(device) : vertx.timer(backoffMillis(attempt));
          return before.compose(ignored -> connect(device, errors, attempt + 1));
        });
  }

  /** The token was refused (expired, or the node's key changed): log in again, as a real client would. */
  private Future<Void> logInAgain(Device device) {
    return http.login(device.user().username()).map(reply -> {
      if (reply.status() == 200) {
        device.renew(device.user().withToken(reply.body().getString("token"), reply.body().getLong("expiresAt")));
        stats.renewed.add(new JsonObject().put("index", device.index()).put("user", device.user().line()));
      }
      return null;
    });
  }

  private static long backoffMillis(int attempt) {
    return 250L * attempt + ThreadLocalRandom.current().nextLong(250);
  }

  private static boolean isUnauthorized(Throwable cause) {
    return cause instanceof UpgradeRejectedException rejected && rejected.getStatus() == 401;
  }

  private static String kindOf(Throwable cause) {
    if (cause instanceof UpgradeRejectedException rejected) {
      return "http " + rejected.getStatus();
    }
    String message = cause.getMessage() == null ? "" : ": " + cause.getMessage();
    return cause.getClass().getSimpleName() + message.substring(0, Math.min(message.length(), 60));
  }
}
