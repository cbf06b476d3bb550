package io.parley.storage;

import io.parley.bus.Failure;
import io.parley.config.CassandraConfig;
import io.parley.config.ConfigException;
import io.parley.config.StorageConfig;
import io.parley.metrics.NodeMetrics;
import io.parley.model.ChatMessage;
import io.parley.storage.cassandra.CassandraServerExtension;
import io.parley.storage.cassandra.CuttableProxy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static io.parley.storage.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/** {@link StorageBackends} opens what {@code storage.type} names, and nothing it has no backend for. */
@ExtendWith(VertxExtension.class)
class StorageBackendsTest {
  @RegisterExtension
  static final CassandraServerExtension cassandra = new CassandraServerExtension();
  @TempDir
  Path dataDir;

  private Future<StorageBackend> open(Vertx vertx, String type) {
    return StorageBackends.open(vertx, config(type, dataDir, cassandra.contactPoint()), Clock.systemUTC(),
        NodeMetrics.disabled().store());
  }

  private static StorageConfig config(String type, Path dataDir, String contactPoint) {
    CassandraConfig shared = new CassandraConfig(List.of(contactPoint), cassandra.datacenter(),
        "parley_backends_test", 1, "LOCAL_QUORUM", "LOCAL_SERIAL", 10_000);
    return new StorageConfig(type, dataDir.toString(), false, 8, 0, shared);
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
  @DisplayName("cassandra opens a backend whose four stores write, which reports no problem until it is closed")
  void opensCassandra(Vertx vertx) throws Exception {
    cassandra.truncate("parley_backends_test");
    StorageBackend backend = result(open(vertx, "cassandra"));
    try {
      Stores stores = backend.stores();
      ChatMessage message = new ChatMessage(1, "dm:a:b", "a", "c1", "hi", 1);
      assertThat(result(stores.messages().append(message, List.of("a", "b"))).seqs())
          .isEqualTo(Map.of("a", 1L, "b", 1L));
      UserRecord alice = new UserRecord("a", "Alice", "Alice", "", "hash", 1);
      assertThat(result(stores.users().create(alice))).isEqualTo(alice);
      result(stores.social().changeRelation("a", "b", 1L, RelationRules.request("a", "b", 1L)));
    result(stores.social().changeRelation("b", "a", 2L, RelationRules.accept("a")));
      assertThat(result(stores.social().friends("b"))).containsExactly("a");
      PushNotification push = new PushNotification("b", "d1", "fcm", "t", 1, "dm:a:b", "a", "hi", 1);
      result(stores.push().record(1, List.of(push)));
      assertThat(result(stores.push().pending("b", 10))).containsExactly(push);
      assertThat(backend.problem()).isNull();
    } finally {
      result(backend.close());
    }
    assertThat(backend.problem()).isEqualTo("storage closed");
    assertThat(Await.failure(backend.stores().users().byId("a"))).isEqualTo(Failure.UNAVAILABLE);
    result(backend.close());
  }

  @Test
  @DisplayName("cassandra unreachable at start: the first attempt ends without it, problem() says why, and the "
      + "backend opens by itself once Cassandra answers")
  void opensCassandraOnceReachable(Vertx vertx) throws Exception {
    cassandra.truncate("parley_backends_test");
    try (CuttableProxy link = CuttableProxy.start(vertx, cassandra.contactPoint())) {
      link.cut();
      StorageOpening opening = StorageBackends.opening(vertx, config("cassandra", dataDir, link.address()),
          Clock.systemUTC(), NodeMetrics.disabled().store());
      result(opening.firstAttempt());
      assertThat(opening.opened().isComplete()).isFalse();
      assertThat(opening.problem()).startsWith("cassandra unreachable: ");

      link.restore();
      StorageBackend backend = result(opening.opened());
      ChatMessage message = new ChatMessage(1, "dm:a:b", "a", "c1", "hi", 1);
      assertThat(result(backend.stores().messages().append(message, List.of("a", "b"))).seqs())
          .isEqualTo(Map.of("a", 1L, "b", 1L));
      assertThat(opening.problem()).isNull();
      result(opening.close());
      assertThat(opening.problem()).isEqualTo("storage closed");
    }
  }

  @Test
  @DisplayName("an embedded store that cannot open fails the first attempt, and is not retried")
  void embeddedFailureFailsTheStart(Vertx vertx) throws Exception {
    Path notADirectory = Files.writeString(dataDir.resolve("file"), "not a directory");
    StorageOpening opening = StorageBackends.opening(vertx, config("embedded", notADirectory, "127.0.0.1:9042"),
        Clock.systemUTC(), NodeMetrics.disabled().store());
    Await.all(List.of(opening.firstAttempt()));

    assertThat(opening.firstAttempt().failed()).isTrue();
    assertThat(opening.opened().failed()).isTrue();
    StorageOpening usable = StorageBackends.opening(vertx, config("embedded", dataDir, "127.0.0.1:9042"),
        Clock.systemUTC(), NodeMetrics.disabled().store());
    assertThat(result(usable.opened()).problem()).as("a usable directory opens").isNull();
    result(usable.close());
  }

  @Test
  @DisplayName("a type with no backend in this build fails to open, naming storage.type")
  void refusesUnknownType(Vertx vertx) throws Exception {
    Future<StorageBackend> opened = open(vertx, "dynamo");
    Await.all(List.of(opened));

    assertThat(opened.cause()).isInstanceOf(ConfigException.class)
        .hasMessage("config storage.type: no storage backend of type 'dynamo' in this build");
  }
}
