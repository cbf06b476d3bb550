package io.parley.storage;

import io.parley.config.ConfigException;
import io.parley.config.StorageConfig;
import io.parley.metrics.NodeMetrics;
import io.parley.model.ChatMessage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static io.parley.storage.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/** {@link StorageBackends} opens what {@code storage.type} names, and nothing it has no backend for. */
@ExtendWith(VertxExtension.class)
class StorageBackendsTest {
  @TempDir
  Path dataDir;

  private Future<StorageBackend> open(Vertx vertx, String type) {
    return StorageBackends.open(vertx, new StorageConfig(type, dataDir.toString(), false, 8, 0, null), Clock.systemUTC(),
        NodeMetrics.disabled().store());
  }

  @Test
  @DisplayName("embedded opens a backend whose stores write, which reports no problem until it is closed")
  void opensEmbedded(Vertx vertx) throws Exception {
    StorageBackend backend = result(open(vertx, "embedded"));
    try {
      ChatMessage message = new ChatMessage(1, "dm:a:b", "a", "c1", "hi", 1);
      assertThat(result(backend.stores().messages().append(message, List.of("a", "b"))).seqs())
          .isEqualTo(Map.of("a", 1L, "b", 1L));
      assertThat(backend.problem()).isNull();
    } finally {
      result(backend.close());
    }
    assertThat(backend.problem()).isEqualTo("storage closed");
  }

  @Test
  @DisplayName("a type with no backend in this build fails to open, naming storage.type")
  void refusesUnknownType(Vertx vertx) throws Exception {
    Future<StorageBackend> opened = open(vertx, "cassandra");
    Await.all(List.of(opened));

    assertThat(opened.cause()).isInstanceOf(ConfigException.class)
        .hasMessage("config storage.type: no storage backend of type 'cassandra' in this build");
  }
}
