package io.parley.cluster;

import io.parley.bus.Addresses;
import io.parley.bus.LoopbackCluster;
import io.parley.bus.UserDirectory;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.core.spi.cluster.ClusterManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The cluster's user directory on three clustered Vert.x in this JVM: a user's devices are node-local consumers of the
 * user's address, reached from any node through the directory, with one {@code __vertx.subs} entry per node however
 * many users. A node here "holds a device" of a user as {@code gateway.UserAddresses} does: a local consumer, then
 * {@link UserDirectory#add}.
 */
@DisplayName("Cluster user directory: one bus registration per node, publishes reach the nodes holding the user")
class ClusterUserDirectoryTest {
  private static final long SECONDS = 30;

  private LoopbackCluster cluster;
  private final List<UserDirectory> directories = new ArrayList<>();
  /** Per node, what its local consumers of user addresses received, as "user:body". */
  private final List<List<String>> received = new ArrayList<>();
  private final List<Map<String, MessageConsumer<String>>> consumers = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    cluster = LoopbackCluster.start(3);
    for (int node = 0; node < 3; node++) {
      directories.add(ClusterUserDirectory.start(cluster.node(node)).await(SECONDS, TimeUnit.SECONDS));
      received.add(new CopyOnWriteArrayList<>());
      consumers.add(new ConcurrentHashMap<>());
    }
  }

  @AfterEach
  void stop() throws Exception {
    cluster.close();
  }

  @Test
  @DisplayName("200 users held on one node add no __vertx.subs entry; a clustered consumer adds one (the control)")
  void oneRegistrationPerNode() throws Exception {
    int before = subsEntries();
    assertThat(before).as("the three node addresses").isEqualTo(3);
    for (int user = 0; user < 200; user++) {
      hold(0, "u" + user);
    }
    assertThat(subsEntries()).isEqualTo(before);
    assertThat(entry("u199")).isEqualTo(nodeId(0));

    cluster.node(1).eventBus().consumer("clustered.control", message -> { }).completion()
        .await(SECONDS, TimeUnit.SECONDS);
    assertThat(subsEntries()).isEqualTo(before + 1);
  }

  @Test
  @DisplayName("a publish from a third node reaches each node holding the user once, and no other node")
  void publishReachesHoldingNodes() throws Exception {
    hold(0, "ann");
    hold(1, "ann");
    hold(1, "bob");
    directories.get(2).publish("ann", "hello");
    directories.get(2).publish("nobody", "lost");
    until(() -> received.get(0).size() + received.get(1).size() >= 2, "ann's two nodes reached");
    Thread.sleep(300);
    assertThat(received.get(0)).containsExactly("ann:hello");
    assertThat(received.get(1)).containsExactly("ann:hello");
    assertThat(received.get(2)).isEmpty();
  }

  @Test
  @DisplayName("a user's events arrive in the order published, from another node and from the node itself")
  void orderPerUser() throws Exception {
    hold(0, "ann");
    List<String> sent = IntStream.range(0, 300).mapToObj(i -> "ann:" + i).toList();
    for (int from : new int[] {2, 0}) {
      received.get(0).clear();
      for (int i = 0; i < 300; i++) {
        directories.get(from).publish("ann", Integer.toString(i));
      }
      until(() -> received.get(0).size() >= 300, "300 events from node " + from);
      assertThat(received.get(0)).containsExactlyElementsOf(sent);
    }
  }

  @Test
  @DisplayName("a node that let the user go is no longer named nor reached; one still holding it is (the control)")
  void releasedNodeNotReached() throws Exception {
    hold(0, "ann");
    hold(1, "ann");
    release(0, "ann");
    until(() -> nodeId(1).equals(entry("ann")), "node 0 out of ann's entry");
    // node 0 listens again without the directory naming it: what it hears now came to it wrongly
    cluster.node(0).eventBus().<String>localConsumer(Addresses.user("ann"),
        message -> received.get(0).add("ann:" + message.body())).completion().await(SECONDS, TimeUnit.SECONDS);
    directories.get(2).publish("ann", "after");
    until(() -> received.get(1).contains("ann:after"), "node 1 reached");
    Thread.sleep(300);
    assertThat(received.get(0)).isEmpty();

    release(1, "ann");
    until(() -> entry("ann") == null, "ann's entry gone with her last node");
  }

  @Test
  @DisplayName("a node that read a user's entry (and keeps it near) reaches the user where she moved, at once")
  void cachedEntryFollowsMove() throws Exception {
    hold(0, "ann");
    directories.get(2).publish("ann", "before");
    until(() -> received.get(0).contains("ann:before"), "node 0 reached");
    hold(1, "ann");
    release(0, "ann");
    // well inside the 10 s a batched invalidation may wait: a stale near cache would hand these to node 0 alone
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    for (int i = 0; !received.get(1).contains("ann:after") && System.nanoTime() < deadline; i++) {
      directories.get(2).publish("ann", "after");
      Thread.sleep(100);
    }
    assertThat(received.get(1)).as("node 1 reached after the move").contains("ann:after");
    assertThat(received.get(0)).containsExactly("ann:before");
  }

  @Test
  @DisplayName("a crashed node is dropped from an entry by the next change or publish; its users reached where they "
      + "moved")
  void crashedNodeDropped() throws Exception {
    String dead = nodeId(0);
    hold(0, "ann");
    hold(1, "bob");
    cluster.crash(0);
    for (int survivor = 1; survivor < 3; survivor++) {
      ClusterManager manager = ((VertxInternal) cluster.node(survivor)).clusterManager();
      until(() -> manager.getNodes().size() == 2, "node 0 gone");
    }
    // each directory rereads the members every second
    Thread.sleep(1100);
    hold(1, "ann");
    assertThat(entry("ann")).as("ann's reconnect on node 1 dropped the dead node").isEqualTo(nodeId(1));

    // an entry still naming the dead node: the first publish delivers to the live one and drops the dead one
    hold(1, "cy");
    usersMap().put("cy", dead + " " + nodeId(1)).await(SECONDS, TimeUnit.SECONDS);
    directories.get(2).publish("cy", "hi");
    directories.get(2).publish("bob", "hi");
    until(() -> received.get(1).containsAll(List.of("cy:hi", "bob:hi")), "cy and bob reached on node 1");
    until(() -> nodeId(1).equals(entry("cy")), "the dead node out of cy's entry");
  }

  @Test
  @DisplayName("a node handed an event for a user it does not hold takes itself out of the user's entry")
  void strayEntryTidied() throws Exception {
    hold(1, "ann");
    usersMap().put("ann", nodeId(0) + " " + nodeId(1)).await(SECONDS, TimeUnit.SECONDS);
    directories.get(2).publish("ann", "hi");
    until(() -> nodeId(1).equals(entry("ann")), "node 0 out of ann's entry");
    assertThat(received.get(1)).containsExactly("ann:hi");
    assertThat(received.get(0)).isEmpty();
  }

  private void hold(int node, String userId) throws Exception {
    MessageConsumer<String> consumer = cluster.node(node).eventBus().localConsumer(Addresses.user(userId),
        message -> received.get(node).add(userId + ":" + message.body()));
    consumer.completion().await(SECONDS, TimeUnit.SECONDS);
    consumers.get(node).put(userId, consumer);
    directories.get(node).add(userId).await(SECONDS, TimeUnit.SECONDS);
  }

  private void release(int node, String userId) throws Exception {
    consumers.get(node).remove(userId).unregister().await(SECONDS, TimeUnit.SECONDS);
    directories.get(node).remove(userId);
  }

  /** The user's entry, as node 2 (never crashed) reads it. */
  private String entry(String userId) throws Exception {
    return usersMap().get(userId).await(SECONDS, TimeUnit.SECONDS);
  }

  private AsyncMap<String, String> usersMap() throws Exception {
    Vertx reader = cluster.node(2);
    return reader.sharedData().<String, String>getAsyncMap(ClusterUserDirectory.MAP).await(SECONDS, TimeUnit.SECONDS);
  }

  private String nodeId(int node) {
    return ((VertxInternal) cluster.node(node)).clusterManager().getNodeId();
  }

  private int subsEntries() {
    return LoopbackCluster.hazelcast(cluster.node(2)).getMultiMap("__vertx.subs").size();
  }

  /** Waits until {@code condition} holds, failing after {@value #SECONDS} s; also for the other cluster tests here. */
  static void until(Callable<Boolean> condition, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
    while (!condition.call()) {
      if (System.nanoTime() > deadline) {
        fail("not within " + SECONDS + " s: " + what);
      }
      Thread.sleep(20);
    }
  }
}
