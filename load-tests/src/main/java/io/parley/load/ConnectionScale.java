package io.parley.load;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Connection scale and reconnect storm against a running node. Holds {@code --connections} authenticated WebSockets,
 * each a distinct user with one device that heartbeats and syncs as PROTOCOL.md says, spread over source addresses
 * and child processes; reports the connect rate, errors, and, given {@code --server-pid}, what each connection costs
 * the server. With {@code --storm} every device then drops its socket at once (optionally missing {@code --missed}
 * messages each while away) and all reconnect and resync at once. Usage: {@link ScaleOptions#USAGE}; the
 * load-tests README shows runs.
 */
public final class ConnectionScale {
  private static final long PHASE_TIMEOUT_SECONDS = 1800;

  private final ScaleOptions options;
  private final ServerProbe server;
  private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "status");
    thread.setDaemon(true);
    return thread;
  });
  private volatile String phase = "ramp";

  private ConnectionScale(ScaleOptions options) {
    this.options = options;
    this.server = options.serverPid() > 0 ? new ServerProbe(options.serverPid()) : null;
  }

  public static void main(String[] args) throws Exception {
    ScaleOptions options;
    try {
      options = ScaleOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    if (options.isChild()) {
      ScaleChild.run(options);
      return;
    }
    Vertx vertx = Vertx.vertx();
    boolean passed;
    try {
      passed = new ConnectionScale(options).run(vertx);
    } finally {
      vertx.close().await();
    }
    System.exit(passed ? 0 : 1);
  }

  private boolean run(Vertx vertx) throws Exception {
    List<ScaleUser> users = prepareUsers(vertx);
    List<ScaleUser> devices = users.subList(0, options.connections());
    System.out.printf("connections=%d processes=%d sources=%s in-flight=%d users=%s%n", options.connections(),
        options.processes(), String.join(",", options.sources()), options.inFlight(), options.users());
    ServerProbe.Sample before = null;
    if (server != null) {
      System.out.println("server " + options.serverPid() + " " + server.jvmFlags());
      before = server.sample();
      System.out.println("server before: " + before);
    }
    try (ChildProcesses children = new ChildProcesses(childArgs())) {
      clock.scheduleAtFixedRate(() -> printStatus(children), 10, 10, TimeUnit.SECONDS);
      Verdict verdict = new Verdict();
      reportRamp(children.awaitAll(ChildLink.READY, PHASE_TIMEOUT_SECONDS), verdict);
      if (server != null) {
        reportServerCost(before, server.sample(), options.connections());
      }
      phase = "hold";
      Thread.sleep(TimeUnit.SECONDS.toMillis(options.holdSeconds()));
      if (options.storm()) {
        phase = "storm";
        storm(vertx, children, users, devices, verdict);
      }
      phase = "stop";
      children.sendAll(ChildLink.STOP);
      List<JsonObject> finals = children.awaitAll(ChildLink.FINAL, PHASE_TIMEOUT_SECONDS);
      clock.shutdownNow();
      saveRenewed(finals);
      JsonObject last = Tally.sum(finals);
      reportFinal(last, verdict);
      return verdict.print();
    }
  }

  /** The users to connect as, plus the sender of missed messages: from the users file, completed and renewed. */
  private List<ScaleUser> prepareUsers(Vertx vertx) throws Exception {
    List<ScaleUser> cached = UserFile.load(options.users());
    int needed = options.connections() + (options.missed() > 0 ? 1 : 0);
    BenchHttp http = new BenchHttp(vertx, options.host(), options.port(), options.signupConcurrency());
    List<ScaleUser> users = new UserProvisioner(http, options.signupConcurrency()).ensure(cached, needed);
    List<ScaleUser> kept = new ArrayList<>(users);
    kept.addAll(cached.subList(Math.min(needed, cached.size()), cached.size()));
    UserFile.save(options.users(), kept);
    return users;
  }

  /** Tokens the children had to renew go back to the users file, so the next run does not meet the same refusal. */
  private void saveRenewed(List<JsonObject> finals) {
    List<JsonObject> renewed = finals.stream().flatMap(report -> report.getJsonArray("renewed").stream())
        .map(JsonObject.class::cast).toList();
    if (!renewed.isEmpty()) {
      List<ScaleUser> users = new ArrayList<>(UserFile.load(options.users()));
      renewed.forEach(user -> users.set(user.getInteger("index"), ScaleUser.parse(user.getString("user"))));
      UserFile.save(options.users(), users);
    }
  }

  private List<List<String>> childArgs() {
    List<List<String>> args = new ArrayList<>();
    int processes = options.processes();
    for (int child = 0; child < processes; child++) {
      int from = options.connections() * child / processes;
      int to = options.connections() * (child + 1) / processes;
      args.add(options.childArgs(from, to - from));
    }
    return args;
  }

  private void storm(Vertx vertx, ChildProcesses children, List<ScaleUser> users, List<ScaleUser> devices,
      Verdict verdict) throws Exception {
    long dropStart = System.nanoTime();
    children.sendAll(ChildLink.DROP);
    children.awaitAll(ChildLink.DROPPED, PHASE_TIMEOUT_SECONDS);
    System.out.printf("storm: %d dropped in %d ms%n", devices.size(), millisSince(dropStart));
    if (options.missed() > 0) {
      List<String> recipients = devices.stream().map(ScaleUser::userId).toList();
      MissedMessageSender.Result pushed = new MissedMessageSender(options.host(), options.port(),
          users.get(options.connections()), recipients, options.missed()).push(vertx);
      System.out.printf("storm: pushed %d missed messages (%d each): %d acked, %d refused in %d ms (%.0f/s)%n",
          (long) recipients.size() * options.missed(), options.missed(), pushed.acked(), pushed.refused(),
          pushed.millis(), pushed.acked() * 1000.0 / Math.max(1, pushed.millis()));
      verdict.require(pushed.refused() == 0, "missed messages refused by the server");
    }
    long reconnectStart = System.nanoTime();
    children.sendAll(ChildLink.RECONNECT);
    List<JsonObject> perChild = children.awaitAll(ChildLink.RESYNCED, PHASE_TIMEOUT_SECONDS);
    JsonObject storm = Tally.sum(perChild);
    long reconnectMillis = millisSince(reconnectStart);
    long resynced = storm.getLong("ready");
    System.out.printf("storm: %d of %d reconnected and resynced %d ms after the reconnect (%.0f/s), %d ms after the "
            + "drop (target 10000); connect errors %s%n", resynced, devices.size(), reconnectMillis,
        resynced * 1000.0 / Math.max(1, reconnectMillis), millisSince(dropStart), storm.getJsonObject("errors"));
    long expected = (long) devices.size() * options.missed();
    // every device's cursor moved by exactly the messages pushed while it was away, no more, no less
    long fewest = perChild.stream().mapToLong(report -> report.getLong("minApplied")).min().orElse(0);
    long most = perChild.stream().mapToLong(report -> report.getLong("maxApplied")).max().orElse(0);
    if (options.missed() > 0) {
      System.out.printf("storm: recovered %d of %d missed messages (per device %d to %d, expected %d)%n",
          storm.getLong("applied"), expected, fewest, most, options.missed());
    }
    verdict.require(resynced == devices.size(), "not every device reconnected and resynced");
    verdict.require(Tally.total(storm.getJsonObject("errors")) == 0, "reconnect errors");
    verdict.require(fewest == options.missed() && most == options.missed(), "missed messages not all recovered");
  }

  private void reportRamp(List<JsonObject> perChild, Verdict verdict) {
    JsonObject ramp = Tally.sum(perChild);
    long connected = ramp.getLong("ready");
    // the ramp runs from the first child's first connect to the last child's last
    long spanMillis = perChild.stream().mapToLong(report -> report.getLong("rampEnd")).max().orElse(0)
        - perChild.stream().mapToLong(report -> report.getLong("rampStart")).min().orElse(0);
    System.out.printf("ramp: %d of %d connected and synced in %.1f s (%.0f/s); connect errors %s%n", connected,
        options.connections(), spanMillis / 1000.0, connected * 1000.0 / Math.max(1, spanMillis),
        ramp.getJsonObject("errors"));
    if (connected > 0) {
      System.out.printf("client cost per connection: rss %.1f KB, live heap %.1f KB (over %d processes)%n",
          ramp.getLong("clientRssKb") / (double) connected, ramp.getLong("clientHeapKb") / (double) connected,
          options.processes());
    }
    verdict.require(connected == options.connections(), "not every device connected");
    verdict.require(Tally.total(ramp.getJsonObject("errors")) == 0, "connect errors while ramping up");
  }

  private void reportServerCost(ServerProbe.Sample before, ServerProbe.Sample after, long connections)
      throws Exception {
    System.out.println("server after:  " + after);
    System.out.printf("server cost per connection: rss %.1f KB, live heap %.1f KB, %.2f open files%n",
        (after.rssKb() - before.rssKb()) / (double) connections,
        (after.liveHeapKb() - before.liveHeapKb()) / (double) connections,
        (after.openFiles() - before.openFiles()) / (double) connections);
    System.out.println("server class histogram (top 15):\n" + server.classHistogram(17));
  }

  private void reportFinal(JsonObject last, Verdict verdict) {
    System.out.printf("end: %d of %d open; closed by the server %s; error frames %s; socket errors %s; "
            + "heartbeats sent %d%n", last.getLong("open"), options.connections(), last.getJsonObject("serverCloses"),
        last.getJsonObject("errorFrames"), last.getJsonObject("socketErrors"), last.getLong("heartbeats"));
    verdict.require(last.getLong("open") == options.connections(), "connections lost");
    verdict.require(Tally.total(last.getJsonObject("serverCloses")) == 0, "connections closed by the server");
    verdict.require(Tally.total(last.getJsonObject("errorFrames")) == 0, "error frames");
  }

  private void printStatus(ChildProcesses children) {
    JsonObject now = Tally.sum(children.statuses());
    System.out.printf("status %s: open=%d heartbeats=%d server-closed=%s error-frames=%s socket-errors=%s "
            + "ramp-errors=%s storm-errors=%s%n", phase, now.getLong("open", 0L), now.getLong("heartbeats", 0L),
        now.getJsonObject("serverCloses"), now.getJsonObject("errorFrames"), now.getJsonObject("socketErrors"),
        now.getJsonObject("rampErrors"), now.getJsonObject("stormErrors"));
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}
