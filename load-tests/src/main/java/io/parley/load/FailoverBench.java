package io.parley.load;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.stream.IntStream;

/**
 * Failover at scale: {@code pairs} pairs of users chatting across a running cluster (each pair's sender and recipient
 * on different nodes, {@code rate} messages a second in all), then {@code kill -9} of one node (its process id
 * given), its devices reconnecting wherever {@code GET /v1/discovery} says and syncing, as {@link FailoverDevice}
 * does. Prints how long until every device of the dead node was back and caught up, the messages in flight at the
 * kill and when the last of them was acked, and the loss, duplicate and gap counts over every inbox. Usage:
 * {@code nodes=h:p+h:p+h:p pid=PID [victim=INDEX] [pairs=1500] [rate=100] [before=20] [after=30] [settle=120]}.
 * load-tests/failover.sh starts a cluster and runs it.
 */
public final class FailoverBench {
  private static final Set<String> KEYS = Set.of("nodes", "pid", "victim", "pairs", "rate", "before", "after",
      "settle");
  private static final int SIGN_UPS_AT_ONCE = 50;

  private FailoverBench() {
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> given = BenchArgs.keyValues(args, KEYS);
    List<BenchArgs.Address> nodes = Arrays.stream(given.getOrDefault("nodes", "").split("\\+"))
        .map(BenchArgs.Address::parse).toList();
    Vertx vertx = Vertx.vertx();
    boolean passed;
    try {
      passed = run(vertx, nodes, Long.parseLong(given.get("pid")),
          Integer.parseInt(given.getOrDefault("victim", Integer.toString(nodes.size() - 1))),
          Integer.parseInt(given.getOrDefault("pairs", "1500")), Double.parseDouble(given.getOrDefault("rate", "100")),
          Integer.parseInt(given.getOrDefault("before", "20")), Integer.parseInt(given.getOrDefault("after", "30")),
          Integer.parseInt(given.getOrDefault("settle", "120")));
    } finally {
      vertx.close().await();
    }
    System.exit(passed ? 0 : 1);
  }

