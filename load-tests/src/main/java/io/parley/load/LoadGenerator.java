package io.parley.load;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The scenario's users connected to one server, ready to run steps at any rate. User i lives on lane i % lanes
 * (connects, receives and, if a sender, sends there); whatever the protocol, the schedule, the measuring and the
 * verdict are the same.
 */
final class LoadGenerator {
  private static final int CONNECTS_AT_ONCE = 100;
  private static final long HEARTBEAT_MILLIS = 5000;
  private static final long START_MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
  private static final long DRAIN_POLL_MILLIS = 20;

  private final ChatProtocol protocol;
  private final Scenario scenario;
  private final List<Client> clients = new ArrayList<>();
  private final List<Schedule> schedules = new ArrayList<>();
  // held for the generator's life: Vert.x closes a client, and all its connections, once it is unreachable
  private WebSocketClient sockets;
  private volatile StepMeter meter = new StepMeter(-1, Long.MAX_VALUE);

  private LoadGenerator(ChatProtocol protocol, Scenario scenario) {
    this.protocol = protocol;
    this.scenario = scenario;
  }

  /** Enrols the scenario's users on the server and connects every one of them. */
  static LoadGenerator connect(Vertx vertx, List<Lane> lanes, ChatProtocol protocol, Scenario scenario)
      throws Exception {
    LoadGenerator generator = new LoadGenerator(protocol, scenario);
    ChatProtocol.Roster roster = protocol.enrol(scenario);
    for (ChatProtocol.Peer peer : roster.users()) {
      generator.clients.add(new Client(protocol, peer, () -> generator.meter));
    }
    generator.sockets = vertx.createWebSocketClient(
        new WebSocketClientOptions().setMaxConnections(scenario.users()));
    for (int lane = 0; lane < lanes.size(); lane++) {
      List<Client> onLane = generator.clientsOn(lane, lanes.size());
      connectAll(lanes.get(lane), generator.sockets, onLane);
      if (protocol.heartbeat() != null) {
        lanes.get(lane).every(HEARTBEAT_MILLIS, timer -> onLane.forEach(client -> client.send(protocol.heartbeat())));
      }
      generator.schedules.add(new Schedule(lanes.get(lane), protocol, generator.outgoingOn(lane, lanes.size(),
          roster)));
    }
    return generator;
  }

  private static void connectAll(Lane lane, WebSocketClient sockets, List<Client> clients) throws Exception {
    for (int first = 0; first < clients.size(); first += CONNECTS_AT_ONCE) {
      List<Client> batch = clients.subList(first, Math.min(clients.size(), first + CONNECTS_AT_ONCE));
      lane.await(() -> Future.all(batch.stream().map(client -> client.connect(sockets)).toList()));
    }
  }

  private List<Client> clientsOn(int lane, int lanes) {
    List<Client> onLane = new ArrayList<>();
    for (int user = lane; user < clients.size(); user += lanes) {
      onLane.add(clients.get(user));
    }
    return onLane;
  }

  private List<Schedule.Outgoing> outgoingOn(int lane, int lanes, ChatProtocol.Roster roster) {
    List<Schedule.Outgoing> outgoing = new ArrayList<>();
    for (Scenario.Route route : scenario.routes()) {
      if (route.sender() % lanes == lane) {
        String to = scenario.groups() ? roster.groupIds().get(route.target())
            : roster.users().get(route.target()).id();
        outgoing.add(new Schedule.Outgoing(clients.get(route.sender()), new ChatProtocol.Target(to, scenario.groups())));
      }
    }
    return outgoing;
  }

  String name() {
    return protocol.name();
  }

  /**
   * Offers {@code rate} messages per second for the warm-up and then the measured seconds, waits up to the drain
   * period for every delivery (and ack), and judges the step.
   */
  StepResult runStep(int step, int rate, StepTiming timing, double limitMillis) throws Exception {
    long start = System.nanoTime() + START_MARGIN_NANOS;
    StepPlan plan = StepPlan.of(step, start, rate, timing.sendingSeconds());
    StepMeter current = new StepMeter(step, start + TimeUnit.SECONDS.toNanos(timing.warmupSeconds()));
    meter = current;
    List<Future<Void>> passes = new ArrayList<>();
    for (int lane = 0; lane < schedules.size(); lane++) {
      passes.add(schedules.get(lane).run(plan, current, lane, schedules.size()));
    }
    Future.all(passes).toCompletionStage().toCompletableFuture()
        .get(timing.sendingSeconds() + 60L, TimeUnit.SECONDS);
    long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(timing.drainSeconds());
    while (!complete(current, plan.total()) && System.nanoTime() < drainUntil) {
      Thread.sleep(DRAIN_POLL_MILLIS);
    }
    return StepResult.of(name(), rate, scenario.recipientsPerMessage(), current, protocol.acknowledges(),
        limitMillis);
  }

  private boolean complete(StepMeter step, long total) {
    return step.deliveredCount() >= total * scenario.recipientsPerMessage()
        && (!protocol.acknowledges() || step.ackedCount() >= total);
  }

  long closedConnections() {
    return clients.stream().filter(Client::isClosed).count();
  }
}
