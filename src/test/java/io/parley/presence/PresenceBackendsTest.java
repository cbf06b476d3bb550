package io.parley.presence;

import io.parley.config.ConfigException;
import io.parley.config.PresenceConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link PresenceBackends} opens what {@code presence.type} names, and nothing it has no backend for. */
@ExtendWith(VertxExtension.class)
class PresenceBackendsTest {
  private static final long TIMEOUT_SECONDS = 10;

  private static Future<PresenceBackend> open(Vertx vertx, String type) {
    return PresenceBackends.open(vertx, new PresenceConfig(type, 10, 30, 100));
  }

  @Test
  @DisplayName("local opens a backend whose store serves, which reports no problem until it is closed")
  void opensLocal(Vertx vertx) throws Exception {
    PresenceBackend backend = open(vertx, "local").await(TIMEOUT_SECONDS, TimeUnit.SECONDS);

    assertThat(backend.store().touch(List.of("a"), 1_000).await(TIMEOUT_SECONDS, TimeUnit.SECONDS))
        .containsExactly("a");
    assertThat(backend.store().get(List.of("a")).await(TIMEOUT_SECONDS, TimeUnit.SECONDS).get("a").online()).isTrue();
    assertThat(backend.problem()).isNull();

    backend.close().await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    assertThat(backend.problem()).isEqualTo("presence closed");
  }

  @Test
  @DisplayName("a type with no backend in this build fails to open, naming presence.type")
  void refusesUnknownType(Vertx vertx) {
    Future<PresenceBackend> opened = open(vertx, "redis");

    assertThat(opened.failed()).isTrue();
    assertThat(opened.cause()).isInstanceOf(ConfigException.class)
        .hasMessage("config presence.type: no presence backend of type 'redis' in this build");
  }
}
