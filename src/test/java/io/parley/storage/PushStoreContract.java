package io.parley.storage;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static io.parley.storage.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The behaviour every {@link PushStore} shares; subclasses only supply the store. */
@ExtendWith(VertxExtension.class)
public abstract class PushStoreContract {
  private static final int NODE = 1;
  private PushStore store;

  /** An empty store that stays usable until the test ends. */
  protected abstract PushStore newStore(Vertx vertx) throws Exception;

  /** False for a store that serves one node, whose entries are all that node's whatever it was recorded as. */
  protected boolean servesManyNodes() {
    return true;
  }

  @BeforeEach
  void createStore(Vertx vertx) throws Exception {
    store = newStore(vertx);
  }

  private static PushNotification notification(String user, String device, long messageId, String preview) {
    return new PushNotification(user, device, "apns", "token-" + device, messageId, "dm:a:" + user, "a", preview,
        1_700_000_000_000L + messageId);
  }

  @Test
  @DisplayName("a notification is kept once per device and message however often it is recorded")
  void recordIsIdempotent() throws Exception {
    PushNotification first = notification("u1", "d1", 1, "hello");
    result(store.record(NODE, List.of(first, first)));
    result(store.record(NODE, List.of(notification("u1", "d1", 1, "hello again"))));

    List<PushNotification> pending = result(store.pending("u1", 10));

    assertThat(pending).hasSize(1);
    assertThat(pending.get(0)).extracting(PushNotification::deviceId, PushNotification::messageId)
        .containsExactly("d1", 1L);
  }

  @Test
  @DisplayName("pending notifications are per user, per device, oldest first and limited")
  void pendingOldestFirst() throws Exception {
    result(store.record(NODE, List.of(notification("u1", "d1", 30, "c"), notification("u1", "d1", 10, "a"))));
    result(store.record(NODE, List.of(notification("u1", "d2", 10, "a"), notification("u1", "d1", 20, "b"))));
    result(store.record(NODE, List.of(notification("u2", "d9", 5, "other"))));

    assertThat(result(store.pending("u1", 10)))
        .extracting(PushNotification::messageId, PushNotification::deviceId)
        .containsExactlyInAnyOrder(tuple(10L, "d1"), tuple(10L, "d2"), tuple(20L, "d1"), tuple(30L, "d1"));
    assertThat(result(store.pending("u1", 10))).extracting(PushNotification::messageId)
        .containsExactly(10L, 10L, 20L, 30L);
    assertThat(result(store.pending("u1", 2))).extracting(PushNotification::messageId).containsExactly(10L, 10L);
    assertThat(result(store.pending("u2", 10))).containsExactly(notification("u2", "d9", 5, "other"));
    assertThat(result(store.pending("u3", 10))).isEmpty();
  }

  @Test
  @DisplayName("recordedBy returns every user's notifications up to its limit, and removed ones are gone for good")
  void allAndRemove() throws Exception {
    PushNotification a1 = notification("u1", "d1", 10, "a");
    PushNotification a2 = notification("u1", "d2", 10, "a");
    PushNotification b1 = notification("u2", "d9", 5, "b");
    result(store.record(NODE, List.of(a1, a2, b1)));

    assertThat(result(store.recordedBy(NODE, 10))).containsExactlyInAnyOrder(a1, a2, b1);
    assertThat(result(store.recordedBy(NODE, 2))).hasSize(2).isSubsetOf(a1, a2, b1);

    result(store.remove(List.of(a1, b1, notification("u3", "d1", 1, "never recorded"))));

    assertThat(result(store.recordedBy(NODE, 10))).containsExactly(a2);
    assertThat(result(store.pending("u1", 10))).containsExactly(a2);
    assertThat(result(store.pending("u2", 10))).isEmpty();
    // recorded again after removal, it is due again: removal is not a tombstone against a later record
    result(store.record(NODE, List.of(b1)));
    assertThat(result(store.pending("u2", 10))).containsExactly(b1);
  }

  @Test
  @DisplayName("a node loads the notifications recorded for its own sender, not another node's")
  void eachNodeLoadsItsOwn() throws Exception {
    PushNotification mine = notification("u1", "d1", 10, "mine");
    PushNotification theirs = notification("u2", "d2", 11, "theirs");
    result(store.record(NODE, List.of(mine)));
    result(store.record(NODE + 1, List.of(theirs)));

    if (servesManyNodes()) {
      assertThat(result(store.recordedBy(NODE, 10))).containsExactly(mine);
      assertThat(result(store.recordedBy(NODE + 1, 10))).containsExactly(theirs);
    } else {
      assertThat(result(store.recordedBy(NODE, 10))).containsExactlyInAnyOrder(mine, theirs);
    }
    assertThat(result(store.pending("u2", 10))).containsExactly(theirs);
  }
}
