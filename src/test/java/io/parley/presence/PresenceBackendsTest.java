package io.parley.presence;

import io.parley.config.ConfigException;
import io.parley.config.NodeConfig;
import io.parley.config.PresenceConfig;
import io.parley.config.RedisPresenceConfig;
import io.parley.e2e.support.FreePort;
import io.parley.presence.redis.RedisServerExtension;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link PresenceBackends} opens what {@code presence.type} names, and nothing it has no backend for. */
@ExtendWith(VertxExtension.class)
class PresenceBackendsTest {
  private static final long TIMEOUT_SECONDS = 10;
  private static final NodeConfig NODE = new NodeConfig(7, Set.copyOf(NodeConfig.ALL_VERTICLES), 0, 30, 5);

  @RegisterExtension
  static final RedisServerExtension REDIS = RedisServerExtension.shared();

  private static Future<PresenceBackend> open(Vertx vertx, String type, String redisUrl) {
    return PresenceBackends.open(vertx, new PresenceConfig(type, 10, 30, 100,
        new RedisPresenceConfig(redisUrl, 500, 1_000)), NODE);
  }

  @Test
  @DisplayName("local and redis open a backend whose store serves, which reports no problem until it is closed")
  void opensEachType(Vertx vertx) throws Exception {
    for (String type : List.of("local", "redis")) {
      PresenceBackend backend = open(vertx, type, REDIS.url()).await(TIMEOUT_SECONDS, TimeUnit.SECONDS);

      assertThat(backend.store().touch(List.of("a"), 1_000).await(TIMEOUT_SECONDS, TimeUnit.SECONDS))
          .as(type).containsExactly("a");
      assertThat(backend.store().get(List.of("a")).await(TIMEOUT_SECONDS, TimeUnit.SECONDS).get("a").online())
          .as(type).isTrue();
      assertThat(backend.problem()).as(type).isNull();

      backend.close().await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      assertThat(backend.problem()).as(type).isEqualTo("presence closed");
    }
  }

  @Test
  @DisplayName("redis unreachable at start: the backend opens anyway and healthy, its store failing fast, not hanging")
  void redisDownAtStart(Vertx vertx) throws Exception {
    PresenceBackend backend = open(vertx, "redis", "redis://127.0.0.1:" + FreePort.pick())
        .await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    try {
      assertThat(backend.problem()).isNull();
      // the presence verticle answers such a failure "unknown" (RedisPresenceOutageTest), so chat goes on
      assertThatThrownBy(() -> backend.store().get(List.of("a")).await(TIMEOUT_SECONDS, TimeUnit.SECONDS))
          .hasMessageContaining("redis unreachable");
    } finally {
      backend.close().await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("a type with no backend in this build fails to open, naming presence.type")
  void refusesUnknownType(Vertx vertx) {
    Future<PresenceBackend> opened = open(vertx, "memcached", REDIS.url());

    assertThat(opened.failed()).isTrue();
    assertThat(opened.cause()).isInstanceOf(ConfigException.class)
        .hasMessage("config presence.type: no presence backend of type 'memcached' in this build");
  }
}
