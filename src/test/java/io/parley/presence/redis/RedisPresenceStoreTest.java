package io.parley.presence.redis;

import io.parley.config.RedisPresenceConfig;
import io.parley.presence.PresenceStore;
import io.parley.presence.PresenceStoreContract;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The contract against a real redis-server; each store is a node of its own, with its own client. */
class RedisPresenceStoreTest extends PresenceStoreContract {
  @RegisterExtension
  static final RedisServerExtension REDIS = RedisServerExtension.shared();

  private static Vertx vertx;
  private final List<RedisPresenceStore> stores = new ArrayList<>();

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void closeVertx() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void closeStores() {
    stores.forEach(store -> await(store.close()));
  }

  @Override
  protected PresenceStore createStore(Duration offlineAfter) {
    return open(offlineAfter);
  }

  @Override
  protected Optional<PresenceStore> createStoreOfAnotherNode(Duration offlineAfter) {
    return Optional.of(open(offlineAfter));
  }

  private RedisPresenceStore open(Duration offlineAfter) {
    RedisPresenceStore store = new RedisPresenceStore(vertx, new RedisPresenceConfig(REDIS.url(), 5_000, 1_000),
        offlineAfter, "node" + stores.size());
    stores.add(store);
    await(store.open());
    return store;
  }
}
