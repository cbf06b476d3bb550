package io.parley.config;

import java.util.List;
import java.util.Set;

/**
 * Identity of this node and the verticles it runs.
 *
 * @param id        node id embedded in every message id this node generates; unique per cluster, 0 to 1023
 * @param verticles which of gateway, routing, storage, presence, push this node deploys
 */
public record NodeConfig(int id, Set<String> verticles) {
  public static final List<String> ALL_VERTICLES = List.of("gateway", "routing", "storage", "presence", "push");

  static NodeConfig from(ConfigReader reader) {
    int id = reader.integer("id", 0, 1023);
    List<String> verticles = reader.strings("verticles");
    for (String verticle : verticles) {
      if (!ALL_VERTICLES.contains(verticle)) {
        throw new ConfigException("node.verticles", "unknown verticle '" + verticle + "', expected " + ALL_VERTICLES);
      }
    }
    return new NodeConfig(id, Set.copyOf(verticles));
  }

  public boolean runs(String verticle) {
    return verticles.contains(verticle);
  }
}
