package io.parley.storage.rocksdb;

import io.parley.bus.Failure;
import io.parley.model.ChatMessage;
import io.parley.storage.Appended;
import io.parley.storage.Await;
import io.parley.storage.GroupRecord;
import io.parley.storage.InboxEntries;
import io.parley.storage.PushNotification;
import io.parley.storage.RelationRules;
import io.parley.storage.UserRecord;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static io.parley.storage.Await.failure;
import static io.parley.storage.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/** The embedded stores as a whole: restarts, fsync, threading and shutdown. */
@ExtendWith(VertxExtension.class)
class RocksDbStoresTest {
  @RegisterExtension
  final RocksDbStorageExtension rocksDb = new RocksDbStorageExtension();
  @TempDir
  Path dataDir;

  private static ChatMessage message(long id, String sender) {
    return new ChatMessage(id, "dm:a:b", sender, "client-" + id, "text " + id, id);
  }

  private static List<Future<Appended>> appendConcurrently(RocksDbStorage storage, long firstId, int count) {
    return LongStream.range(firstId, firstId + count)
        .mapToObj(id -> storage.messages().append(message(id, "a"), List.of("a", "b")))
        .toList();
  }

  private static List<Long> inboxSeqs(RocksDbStorage storage, String user) throws Exception {
    return result(storage.messages().inbox(user, 0, 1_000)).entries().stream().map(InboxEntries.Entry::seq).toList();
  }

  @Test
  @DisplayName("everything written survives a restart, and inbox sequences carry on without a gap")
  void survivesRestart(Vertx vertx) throws Exception {
    RocksDbStorage first = rocksDb.open(vertx, dataDir);
    result(Future.all(appendConcurrently(first, 1, 30)));
    UserRecord alice = result(first.users().create(new UserRecord("a", "Alice", "A", "", "hash", 1L)));
    GroupRecord group = result(first.social().createGroup(new GroupRecord("g", "G", "a", 1L, List.of("a", "b"))));
    result(first.social().changeRelation("a", "b", 1L, RelationRules.request("a", "b", 1L)));
    result(first.social().changeRelation("b", "a", 2L, RelationRules.accept("a")));
    result(first.messages().markRead("dm:a:b", "b", 30));
    PushNotification push = new PushNotification("b", "d", "fcm", "t", 30, "dm:a:b", "a", "hi", 1L);
    result(first.push().record(1, List.of(push)));
    result(first.close());

    RocksDbStorage second = rocksDb.open(vertx, dataDir);
    Appended next = result(second.messages().append(message(31, "b"), List.of("b", "c")));
    result(Future.all(appendConcurrently(second, 32, 20)));

    assertThat(next.seqs()).isEqualTo(Map.of("b", 31L, "c", 1L));
    assertThat(inboxSeqs(second, "b")).containsExactlyElementsOf(LongStream.rangeClosed(1, 51).boxed().toList());
    assertThat(inboxSeqs(second, "a")).containsExactlyElementsOf(LongStream.rangeClosed(1, 50).boxed().toList());
    assertThat(result(second.messages().append(message(5, "a"), List.of("a"))).seqs()).isEqualTo(Map.of("a", 5L));
    assertThat(result(second.users().byUsername("alice"))).isEqualTo(alice);
    assertThat(failure(second.users().create(new UserRecord("x", "ALICE", "", "", "", 2L))))
        .isEqualTo(Failure.USERNAME_TAKEN);
    assertThat(result(second.social().group("g"))).isEqualTo(group);
    assertThat(result(second.social().friends("b"))).containsExactly("a");
    assertThat(result(second.messages().readCursors("dm:a:b"))).isEqualTo(Map.of("b", 30L));
    assertThat(result(second.push().pending("b", 10))).containsExactly(push);
  }

  @Test
  @DisplayName("with fsync on, concurrent appends share commits, succeed and survive a restart")
  void fsyncMode(Vertx vertx) throws Exception {
    RocksDbStorage synced = rocksDb.open(vertx, dataDir, true);
    List<Appended> appended = result(Future.all(appendConcurrently(synced, 1, 200))).list();
    result(synced.close());

    RocksDbStorage reopened = rocksDb.open(vertx, dataDir);

    assertThat(appended).extracting(Appended::duplicate).containsOnly(false);
    assertThat(inboxSeqs(reopened, "b")).containsExactlyElementsOf(LongStream.rangeClosed(1, 200).boxed().toList());
  }

  @Test
  @DisplayName("reads and writes complete on the context of their caller")
  void completesOnCallerContext(Vertx vertx, VertxTestContext testContext) throws Exception {
    RocksDbStorage storage = rocksDb.open(vertx, dataDir);
    Checkpoint completions = testContext.checkpoint(4);
    IntStream.range(0, 2).forEach(i -> {
      Context caller = vertx.getOrCreateContext();
      caller.runOnContext(ignored -> {
        storage.messages().append(message(i + 1, "a"), List.of("a")).onComplete(testContext.succeeding(result ->
            testContext.verify(() -> {
              assertThat(Vertx.currentContext()).isSameAs(caller);
              completions.flag();
            })));
        storage.users().byId("a").onComplete(testContext.succeeding(result ->
            testContext.verify(() -> {
              assertThat(Vertx.currentContext()).isSameAs(caller);
              completions.flag();
            })));
      });
    });
  }

  @Test
  @DisplayName("a closed storage refuses reads and writes with UNAVAILABLE")
  void closedRefuses(Vertx vertx) throws Exception {
    RocksDbStorage storage = rocksDb.open(vertx, dataDir);
    result(storage.close());

    assertThat(failure(storage.messages().append(message(1, "a"), List.of("a")))).isEqualTo(Failure.UNAVAILABLE);
    assertThat(failure(storage.messages().inbox("a", 0, 10))).isEqualTo(Failure.UNAVAILABLE);
    assertThat(Await.result(storage.close())).isNull();
  }

  @Test
  @DisplayName("an open storage that writes reports no problem; a closed one reports that it is closed")
  void reportsItsHealth(Vertx vertx) throws Exception {
    RocksDbStorage storage = rocksDb.open(vertx, dataDir);
    result(storage.messages().append(message(1, "a"), List.of("a")));
    assertThat(storage.problem()).isNull();

    result(storage.close());
    assertThat(storage.problem()).isEqualTo("storage closed");
  }
}
