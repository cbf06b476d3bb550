package io.parley.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import io.parley.bus.Addresses;
import io.parley.bus.UserDirectory;
import io.parley.config.ClusterConfig;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.core.spi.cluster.RegistrationInfo;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * One cluster member of {@link BusRegistrationBench}: a clustered Vert.x joined as a node joins
 * ({@link ClusteredVertx#hazelcast}), holding user addresses in one of two ways: {@code subs}, a clustered consumer per
 * user (what a node did before the user directory: one {@code __vertx.subs} entry each), or {@code directory}, a
 * node-local consumer per user plus {@link ClusterUserDirectory#add}, as {@code gateway.UserAddresses} does now; and
 * publishing to users the same way (the bus, or {@link UserDirectory#publish}). Registrations are made on two event
 * loops, as by a node's gateway instances. Commands come on stdin, one per line; answers are
 * {@link BusRegistrationBench#REPORT} lines on stdout:
 * <ul>
 *   <li>{@code register TAG COUNT}: holds users {@code TAG0..}; answers {@code registered} with the milliseconds until
 *   every one is reachable from the cluster;</li>
 *   <li>{@code publish TAG COUNT TIMES}: publishes to each user TIMES times, 100 ms apart; answers {@code published};</li>
 *   <li>{@code probe NAME TAG COUNT STRIDE PERIOD_MS ROUNDS}: every PERIOD_MS one publish to each of the users
 *   {@code 0, STRIDE, 2 STRIDE...} with body {@code NAME/round}; answers {@code probed} with the first round's
 *   wall-clock time once the last is sent;</li>
 *   <li>{@code seen NAME}: per round of probe NAME, how many of its publishes arrived here, and when the last did;</li>
 *   <li>{@code stale TAG COUNT STRIDE}: how many of those users the cluster still maps to a member that left;</li>
 *   <li>{@code stats}: the get operations this member served on {@code __vertx.subs} and on the directory's map, and
 *   when it last saw a member leave.</li>
 * </ul>
 */
public final class BusMember {
  private static final String SUBS = "__vertx.subs";

  private final Vertx vertx;
  private final HazelcastClusterManager cluster;
  private final boolean subs;
  private final UserDirectory directory;
  private final AsyncMap<String, String> directoryMap;
  private final List<Context> loops;
  private final Map<String, LongAdder> received = new ConcurrentHashMap<>();
  /** When the latest message of each body arrived: a round's publishes may leave later than the round was due. */
  private final Map<String, Long> lastArrival = new ConcurrentHashMap<>();
  private final Handler<Message<String>> counting = message -> {
    received.computeIfAbsent(message.body(), round -> new LongAdder()).increment();
    lastArrival.put(message.body(), System.currentTimeMillis());
  };
  private volatile long memberLeftAt;

  private BusMember(Vertx vertx, HazelcastClusterManager cluster, boolean subs, UserDirectory directory,
      AsyncMap<String, String> directoryMap, List<Context> loops) {
    this.vertx = vertx;
    this.cluster = cluster;
    this.subs = subs;
    this.directory = directory;
    this.directoryMap = directoryMap;
    this.loops = loops;
  }

  /** Args: mode (subs or directory), cluster name, Hazelcast port, comma-separated members. */
  public static void main(String[] args) throws Exception {
    ClusteredVertx.sizeCommonPool();
    ClusterConfig config = new ClusterConfig(true, args[1], "127.0.0.1", "", Integer.parseInt(args[2]), 0,
        List.of(args[3].split(",")), args[0].equals("subs") ? ClusterConfig.CONSUMERS : ClusterConfig.DIRECTORY);
    Vertx vertx = ClusteredVertx.join(config, new VertxOptions(), Vertx.builder()).await();
    HazelcastClusterManager cluster = (HazelcastClusterManager) ((VertxInternal) vertx).clusterManager();
    List<Context> loops = new CopyOnWriteArrayList<>();
    vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        loops.add(context);
        return Future.succeededFuture();
      }
    }, new DeploymentOptions().setInstances(2)).await();
    boolean subs = args[0].equals("subs");
    BusMember member = new BusMember(vertx, cluster, subs,
        subs ? null : ClusterUserDirectory.start(vertx).await(),
        vertx.sharedData().<String, String>getAsyncMap(ClusterUserDirectory.MAP).await(), loops);
    cluster.getHazelcastInstance().getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        member.memberLeftAt = System.currentTimeMillis();
      }
    });
    BusRegistrationBench.report("ready", new JsonObject().put("pid", ProcessHandle.current().pid()));
    member.serve();
  }

  private void serve() throws Exception {
    BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = commands.readLine(); line != null; line = commands.readLine()) {
      String[] words = line.split(" ");
      switch (words[0]) {
        case "register" -> register(words[1], number(words[2]));
        case "publish" -> publish(words[1], number(words[2]), number(words[3]));
        case "probe" -> probe(words[1], words[2], number(words[3]), number(words[4]), number(words[5]),
            number(words[6]));
        case "seen" -> seen(words[1]);
        case "stale" -> stale(words[1], number(words[2]), number(words[3]));
        case "stats" -> stats();
        default -> BusRegistrationBench.report("error", new JsonObject().put("command", line));
      }
    }
    vertx.close().await();
    System.exit(0);
  }

  private static String user(String tag, int index) {
    return tag + index;
  }

  private void register(String tag, int count) {
    long started = System.nanoTime();
    List<Future<Void>> done = new ArrayList<>();
    for (int loop = 0; loop < loops.size(); loop++) {
      Promise<Void> registered = Promise.promise();
      int first = loop;
      loops.get(loop).runOnContext(ignored -> {
        List<Future<Void>> mine = new ArrayList<>();
        for (int i = first; i < count; i += loops.size()) {
          mine.add(hold(user(tag, i)));
        }
        Future.all(mine).<Void>mapEmpty().onComplete(registered);
      });
      done.add(registered.future());
    }
    Future.all(done).onComplete(all -> BusRegistrationBench.report("registered", new JsonObject()
        .put("ok", all.succeeded()).put("count", count).put("ms", (System.nanoTime() - started) / 1e6)));
  }

  private Future<Void> hold(String userId) {
    if (subs) {
      return vertx.eventBus().consumer(Addresses.user(userId), counting).completion();
    }
    return vertx.eventBus().localConsumer(Addresses.user(userId), counting).completion()
        .compose(local -> directory.add(userId));
  }

  private void send(String userId, String body) {
    if (subs) {
      vertx.eventBus().publish(Addresses.user(userId), body);
    } else {
      directory.publish(userId, body);
    }
  }

  private void publish(String tag, int count, int times) {
    int[] time = {0};
    // rounds 100 ms apart, as a user's messages come: a lookup still running would take the next publish too
    vertx.setPeriodic(1, 100, timer -> {
      for (int i = 0; i < count; i++) {
        send(user(tag, i), "publish");
      }
      if (++time[0] == times) {
        vertx.cancelTimer(timer);
        // a publish to a user not known here first asks the cluster: wait until those asks are answered
        vertx.setTimer(2000, done -> BusRegistrationBench.report("published",
            new JsonObject().put("messages", count * times)));
      }
    });
  }

  private void probe(String name, String tag, int count, int stride, int periodMs, int rounds) {
    long first = System.currentTimeMillis() + 1;
    int[] round = {0};
    vertx.setPeriodic(1, periodMs, timer -> {
      String body = name + "/" + round[0];
      for (int i = 0; i < count; i++) {
        send(user(tag, i * stride), body);
      }
      if (++round[0] == rounds) {
        vertx.cancelTimer(timer);
        BusRegistrationBench.report("probed", new JsonObject().put("firstAt", first));
      }
    });
  }

  private void seen(String name) {
    JsonObject rounds = new JsonObject();
    JsonObject arrived = new JsonObject();
    received.forEach((body, count) -> {
      if (body.startsWith(name + "/")) {
        rounds.put(body.substring(name.length() + 1), count.sum());
        arrived.put(body.substring(name.length() + 1), lastArrival.get(body));
      }
    });
    BusRegistrationBench.report("seen", new JsonObject().put("rounds", rounds).put("arrived", arrived));
  }

  private void stale(String tag, int count, int stride) {
    List<String> live = cluster.getNodes();
    List<Future<Boolean>> checks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String userId = user(tag, i * stride);
      if (subs) {
        Promise<List<RegistrationInfo>> registrations = Promise.promise();
        cluster.getRegistrations(Addresses.user(userId), registrations);
        checks.add(registrations.future().map(list -> list.stream().anyMatch(info -> !live.contains(info.nodeId()))));
      } else {
        checks.add(directoryMap.get(userId).map(nodes -> nodes != null
            && Arrays.stream(nodes.split(" ")).anyMatch(node -> !live.contains(node))));
      }
    }
    Future.all(checks).onComplete(all -> BusRegistrationBench.report("stale", new JsonObject().put("stale",
        checks.stream().filter(check -> check.succeeded() && check.result()).count())));
  }

  private void stats() {
    HazelcastInstance hazelcast = cluster.getHazelcastInstance();
    BusRegistrationBench.report("stats", new JsonObject()
        .put("subsGets", hazelcast.getMultiMap(SUBS).getLocalMultiMapStats().getGetOperationCount())
        .put("directoryGets", hazelcast.getMap(ClusterUserDirectory.MAP).getLocalMapStats().getGetOperationCount())
        .put("memberLeftAt", memberLeftAt));
  }

  private static int number(String word) {
    return Integer.parseInt(word);
  }
}
