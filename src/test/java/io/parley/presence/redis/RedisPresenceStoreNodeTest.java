package io.parley.presence.redis;

import io.parley.config.RedisPresenceConfig;
import io.vertx.core.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What only the Redis store has: a node's restart under the same id, and the bounded expiry pass. */
class RedisPresenceStoreNodeTest {
  @RegisterExtension
  static final RedisServerExtension REDIS = RedisServerExtension.shared();

  private static final Duration OFFLINE_AFTER = Duration.ofSeconds(30);
  private static final long T0 = 1_732_700_000_000L;

  private final RedisStores stores = new RedisStores();

  @AfterEach
  void closeStores() throws Exception {
    stores.close();
  }

  @Test
  @DisplayName("a node opening its store again drops the devices its previous process left counted")
  void reopenedNodeStartsWithoutDevices() {
    RedisPresenceStore crashed = open("node0", 1_000);
    await(crashed.connected("ann", "phone", T0));
    RedisPresenceStore other = open("node1", 1_000);
    await(other.connected("ann", "laptop", T0));
    assertThat(await(other.get(List.of("ann"))).get("ann").connectedDevices()).isEqualTo(2);

    RedisPresenceStore restarted = open("node0", 1_000);

    assertThat(await(other.get(List.of("ann"))).get("ann").connectedDevices()).isEqualTo(1);
    assertThat(await(restarted.get(List.of("ann"))).get("ann").online()).isTrue();
  }

  @Test
  @DisplayName("one expiry pass takes at most presence.redisExpireBatch users offline; the next pass takes the rest")
  void expiryPassIsBounded() {
    RedisPresenceStore store = open("node0", 2);
    await(store.touch(List.of("ann", "bob", "cid"), T0));

    List<String> first = await(store.expire(T0 + OFFLINE_AFTER.toMillis()));
    List<String> second = await(store.expire(T0 + OFFLINE_AFTER.toMillis() + 1_000));

    assertThat(first).hasSize(2);
    assertThat(second).hasSize(1);
    assertThat(first).doesNotContainAnyElementsOf(second);
    assertThat(await(store.expire(T0 + OFFLINE_AFTER.toMillis() + 2_000))).isEmpty();
  }

  private RedisPresenceStore open(String nodeId, int expireBatch) {
    RedisPresenceStore store = stores.create(nodeId, new RedisPresenceConfig(REDIS.url(), 5_000, expireBatch),
        OFFLINE_AFTER);
    await(store.open());
    return store;
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("store call failed", e);
    }
  }
}
