package io.parley.presence.redis;

import io.parley.config.NodeConfig;
import io.parley.config.PresenceConfig;
import io.parley.presence.PresenceBackend;
import io.parley.presence.PresenceStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis presence backend ({@code presence.type: redis}): one {@link RedisPresenceStore} shared with every node
 * on the same Redis. A Redis outage is not a problem of the node, since presence then answers "unknown" and chat goes
 * on, so health reports only a closed backend; the store reconnects by itself.
 */
public final class RedisPresence implements PresenceBackend {
  private static final Logger log = LoggerFactory.getLogger(RedisPresence.class);

  private final RedisPresenceStore store;
  private volatile boolean closed;

  private RedisPresence(RedisPresenceStore store) {
    this.store = store;
  }

  /**
   * Opens the store of the node {@code node} configures. With Redis down at start the node starts anyway: the device
   * counts a previous process of this node left are then dropped when their users expire, {@code offlineAfter} later.
   */
  public static Future<PresenceBackend> open(Vertx vertx, PresenceConfig presence, NodeConfig node) {
    RedisPresenceStore store = RedisPresenceStore.create(vertx, presence, node);
    return store.open()
        .recover(cause -> {
          log.warn("presence redis unreachable at start cause={}: presence answers unknown until it answers",
              cause.getMessage());
          return Future.succeededFuture();
        })
        .map(ignored -> new RedisPresence(store));
  }

  @Override
  public PresenceStore store() {
    return store;
  }

  @Override
  public String problem() {
    return closed ? "presence closed" : null;
  }

  @Override
  public Future<Void> close() {
    closed = true;
    return store.close();
  }
}
