package io.parley.routing;

import io.parley.bus.NodeAnnouncement;
import io.parley.config.DiscoveryConfig;

import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Picks the chat node discovery names, by {@code discovery.policy}: the fewest connected devices, ties broken at
 * random so clients asking at once do not all land on one node; or any serving node at random.
 */
final class NodeChooser {
  private final boolean leastLoaded;
  private final RandomGenerator random;

  NodeChooser(String policy, RandomGenerator random) {
    this.leastLoaded = DiscoveryConfig.LEAST_LOADED.equals(policy);
    this.random = random;
  }

  /** Empty when no node serves. */
  Optional<NodeAnnouncement> choose(List<NodeAnnouncement> serving) {
    if (serving.isEmpty()) {
      return Optional.empty();
    }
    if (!leastLoaded) {
      return Optional.of(serving.get(random.nextInt(serving.size())));
    }
    int fewest = serving.stream().mapToInt(NodeAnnouncement::devices).min().orElseThrow();
    List<NodeAnnouncement> least = serving.stream().filter(node -> node.devices() == fewest).toList();
    return Optional.of(least.get(random.nextInt(least.size())));
  }
}
