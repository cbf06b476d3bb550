package io.parley.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.parley.config.ClusterConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * A Vert.x whose event bus spans the cluster: Hazelcast members found only through {@code cluster.members} over
 * TCP/IP (vertx-hazelcast's own default joins by multicast, which a production network rarely carries and which
 * would merge unrelated clusters on a shared one), on {@code cluster.host}, under {@code cluster.name}.
 */
public final class ClusteredVertx {

  private ClusteredVertx() {
  }

  /**
   * Joins the cluster; completes once this member is in it.
   *
   * @param options the node's options; its event bus options are set here
   * @param builder a builder on those options (with the node's metrics)
   */
  public static Future<Vertx> join(ClusterConfig cluster, VertxOptions options, VertxBuilder builder) {
    options.setEventBusOptions(new EventBusOptions().setHost(cluster.host()).setPort(cluster.busPort())
        .setClusterPublicHost(cluster.advertisedHost()));
    return builder.with(options).withClusterManager(new HazelcastClusterManager(hazelcast(cluster))).buildClustered();
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
    return config;
  }
}
