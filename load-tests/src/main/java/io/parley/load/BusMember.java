package io.parley.load;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.multimap.LocalMultiMapStats;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.RegistrationInfo;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One cluster member of {@link BusRegistrationBench}: a clustered Vert.x on vertx-hazelcast, joined as a Parley node
 * joins (TCP/IP members only, as {@code io.parley.cluster.ClusteredVertx} configures it), that registers user
 * addresses as {@code gateway.UserAddresses} does (one clustered consumer per user, made on one of the node's event
 * loops) and publishes to them as routing does. Commands come on stdin, one per line; answers go to stdout as
 * {@link ChildLink} events:
 * <ul>
 *   <li>{@code register TAG FROM COUNT}: consumers of {@code bench.user.TAG<i>}, spread over the loops; answers
 *   {@code registered} with the milliseconds until every put was done;</li>
 *   <li>{@code publish TAG FROM COUNT TIMES}: publishes to each address TIMES times, 100 ms apart; answers
 *   {@code published};</li>
 *   <li>{@code probe NAME TAG COUNT STRIDE PERIOD_MS ROUNDS}: every PERIOD_MS one publish to each of the addresses
 *   {@code 0, STRIDE, 2 STRIDE...} with body {@code NAME/round}; answers {@code probed} with the first round's
 *   wall-clock time once the last is sent;</li>
 *   <li>{@code seen NAME}: per round of probe NAME, how many of its publishes arrived here;</li>
 *   <li>{@code stale TAG COUNT STRIDE}: how many of those addresses still list a registration of a member that
 *   has left;</li>
 *   <li>{@code stats}: this member's share of {@code __vertx.subs}: entries it owns, and the get, put and remove
 *   operations served on them, and when it last saw a member leave.</li>
 * </ul>
 */
public final class BusMember {
  private static final String SUBS = "__vertx.subs";

  private final Vertx vertx;
  private final HazelcastClusterManager cluster;
  private final List<Context> loops;
  private final Map<String, LongAdder> received = new ConcurrentHashMap<>();
  private final Handler<Message<String>> counting = message -> received
      .computeIfAbsent(message.body(), round -> new LongAdder()).increment();
  private volatile long memberLeftAt;

  private BusMember(Vertx vertx, HazelcastClusterManager cluster, List<Context> loops) {
    this.vertx = vertx;
    this.cluster = cluster;
    this.loops = loops;
  }

