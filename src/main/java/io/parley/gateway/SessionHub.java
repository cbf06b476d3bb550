package io.parley.gateway;

import io.parley.bus.UserDirectory;
import io.parley.bus.SessionSignal;
import io.parley.bus.UserEvent;
import io.parley.config.GatewayConfig;
import io.parley.config.PresenceConfig;
import io.parley.health.NodeState;
import io.parley.metrics.GatewayMetrics;
import io.parley.protocol.FrameParser;
import io.parley.protocol.ServerFrames;
import io.parley.util.ExpiryWheel;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import static io.parley.bus.Addresses.PRESENCE_CONNECTION;
import static io.parley.bus.Addresses.PRESENCE_HEARTBEAT;

/**
 * The connected devices of one gateway instance. The node consumes each user's address once, whichever instances hold
 * the user's devices ({@link UserAddresses}), so the bus carries one copy per node whatever the number of devices;
 * this instance is handed what comes for the users of its devices. The same address
 * carries {@link SessionSignal}s, which close the connections of a revoked session or deleted account, or a device's
 * older connection when it connects again. One periodic timer serves every connection: it batches heartbeats to
 * presence and, through a timing wheel, visits only the connections whose silence deadline has come, so no connection
 * owns a timer and no tick scans them all. All of it runs on the instance's event loop.
 */
final class SessionHub implements UserAddresses.Holder {
  private static final Logger log = LoggerFactory.getLogger(SessionHub.class);
  private static final long TICK_MILLIS = 1000;
  /** A refused send is told to come back after 100 to 300 ms, spread so refused clients do not return together. */
  private static final long BUSY_RETRY_MIN_MILLIS = 100;
  private static final long BUSY_RETRY_SPREAD_MILLIS = 200;
  /** A drain waits this long after its last close at most, in case a socket's 2 s cut-off never came. */
  private static final long DRAIN_SETTLE_MILLIS = 5000;
  /** A moved client is told to wait up to this long before it reconnects, on top of the spread of the closes. */
  private static final long RECONNECT_JITTER_MILLIS = 1000;

  private final Vertx vertx;
  private final Context context;
  private final EventBus bus;
  private final UserDirectory directory;
  private final UserAddresses addresses;
  private final GatewayConfig config;
  private final PresenceConfig presence;
  private final FrameParser parser;
  private final Clock clock;
  private final GatewayMetrics metrics;
  private final PresenceSnapshot snapshot;
  private final NodeState state;
  private final Map<String, UserDevices> users = new HashMap<>();
  private final ExpiryWheel<ClientSession> silenceDeadlines;
  private Set<String> heardSinceTick = new HashSet<>();
  private long timerId = -1;
  /** Sends of this instance's devices awaiting routing's answer. */
  private int pendingSends;
  /** Set once the node stops: completes when the last session is gone. */
  private Promise<Void> drained;

  /** The devices of one user on this instance, and when the node began to consume the user's address. */
  private record UserDevices(List<ClientSession> sessions, Future<Void> registered) {
  }