  private static boolean run(Vertx vertx, List<BenchArgs.Address> nodes, long pid, int victim, int pairs,
      double rate, int before, int after, int settle) throws Exception {
    ProcessHandle victimProcess = ProcessHandle.of(pid).orElseThrow(() -> new IllegalArgumentException(
        "no process " + pid));
    List<FailoverFleet.Account> senders = enrol(vertx, nodes.get(0), pairs, "s");
    List<FailoverFleet.Account> recipients = enrol(vertx, nodes.get(0), pairs, "r");
    FailoverFleet fleet = new FailoverFleet(nodes);
    vertx.deployVerticle(fleet).await();
    long connecting = System.nanoTime();
    fleet.connect(senders, recipients).await(10, TimeUnit.MINUTES);
    System.out.printf("failover: %,d devices connected and caught up over %d nodes in %d ms%n", 2 * pairs,
        nodes.size(), millisSince(connecting));

    fleet.startWriting(rate).await();
    TimeUnit.SECONDS.sleep(before);
    List<FailoverDevice> onVictim = fleet.read(devices -> devices.stream()
        .filter(device -> device.node() == victim).toList()).await();
    JsonObject atKill = fleet.read(devices -> new JsonObject()
        .put("unacked", devices.stream().mapToLong(device -> device.unacked.size()).sum())
        .put("unackedIds", new JsonArray(devices.stream()
            .flatMap(device -> device.unacked.keySet().stream()).toList()))).await();
    long killedAt = System.nanoTime();
    victimProcess.destroyForcibly();
    System.out.printf("failover: kill -9 of the node at %s:%d (pid %d) at %.0f messages/s in all; %d devices on it, %d "
        + "messages written and not yet acked%n", nodes.get(victim).host(), nodes.get(victim).port(), pid, rate,
        onVictim.size(), atKill.getLong("unacked"));

    long deadline = killedAt + TimeUnit.SECONDS.toNanos(settle);
    long allBackAt = 0;
    while (System.nanoTime() < killedAt + TimeUnit.SECONDS.toNanos(after)
        || (allBackAt == 0 && System.nanoTime() < deadline)) {
      if (allBackAt == 0 && fleet.read(devices -> onVictim.stream()
          .allMatch(device -> device.isCaughtUp() && device.resyncedAt > killedAt)).await()) {
        allBackAt = System.nanoTime();
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    fleet.stopWriting().await();
    while (fleet.read(devices -> devices.stream().anyMatch(device -> !device.unacked.isEmpty())).await()
        && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(100);
    }
    // the last deliveries, then every device asks once more from its cursor
    TimeUnit.SECONDS.sleep(2);
    fleet.resyncAll().await(2, TimeUnit.MINUTES);
    boolean passed = report(fleet, onVictim, atKill, killedAt, allBackAt);
    fleet.stopAll().await();
    return passed;
  }

  private static boolean report(FailoverFleet fleet, List<FailoverDevice> onVictim, JsonObject atKill, long killedAt,
      long allBackAt) throws Exception {
    Map<String, Long> ackedAt = fleet.ackTimes().await();
    long lastInFlightAck = atKill.getJsonArray("unackedIds").stream().map(String.class::cast)
        .mapToLong(id -> ackedAt.getOrDefault(id, Long.MAX_VALUE)).max().orElse(killedAt);
    List<Long> backTimes = perVictim(fleet, onVictim, device -> device.resyncedAt - killedAt);
    List<Long> lostTimes = perVictim(fleet, onVictim, device -> device.lostAt - killedAt);
    List<Long> discoveryTook = perVictim(fleet, onVictim, device -> device.discoveryTook);
    List<Long> discoveredTimes = perVictim(fleet, onVictim, device -> device.discoveredAt - killedAt);
    List<Long> openedTimes = perVictim(fleet, onVictim, device -> device.openedAt - killedAt);
    List<Long> welcomeTimes = perVictim(fleet, onVictim, device -> device.welcomedAt - killedAt);
    List<Long> rounds = perVictim(fleet, onVictim, device -> device.roundsToReturn);
    JsonObject counts = fleet.read(devices -> {
      long lost = 0;
      long duplicated = 0;
      long gaps = 0;
      long written = 0;
      long unacked = 0;
      long resent = 0;
      for (int i = 0; i < devices.size(); i += 2) {
        FailoverDevice sender = devices.get(i);
        FailoverDevice recipient = devices.get(i + 1);
        written += sender.written.size();
        unacked += sender.unacked.size();
        resent += sender.resent;
        lost += sender.written.stream().filter(id -> !recipient.received.containsKey(id)).count();
        duplicated += recipient.received.values().stream().filter(ids -> ids.size() > 1).count();
        gaps += sender.gaps + recipient.gaps;
      }
      return new JsonObject().put("lost", lost).put("duplicated", duplicated).put("gaps", gaps)
          .put("written", written).put("unacked", unacked).put("resent", resent);
    }).await();
    System.out.printf("failover: %d devices lost their connection with the kill; all reconnected elsewhere and caught "
            + "up %s after it (each: p50 %d ms, p99 %d ms)%n", backTimes.size(),
        allBackAt == 0 ? "NOT within the settle time" : millis(allBackAt - killedAt) + " ms",
        nanosToMillisAt(backTimes, 0.5), nanosToMillisAt(backTimes, 0.99));
    System.out.printf("failover: after the kill (p50/p99 ms): connection lost %d/%d, discovery answered %d/%d, socket "
            + "open %d/%d, welcome %d/%d; the discovery request that answered took %d/%d; discovery rounds (each after "
            + "a backoff) p50 %d, p99 %d, max %d%n",
        nanosToMillisAt(lostTimes, 0.5), nanosToMillisAt(lostTimes, 0.99),
        nanosToMillisAt(discoveredTimes, 0.5), nanosToMillisAt(discoveredTimes, 0.99),
        nanosToMillisAt(openedTimes, 0.5), nanosToMillisAt(openedTimes, 0.99), nanosToMillisAt(welcomeTimes, 0.5),
        nanosToMillisAt(welcomeTimes, 0.99), nanosToMillisAt(discoveryTook, 0.5), nanosToMillisAt(discoveryTook, 0.99),
        at(rounds, 0.5), at(rounds, 0.99), at(rounds, 1));
    System.out.printf("failover: of the %d messages unacked at the kill the last was acked %s after it; %d sends "
            + "resent in all%n", atKill.getLong("unacked"),
        lastInFlightAck == Long.MAX_VALUE ? "NEVER" : millis(lastInFlightAck - killedAt) + " ms",
        counts.getLong("resent"));
    System.out.printf("failover: %d messages written, %d never acked; lost %d, duplicated %d, inbox gaps %d%n",
        counts.getLong("written"), counts.getLong("unacked"), counts.getLong("lost"), counts.getLong("duplicated"),
        counts.getLong("gaps"));
    System.out.println("failover: what went wrong on the way (reconnects meet the dead node until it is taken for "
        + "gone): " + fleet.problems().await().encode());
    boolean passed = allBackAt != 0 && counts.getLong("unacked") == 0 && counts.getLong("lost") == 0
        && counts.getLong("duplicated") == 0 && counts.getLong("gaps") == 0 && !backTimes.isEmpty();
    System.out.println(passed ? "PASS" : "FAIL");
    return passed;
  }

  /** {@code count} new accounts made on {@code at}, signed up {@value #SIGN_UPS_AT_ONCE} at a time. */
  private static List<FailoverFleet.Account> enrol(Vertx vertx, BenchArgs.Address at, int count, String role)
      throws Exception {
    BenchHttp http = new BenchHttp(vertx, at.host(), at.port());
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<FailoverFleet.Account> accounts = new ArrayList<>();
    for (int first = 0; first < count; first += SIGN_UPS_AT_ONCE) {
      int from = first;
      int to = Math.min(count, first + SIGN_UPS_AT_ONCE);
      List<JsonObject> made = http.await(() -> Future.all(IntStream.range(from, to)
          .mapToObj(user -> http.newAccount("f" + role + run + "-" + user)).toList())
          .map(all -> all.<JsonObject>list()));
      made.forEach(account -> accounts.add(new FailoverFleet.Account(account.getString("userId"),
          account.getString("token"))));
    }
    return accounts;
  }

  /** {@code figure} of each device of the killed node, sorted. */
  private static List<Long> perVictim(FailoverFleet fleet, List<FailoverDevice> onVictim,
      ToLongFunction<FailoverDevice> figure) throws Exception {
    return fleet.read(devices -> onVictim.stream().map(figure::applyAsLong).sorted().toList()).await();
  }

  private static long nanosToMillisAt(List<Long> sorted, double quantile) {
    return millis(at(sorted, quantile));
  }

  /** The value at {@code quantile} of {@code sorted}; 0 when it is empty. */
  private static long at(List<Long> sorted, double quantile) {
    if (sorted.isEmpty()) {
      return 0;
    }
    return sorted.get(Math.max(0, (int) Math.ceil(quantile * sorted.size()) - 1));
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  private static long millisSince(long startNanos) {
    return millis(System.nanoTime() - startNanos);
  }
}