  /** Args: cluster name, Hazelcast port, event-bus port, comma-separated members, event loops that register. */
  public static void main(String[] args) throws Exception {
    Logger.getLogger("").setLevel(Level.WARNING);
    HazelcastClusterManager cluster = new HazelcastClusterManager(hazelcast(args[0], Integer.parseInt(args[1]),
        List.of(args[3].split(","))));
    Vertx vertx = Vertx.builder().withClusterManager(cluster)
        .with(new io.vertx.core.VertxOptions().setEventBusOptions(new EventBusOptions().setHost("127.0.0.1")
            .setPort(Integer.parseInt(args[2])))).buildClustered().await();
    List<Context> loops = new CopyOnWriteArrayList<>();
    vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        loops.add(context);
        return Future.succeededFuture();
      }
    }, new DeploymentOptions().setInstances(Integer.parseInt(args[4]))).await();
    BusMember member = new BusMember(vertx, cluster, loops);
    cluster.getHazelcastInstance().getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        member.memberLeftAt = System.currentTimeMillis();
      }
    });
    ChildLink.emit("ready", new JsonObject().put("pid", ProcessHandle.current().pid()));
    member.serve();
  }

  private static Config hazelcast(String name, int port, List<String> members) {
    Config config = ConfigUtil.loadConfig().setClusterName(name)
        .setProperty("hazelcast.phone.home.enabled", "false")
        .setProperty("hazelcast.logging.type", "jdk")
        .setProperty("hazelcast.socket.bind.any", "false")
        .setProperty("hazelcast.wait.seconds.before.join", "0")
        .setProperty("hazelcast.max.wait.seconds.before.join", "1");
    NetworkConfig network = config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(1);
    members.forEach(member -> join.getTcpIpConfig().addMember(member));
    return config;
  }

  private void serve() throws Exception {
    BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = commands.readLine(); line != null; line = commands.readLine()) {
      String[] words = line.split(" ");
      switch (words[0]) {
        case "register" -> register(words[1], number(words[2]), number(words[3]));
        case "publish" -> publish(words[1], number(words[2]), number(words[3]), number(words[4]));
        case "probe" -> probe(words[1], words[2], number(words[3]), number(words[4]), number(words[5]),
            number(words[6]));
        case "seen" -> seen(words[1]);
        case "stale" -> stale(words[1], number(words[2]), number(words[3]));
        case "stats" -> stats();
        default -> ChildLink.emit("error", new JsonObject().put("command", line));
      }
    }
    vertx.close().await();
    System.exit(0);
  }

  static String address(String tag, int index) {
    return "bench.user." + tag + index;
  }

  private void register(String tag, int from, int count) {
    long started = System.nanoTime();
    List<Future<Void>> done = new ArrayList<>(count);
    List<Promise<Void>> perLoop = new ArrayList<>();
    for (int loop = 0; loop < loops.size(); loop++) {
      Promise<Void> registered = Promise.promise();
      perLoop.add(registered);
      int first = loop;
      loops.get(loop).runOnContext(ignored -> {
        List<Future<Void>> mine = new ArrayList<>();
        for (int i = from + first; i < from + count; i += loops.size()) {
          mine.add(vertx.eventBus().consumer(address(tag, i), counting).completion());
        }
        Future.all(mine).<Void>mapEmpty().onComplete(registered);
      });
      done.add(registered.future());
    }
    Future.all(done).onComplete(all -> ChildLink.emit("registered", new JsonObject()
        .put("ok", all.succeeded()).put("count", count).put("ms", (System.nanoTime() - started) / 1e6)));
  }

  private void publish(String tag, int from, int count, int times) {
    int[] time = {0};
    // rounds 100 ms apart, as a user's messages come: a lookup still running would take the next publish too
    vertx.setPeriodic(1, 100, timer -> {
      for (int i = from; i < from + count; i++) {
        vertx.eventBus().publish(address(tag, i), "publish");
      }
      if (++time[0] == times) {
        vertx.cancelTimer(timer);
        // a publish to an address not known here first asks the cluster on a worker: wait until those are done
        vertx.setTimer(2000, done -> ChildLink.emit("published", new JsonObject().put("messages", count * times)));
      }
    });
  }

  private void probe(String name, String tag, int count, int stride, int periodMs, int rounds) {
    long first = System.currentTimeMillis() + 1;
    int[] round = {0};
    vertx.setPeriodic(1, periodMs, timer -> {
      String body = name + "/" + round[0];
      for (int i = 0; i < count; i++) {
        vertx.eventBus().publish(address(tag, i * stride), body);
      }
      if (++round[0] == rounds) {
        vertx.cancelTimer(timer);
        ChildLink.emit("probed", new JsonObject().put("firstAt", first).put("periodMs", periodMs)
            .put("rounds", rounds));
      }
    });
  }

  private void seen(String name) {
    JsonObject rounds = new JsonObject();
    received.forEach((body, count) -> {
      if (body.startsWith(name + "/")) {
        rounds.put(body.substring(name.length() + 1), count.sum());
      }
    });
    ChildLink.emit("seen", new JsonObject().put("rounds", rounds));
  }

  private void stale(String tag, int count, int stride) {
    List<String> live = cluster.getNodes();
    List<Future<Boolean>> checks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Promise<List<RegistrationInfo>> registrations = Promise.promise();
      cluster.getRegistrations(address(tag, i * stride), registrations);
      checks.add(registrations.future().map(list -> list.stream().anyMatch(info -> !live.contains(info.nodeId()))));
    }
    Future.all(checks).onComplete(all -> ChildLink.emit("stale", new JsonObject().put("stale",
        checks.stream().filter(check -> check.succeeded() && check.result()).count())));
  }

  private void stats() {
    HazelcastInstance hazelcast = cluster.getHazelcastInstance();
    LocalMultiMapStats subs = hazelcast.getMultiMap(SUBS).getLocalMultiMapStats();
    ChildLink.emit("stats", new JsonObject().put("ownedEntries", subs.getOwnedEntryCount())
        .put("backupEntries", subs.getBackupEntryCount()).put("gets", subs.getGetOperationCount())
        .put("puts", subs.getPutOperationCount()).put("removes", subs.getRemoveOperationCount())
        .put("members", hazelcast.getCluster().getMembers().size()).put("memberLeftAt", memberLeftAt));
  }

  private static int number(String word) {
    return Integer.parseInt(word);
  }
}