  SessionHub(Vertx vertx, UserAddresses addresses, UserDirectory directory, GatewayConfig config,
      PresenceConfig presence, Clock clock, GatewayMetrics metrics, NodeState state) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.bus = vertx.eventBus();
    this.addresses = addresses;
    this.directory = directory;
    this.config = config;
    this.presence = presence;
    this.parser = new FrameParser(config.syncPageMax());
    this.clock = clock;
    this.metrics = metrics;
    this.snapshot = new PresenceSnapshot(bus);
    this.state = state;
    this.silenceDeadlines = new ExpiryWheel<>(presence.offlineAfterSeconds() + 1);
  }

  void start() {
    timerId = vertx.setPeriodic(TICK_MILLIS, ignored -> tick());
  }

  void stop() {
    vertx.cancelTimer(timerId);
  }

  /**
   * Moves every session to another node: each, at a random moment within {@code spreadMillis} so their clients do not
   * come back at once, is told to reconnect after a jittered delay and closed with 4002 once its pending sends are
   * answered ({@link ClientSession#moveAway}). Completes once all are gone: each client answers the close frame or is
   * cut off 2 s after it; at the latest {@code maxMillis} after the start. Sessions opened meanwhile move at once.
   */
  Future<Void> drain(long spreadMillis, long maxMillis) {
    drained = Promise.promise();
    List<ClientSession> open = new ArrayList<>();
    users.values().forEach(devices -> open.addAll(devices.sessions));
    for (ClientSession session : open) {
      long at = spreadMillis == 0 ? 0 : ThreadLocalRandom.current().nextLong(spreadMillis);
      if (at == 0) {
        moveAway(session);
      } else {
        vertx.setTimer(at, ignored -> moveAway(session));
      }
    }
    if (users.isEmpty()) {
      drained.tryComplete();
    } else {
      vertx.setTimer(Math.min(maxMillis, spreadMillis + DRAIN_SETTLE_MILLIS), ignored -> drained.tryComplete());
    }
    return drained.future();
  }

  boolean draining() {
    return drained != null;
  }

  private void moveAway(ClientSession session) {
    session.moveAway(ThreadLocalRandom.current().nextLong(RECONNECT_JITTER_MILLIS));
  }

  /** Takes over an upgraded socket; frames are read only once the user's address is being consumed. */
  void open(ClientSocket socket, Caller caller, String deviceId) {
    String userId = caller.userId();
    ClientSession session = new ClientSession(socket, caller, deviceId, this, now());
    metrics.connected();
    state.deviceConnected();
    UserDevices devices = users.computeIfAbsent(userId,
        id -> new UserDevices(new ArrayList<>(2), addresses.join(id, this)));
    devices.sessions.add(session);
    // every instance and node holding this user's sockets closes an older connection of the same device
    directory.publish(userId, session.connectedSignal());
    silenceDeadlines.schedule(session, session.lastHeardMillis() + silenceMillis());
    bus.send(PRESENCE_CONNECTION, connection(session, true));
    if (draining()) {
      moveAway(session);
      return;
    }
    devices.registered.onComplete(ignored -> {
      session.start(ServerFrames.welcome(userId, deviceId, presence.heartbeatIntervalSeconds() * 1000));
      snapshot.of(userId).onSuccess(session::snapshot);
    });
  }

  void closed(ClientSession session) {
    UserDevices devices = users.get(session.userId());
    if (devices == null || !devices.sessions.remove(session)) {
      return;
    }
    metrics.disconnected();
    state.deviceDisconnected();
    bus.send(PRESENCE_CONNECTION, connection(session, false));
    if (devices.sessions.isEmpty()) {
      users.remove(session.userId());
      addresses.leave(session.userId(), this);
    }
    if (drained != null && users.isEmpty()) {
      drained.tryComplete();
    }
  }

  /** Counts a send in until it is answered; false when this instance already awaits as many as it may. */
  boolean admitSend() {
    if (pendingSends >= config.maxPendingSends()) {
      return false;
    }
    pendingSends++;
    return true;
  }

  void sendSettled() {
    pendingSends--;
  }

  long busyRetryAfterMillis() {
    return BUSY_RETRY_MIN_MILLIS + ThreadLocalRandom.current().nextLong(BUSY_RETRY_SPREAD_MILLIS);
  }

  void heard(String userId) {
    heardSinceTick.add(userId);
  }

  <T> Future<T> request(String address, Object body) {
    return bus.<T>request(address, body).map(Message::body);
  }

  GatewayMetrics metrics() {
    return metrics;
  }

  GatewayConfig config() {
    return config;
  }

  FrameParser parser() {
    return parser;
  }

  long now() {
    return clock.millis();
  }

  @Override
  public Context context() {
    return context;
  }

  /** What came to the address of a user of this instance's devices; none may be left when it comes. */
  @Override
  public void received(String userId, Object body) {
    UserDevices devices = users.get(userId);
    if (devices == null) {
      return;
    }
    if (body instanceof SessionSignal signal) {
      List.copyOf(devices.sessions).forEach(session -> session.signalled(signal));
      return;
    }
    UserEvent delivered = (UserEvent) body;
    for (int i = 0; i < devices.sessions.size(); i++) {
      devices.sessions.get(i).deliver(delivered);
    }
  }

  private void tick() {
    if (!heardSinceTick.isEmpty()) {
      bus.send(PRESENCE_HEARTBEAT, new JsonArray(new ArrayList<>(heardSinceTick)));
      heardSinceTick = new HashSet<>();
    }
    closeSilent(now());
  }

  /** Visits only the sessions whose deadline has come, re-filing those heard from since it was set. */
  private void closeSilent(long now) {
    int closed = 0;
    for (ClientSession session : silenceDeadlines.due(now)) {
      if (session.isClosed()) {
        continue;
      }
      long deadline = session.lastHeardMillis() + silenceMillis();
      if (deadline > now) {
        silenceDeadlines.schedule(session, deadline);
      } else {
        session.close(ClientSession.CLOSE_IDLE, "no heartbeat");
        closed++;
      }
    }
    if (closed > 0) {
      log.info("closed silent connections count={}", closed);
    }
  }

  private long silenceMillis() {
    return presence.offlineAfterSeconds() * 1000L;
  }

  private static JsonObject connection(ClientSession session, boolean connected) {
    return new JsonObject().put("userId", session.userId()).put("deviceId", session.deviceId())
        .put("connected", connected);
  }
}
