package io.parley.routing;

import io.parley.bus.NodeAnnouncement;
import io.parley.config.DiscoveryConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class NodeChooserTest {
  private static final List<NodeAnnouncement> NODES = List.of(node("a", 7), node("b", 2), node("c", 5));

  private static NodeAnnouncement node(String id, int devices) {
    return new NodeAnnouncement(id, id + ":8080", devices, NodeAnnouncement.SERVING);
  }

  private static Set<String> chosenOver(NodeChooser chooser, List<NodeAnnouncement> nodes) {
    Set<String> chosen = new HashSet<>();
    IntStream.range(0, 200).forEach(i -> chosen.add(chooser.choose(nodes).orElseThrow().node()));
    return chosen;
  }

  @Test
  @DisplayName("least-loaded names the node with the fewest devices, and spreads over nodes tied for fewest")
  void leastLoaded() {
    NodeChooser chooser = new NodeChooser(DiscoveryConfig.LEAST_LOADED, new Random(1));
    assertThat(chosenOver(chooser, NODES)).containsExactly("b");
    assertThat(chosenOver(chooser, List.of(node("a", 3), node("b", 3), node("c", 4))))
        .containsExactlyInAnyOrder("a", "b");
  }

  @Test
  @DisplayName("random names every serving node in time, loaded or not")
  void random() {
    assertThat(chosenOver(new NodeChooser(DiscoveryConfig.RANDOM, new Random(1)), NODES))
        .containsExactlyInAnyOrder("a", "b", "c");
  }

  @Test
  @DisplayName("no serving node: nothing is named")
  void noneServing() {
    assertThat(new NodeChooser(DiscoveryConfig.LEAST_LOADED, new Random(1)).choose(List.of())).isEmpty();
  }
}
