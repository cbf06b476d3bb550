package io.parley.routing;

import io.parley.bus.BusUserDirectory;
import io.parley.bus.Codecs;
import io.parley.bus.NodeAnnouncement;
import io.parley.config.DiscoveryConfig;
import io.parley.health.NodeState;
import io.parley.model.IdGenerator;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

import static io.parley.bus.Addresses.CLUSTER_MEMBER_LEFT;
import static io.parley.bus.Addresses.ROUTING_DISCOVER;
import static io.parley.bus.Addresses.ROUTING_PEERS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Routing's view of its peers on a real event bus, the peers' announcements published as they would arrive: a peer
 * the cluster reports gone leaves discovery at once, long before its silence would end it.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class NodePeersTest {
  private static final String SELF = "127.0.0.1:8080";
  private static final NodeAnnouncement PEER = new NodeAnnouncement("2/peer-member", "127.0.0.2:8080", 0,
      NodeAnnouncement.SERVING);

  private Vertx vertx;

  @BeforeEach
  void deploy(Vertx vertx) throws Exception {
    this.vertx = vertx;
    Codecs.registerAll(vertx.eventBus());
    NodeState loaded = new NodeState();
    for (int device = 0; device < 5; device++) {
      loaded.deviceConnected();
    }
    vertx.deployVerticle(new RoutingVerticle(new IdGenerator(1, Clock.systemUTC()), 1000, loaded, SELF,
        new DiscoveryConfig(DiscoveryConfig.LEAST_LOADED, ""), new BusUserDirectory(vertx.eventBus()),
        "self-member")).await(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("a peer the cluster reports gone is never named again, its late announcement ignored; named while "
      + "it was there and least loaded (the control)")
  void goneMemberLeavesDiscovery() throws Exception {
    vertx.eventBus().publish(ROUTING_PEERS, PEER.toJson());
    assertThat(discovered()).isEqualTo(PEER.address());

    vertx.eventBus().publish(CLUSTER_MEMBER_LEFT, "another-member");
    assertThat(discovered()).as("a departure of some other member").isEqualTo(PEER.address());

    vertx.eventBus().publish(CLUSTER_MEMBER_LEFT, "peer-member");
    assertThat(discovered()).isEqualTo(SELF);

    vertx.eventBus().publish(ROUTING_PEERS, PEER.toJson());
    assertThat(discovered()).isEqualTo(SELF);
  }

  /** What discovery names, asked after everything published before has been handled (one event loop, in order). */
  private String discovered() throws Exception {
    return vertx.eventBus().<JsonObject>request(ROUTING_DISCOVER, null).await(5, TimeUnit.SECONDS).body()
        .getString("address");
  }
}
