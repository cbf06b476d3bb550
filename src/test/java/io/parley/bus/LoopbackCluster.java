package io.parley.bus;

import io.parley.cluster.ClusteredVertx;
import io.parley.config.ClusterConfig;
import io.parley.e2e.support.FreePort;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Clustered Vert.x instances in this JVM, joined by Hazelcast over TCP on 127.0.0.1 only: multicast and auto-detection
 * off, ports picked free, and a cluster name of their own, so that suites running side by side never merge. Each has
 * the bus codecs registered, as {@code Main} does.
 */
public final class LoopbackCluster implements AutoCloseable {
  private static final long START_SECONDS = 60;

  private final List<Vertx> nodes;
  private final List<Vertx> crashed = new ArrayList<>();

  private LoopbackCluster(List<Vertx> nodes) {
    this.nodes = nodes;
  }

  /** Starts {@code size} nodes one after the other, each joining the ones before. */
  public static LoopbackCluster start(int size) throws Exception {
    String name = "parley-test-" + UUID.randomUUID();
    List<Integer> ports = IntStream.range(0, size).mapToObj(i -> FreePort.pick()).toList();
    List<Vertx> nodes = new ArrayList<>();
    LoopbackCluster cluster = new LoopbackCluster(nodes);
    try {
      for (int port : ports) {
        Vertx node = Vertx.builder()
            .with(new VertxOptions().setEventBusOptions(new EventBusOptions()
                .setHost("127.0.0.1").setPort(0).setClusterPublicHost("127.0.0.1")))
            .withClusterManager(new HazelcastClusterManager(ClusteredVertx.hazelcast(new ClusterConfig(true, name,
                "127.0.0.1", "", port, 0, ports.stream().map(member -> "127.0.0.1:" + member).toList(),
                ClusterConfig.DIRECTORY))))
            .buildClustered()
            .await(START_SECONDS, TimeUnit.SECONDS);
        Codecs.registerAll(node.eventBus());
        nodes.add(node);
      }
      return cluster;
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
  }

  public Vertx node(int index) {
    return nodes.get(index);
  }

  /** The Hazelcast member of a node. */
  public static HazelcastInstance hazelcast(Vertx node) {
    return ((HazelcastClusterManager) ((VertxInternal) node).clusterManager()).getHazelcastInstance();
  }

  /**
   * Ends a node's Hazelcast member at once, with no leave and no migration, as a {@code kill -9} of its process
   * would: the others see it go. Its Vert.x is closed at {@link #close}, whatever that answers then.
   */
  public void crash(int index) throws InterruptedException {
    // first every partition's backup in place, as in a cluster that has run a while: else data is lost with it
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
    while (!hazelcast(nodes.get(index)).getPartitionService().isClusterSafe() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    hazelcast(nodes.get(index)).getLifecycleService().terminate();
    crashed.add(nodes.get(index));
  }

  @Override
  public void close() throws Exception {
    for (Vertx node : nodes) {
      if (crashed.contains(node)) {
        node.close().toCompletionStage().toCompletableFuture().handle((closed, failed) -> null)
            .get(START_SECONDS, TimeUnit.SECONDS);
      } else {
        node.close().await(START_SECONDS, TimeUnit.SECONDS);
      }
    }
  }
}
