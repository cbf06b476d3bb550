package io.parley.presence;

import io.parley.config.ConfigException;
import io.parley.config.NodeConfig;
import io.parley.config.PresenceConfig;
import io.parley.presence.local.LocalPresence;
import io.parley.presence.redis.RedisPresence;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Opens the presence backend {@code presence.type} names: the one place that knows the implementations. A new type
 * is one case here and one value in {@link PresenceConfig}'s accepted types.
 */
public final class PresenceBackends {

  private PresenceBackends() {
  }

  /**
   * Opens the backend, ready to serve once the future succeeds. Fails with a {@link ConfigException} naming
   * {@code presence.type} for a type this build has no backend for.
   *
   * @param vertx the node's Vert.x, which a networked backend runs its client on
   * @param node  the node's identity, which a shared backend keeps this node's device counts under
   */
  public static Future<PresenceBackend> open(Vertx vertx, PresenceConfig config, NodeConfig node) {
    return switch (config.type()) {
      case "local" -> Future.succeededFuture(new LocalPresence(config));
      case "redis" -> RedisPresence.open(vertx, config, node);
      default -> Future.failedFuture(new ConfigException("presence.type",
          "no presence backend of type '" + config.type() + "' in this build"));
    };
  }
}
