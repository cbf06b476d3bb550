package io.parley.cluster;

import io.parley.bus.Addresses;
import io.parley.bus.LoopbackCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Departures on three clustered Vert.x in this JVM, as each survivor's routing hears them. */
@DisplayName("Cluster members: a member that dies is reported on each survivor, by its Vert.x cluster node id")
class ClusterMembersTest {
  private static final long SECONDS = 30;

  private LoopbackCluster cluster;
  private final List<List<String>> heard = List.of(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>(),
      new CopyOnWriteArrayList<>());

  @BeforeEach
  void start() throws Exception {
    cluster = LoopbackCluster.start(3);
    for (int node = 0; node < 3; node++) {
      List<String> into = heard.get(node);
      ClusterMembers.reportDepartures(cluster.node(node));
      cluster.node(node).eventBus().<String>localConsumer(Addresses.CLUSTER_MEMBER_LEFT,
          left -> into.add(left.body())).completion().await(SECONDS, TimeUnit.SECONDS);
    }
  }

  @AfterEach
  void stop() throws Exception {
    cluster.close();
  }

  @Test
  @DisplayName("a crashed member is reported once on both survivors; nothing is reported while all live (the control)")
  void crashReported() throws Exception {
    String victim = ClusterMembers.self(cluster.node(0));
    Thread.sleep(300);
    assertThat(heard).allSatisfy(node -> assertThat(node).isEmpty());

    cluster.crash(0);

    ClusterUserDirectoryTest.until(() -> !heard.get(1).isEmpty() && !heard.get(2).isEmpty(), "both survivors heard");
    Thread.sleep(300);
    assertThat(heard.get(1)).containsExactly(victim);
    assertThat(heard.get(2)).containsExactly(victim);
    assertThat(victim).isNotEqualTo(ClusterMembers.self(cluster.node(1)));
  }
}
