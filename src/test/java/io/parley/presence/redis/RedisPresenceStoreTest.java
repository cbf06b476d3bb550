package io.parley.presence.redis;

import io.parley.config.RedisPresenceConfig;
import io.parley.presence.PresenceStore;
import io.parley.presence.SharedPresenceStoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

/** The contract against a real redis-server; each store is a node of its own, with its own client. */
class RedisPresenceStoreTest extends SharedPresenceStoreContract {
  @RegisterExtension
  static final RedisServerExtension REDIS = RedisServerExtension.shared();

  private final RedisStores stores = new RedisStores();
  private int nodes;

  @AfterEach
  void closeStores() throws Exception {
    stores.close();
  }

  @Override
  protected PresenceStore createStore(Duration offlineAfter) {
    return open(offlineAfter);
  }

  @Override
  protected PresenceStore createStoreOfAnotherNode(Duration offlineAfter) {
    return open(offlineAfter);
  }

  private RedisPresenceStore open(Duration offlineAfter) {
    RedisPresenceStore store = stores.create("node" + nodes++, new RedisPresenceConfig(REDIS.url(), 5_000, 1_000),
        offlineAfter);
    await(store.open());
    return store;
  }
}
