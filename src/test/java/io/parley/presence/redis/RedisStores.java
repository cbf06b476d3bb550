package io.parley.presence.redis;

import io.parley.config.RedisPresenceConfig;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Redis presence stores for one test, each a node with a client of its own, on a Vert.x closed after the test. */
final class RedisStores implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();

  Vertx vertx() {
    return vertx;
  }

  /** A store not opened yet, so a test can choose how to wait for its first connect. */
  RedisPresenceStore create(String nodeId, RedisPresenceConfig config, Duration offlineAfter) {
    return new RedisPresenceStore(vertx, config, offlineAfter, nodeId);
  }

  /** Closing the Vert.x closes every store's client. */
  @Override
  public void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
