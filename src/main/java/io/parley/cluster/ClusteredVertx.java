package io.parley.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.config.NearCacheConfig;
import com.hazelcast.config.NetworkConfig;
import io.parley.config.ClusterConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ForkJoinPool;

/**
 * A Vert.x whose event bus spans the cluster: Hazelcast members found only through {@code cluster.members} over
 * TCP/IP (vertx-hazelcast's own default joins by multicast, which a production network rarely carries and which
 * would merge unrelated clusters on a shared one), on {@code cluster.host}, under {@code cluster.name}.
 */
public final class ClusteredVertx {
  private static final Logger log = LoggerFactory.getLogger(ClusteredVertx.class);
  private static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";
  /** The directory entries a member keeps near: the users it lately delivered to. */
  private static final int DIRECTORY_CACHE_ENTRIES = 1_000_000;

  private ClusteredVertx() {
  }

  /**
   * Joins the cluster; completes once this member is in it.
   *
   * @param options the node's options; its event bus options are set here
   * @param builder a builder on those options (with the node's metrics)
   */
  public static Future<Vertx> join(ClusterConfig cluster, VertxOptions options, VertxBuilder builder) {
    if (ForkJoinPool.getCommonPoolParallelism() < 2) {
      log.warn("the common fork-join pool has parallelism {}: Hazelcast starts a thread per async callback; set -D{}=2",
          ForkJoinPool.getCommonPoolParallelism(), COMMON_POOL_PARALLELISM);
    }
    options.setEventBusOptions(new EventBusOptions().setHost(cluster.host()).setPort(cluster.busPort())
        .setClusterPublicHost(cluster.advertisedHost()));
    return builder.with(options).withClusterManager(new HazelcastClusterManager(hazelcast(cluster))).buildClustered();
  }

  /**
   * Hazelcast completes its async operations' callbacks on the common fork-join pool only when that pool's
   * parallelism is above 1; at 1 (the JVM's default on two cores or fewer) it starts a new thread for every callback,
   * and each read of an async map (the user directory's, once per delivery) then costs more CPU than all the rest of
   * it. So the pool gets at least two threads, unless set otherwise. The pool reads its size once, when first used,
   * which reading the config or starting the metrics may already do: {@code Main} calls this before anything else.
   */
  public static void sizeCommonPool() {
    if (System.getProperty(COMMON_POOL_PARALLELISM) == null) {
      System.setProperty(COMMON_POOL_PARALLELISM, Integer.toString(
          Math.max(2, Runtime.getRuntime().availableProcessors() - 1)));
    }
  }

  /** The Hazelcast member config; public so that tests build their clusters the way nodes do. */
  public static Config hazelcast(ClusterConfig cluster) {
    // loadConfig keeps the maps and multimap Vert.x needs (__vertx.subs and the rest)
    Config config = ConfigUtil.loadConfig().setClusterName(cluster.name())
        .setProperty("hazelcast.phone.home.enabled", "false")
        .setProperty("hazelcast.logging.type", "slf4j")
        .setProperty("hazelcast.socket.bind.any", "false")
        // the defaults wait 5 s before joining, and up to 5 s per connection attempt
        .setProperty("hazelcast.wait.seconds.before.join", "0")
        .setProperty("hazelcast.max.wait.seconds.before.join", "1")
        // an operation on a partition that moves after a member died waits this long per retry (default 500 ms)
        .setProperty("hazelcast.invocation.retry.pause.millis", "50");
    NetworkConfig network = config.getNetworkConfig().setPort(cluster.port()).setPortAutoIncrement(false);
    if (!cluster.publicHost().isEmpty()) {
      network.setPublicAddress(cluster.publicHost() + ":" + cluster.port());
    }
    network.getInterfaces().setEnabled(true).addInterface(cluster.host());
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(1);
    cluster.members().forEach(member -> join.getTcpIpConfig().addMember(member));
    if (cluster.userAddresses().equals(ClusterConfig.DIRECTORY)) {
      cacheDirectoryReads(config);
    }
    return config;
  }

  /**
   * A near cache of the user directory on every member: a delivery to a user reads the entry here, not at its
   * partition's owner, once read. Each change invalidates the entry on every member at once (not in Hazelcast's
   * default batches, which may wait 10 s), so a cached entry is as current as vertx-hazelcast's own cache of
   * {@code __vertx.subs} is with clustered consumers: both learn of a change by an event from the member that made it.
   */
  private static void cacheDirectoryReads(Config config) {
    config.setProperty("hazelcast.map.invalidation.batch.enabled", "false");
    config.getMapConfig(ClusterUserDirectory.MAP).setNearCacheConfig(new NearCacheConfig(ClusterUserDirectory.MAP)
        .setInMemoryFormat(InMemoryFormat.OBJECT)
        .setInvalidateOnChange(true)
        // a third of the entries are owned here; their reads would still be an operation on a partition thread
        .setCacheLocalEntries(true)
        .setEvictionConfig(new EvictionConfig().setEvictionPolicy(EvictionPolicy.LRU)
            .setMaxSizePolicy(MaxSizePolicy.ENTRY_COUNT).setSize(DIRECTORY_CACHE_ENTRIES)));
  }
}
