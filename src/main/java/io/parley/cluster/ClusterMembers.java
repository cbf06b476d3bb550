package io.parley.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.parley.bus.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This member and the departures of the others. Hazelcast drops a member whose connections closed (a process killed
 * or stopped) within about a second, and the event bus can then no longer reach it; routing hears it here instead of
 * waiting for the member's announcements to fall silent, so discovery stops naming it and its conversations move
 * sooner. Vert.x keeps the cluster manager's one node listener for its own event bus, so this listens on Hazelcast.
 */
public final class ClusterMembers {
  private static final Logger log = LoggerFactory.getLogger(ClusterMembers.class);
  /** The member attribute vertx-hazelcast keeps each member's Vert.x cluster node id in. */
  private static final String NODE_ID_ATTRIBUTE = "__vertx.nodeId";
  private static final DeliveryOptions HERE = new DeliveryOptions().setLocalOnly(true);

  private ClusterMembers() {
  }

  /** This member's Vert.x cluster node id, new at every start. */
  public static String self(Vertx vertx) {
    return ((VertxInternal) vertx).clusterManager().getNodeId();
  }

  /** From now on, publishes each member that leaves on {@link Addresses#CLUSTER_MEMBER_LEFT}, on this member only. */
  public static void reportDepartures(Vertx vertx) {
    HazelcastClusterManager manager = (HazelcastClusterManager) ((VertxInternal) vertx).clusterManager();
    manager.getHazelcastInstance().getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        String nodeId = event.getMember().getAttribute(NODE_ID_ATTRIBUTE);
        if (nodeId != null) {
          log.info("cluster member left nodeId={} address={}", nodeId, event.getMember().getAddress());
          vertx.eventBus().publish(Addresses.CLUSTER_MEMBER_LEFT, nodeId, HERE);
        }
      }
    });
  }
}
