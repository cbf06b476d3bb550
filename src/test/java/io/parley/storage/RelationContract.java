package io.parley.storage;

import io.parley.bus.Failure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

import static io.parley.storage.Await.failure;
import static io.parley.storage.Await.result;
import static io.parley.storage.RelationRules.accept;
import static io.parley.storage.RelationRules.block;
import static io.parley.storage.RelationRules.request;
import static io.parley.storage.RelationRules.unblock;
import static io.parley.storage.RelationRules.unfriend;
import static io.parley.storage.RelationRules.withdraw;
import static org.assertj.core.api.Assertions.assertThat;

/** How every {@link SocialStore} keeps friendships, friend requests and blocks, with the rules applied. */
@ExtendWith(VertxExtension.class)
public abstract class RelationContract {
  private static final long AT = 1_700_000_000_000L;
  protected SocialStore store;
  protected SocialStore otherNode;

  /** An empty store that stays usable until the test ends. */
  protected abstract SocialStore newStore(Vertx vertx) throws Exception;

  /**
   * A second writer on the same data, as another node of a cluster has, opened after {@link #newStore}. A store that
   * serves one node only returns the same store: its second caller is all the concurrency it can have.
   */
  protected abstract SocialStore otherNode(Vertx vertx, SocialStore store) throws Exception;

  @BeforeEach
  void createStore(Vertx vertx) throws Exception {
    store = newStore(vertx);
    otherNode = otherNode(vertx, store);
  }

  private Relation change(String userId, String otherId, UnaryOperator<Relation> rule) throws Exception {
    return result(store.changeRelation(userId, otherId, AT, rule));
  }

  private Failure refused(String userId, String otherId, UnaryOperator<Relation> rule) throws Exception {
    return failure(store.changeRelation(userId, otherId, AT, rule));
  }

  @Test
  @DisplayName("a request is listed on both sides until accepted; then both are friends and nothing is pending")
  void requestThenAccept() throws Exception {
    change("a", "b", request("a", "b", AT + 5));

    assertThat(result(store.contacts("a"))).containsExactly(new Contact("b", Contact.Kind.OUTGOING, AT + 5));
    assertThat(result(store.contacts("b"))).containsExactly(new Contact("a", Contact.Kind.INCOMING, AT + 5));
    assertThat(result(store.friends("a"))).isEmpty();
    assertThat(result(store.relation("b", "a"))).isEqualTo(new Relation(false, "a", AT + 5, List.of()));

    assertThat(change("b", "a", accept("a")).friends()).isTrue();
    assertThat(result(store.friends("a"))).containsExactly("b");
    assertThat(result(store.friends("b"))).containsExactly("a");
    assertThat(result(store.contacts("a"))).isEmpty();
    assertThat(result(store.contacts("b"))).isEmpty();
    assertThat(result(store.relation("a", "b"))).isEqualTo(new Relation(true, null, 0, List.of()));
  }

  @Test
  @DisplayName("asking someone who already asked you accepts their request")
  void counterRequestAccepts() throws Exception {
    change("a", "b", request("a", "b", AT));
    assertThat(change("b", "a", request("b", "a", AT)).friends()).isTrue();
    assertThat(result(store.friends("a"))).containsExactly("b");
    assertThat(result(store.contacts("b"))).isEmpty();
  }

  @Test
  @DisplayName("duplicate requests, double accepts and accepting a request one made oneself change nothing")
  void duplicatesChangeNothing() throws Exception {
    change("a", "b", request("a", "b", AT));
    assertThat(refused("a", "b", request("a", "b", AT + 1))).isEqualTo(Failure.ALREADY_REQUESTED);
    assertThat(refused("a", "b", accept("b"))).isEqualTo(Failure.REQUEST_NOT_FOUND);
    assertThat(refused("a", "b", withdraw("b"))).isEqualTo(Failure.REQUEST_NOT_FOUND);
    assertThat(result(store.contacts("a"))).containsExactly(new Contact("b", Contact.Kind.OUTGOING, AT));

    change("b", "a", accept("a"));
    assertThat(refused("b", "a", accept("a"))).isEqualTo(Failure.ALREADY_FRIENDS);
    assertThat(refused("a", "b", request("a", "b", AT))).isEqualTo(Failure.ALREADY_FRIENDS);
    assertThat(result(store.friends("b"))).containsExactly("a");
    assertThat(result(store.contacts("a"))).isEmpty();
  }

  @Test
  @DisplayName("a declined or cancelled request is gone from both sides and can no longer be accepted")
  void declineAndCancel() throws Exception {
    change("a", "b", request("a", "b", AT));
    change("b", "a", withdraw("a"));
    assertThat(refused("b", "a", accept("a"))).isEqualTo(Failure.REQUEST_NOT_FOUND);
    assertThat(result(store.contacts("a"))).isEmpty();
    assertThat(result(store.contacts("b"))).isEmpty();

    change("a", "c", request("a", "c", AT));
    change("a", "c", withdraw("a"));
    assertThat(refused("c", "a", accept("a"))).isEqualTo(Failure.REQUEST_NOT_FOUND);
    assertThat(result(store.contacts("c"))).isEmpty();
    assertThat(result(store.friends("c"))).isEmpty();
    assertThat(result(store.relation("a", "c"))).isEqualTo(Relation.NONE);

    change("c", "a", request("c", "a", AT));
    assertThat(result(store.contacts("a"))).containsExactly(new Contact("c", Contact.Kind.INCOMING, AT));
  }

  @Test
  @DisplayName("unfriending ends the friendship on both sides; unfriending a stranger changes nothing")
  void unfriending() throws Exception {
    befriend("a", "b");
    befriend("a", "c");
    assertThat(change("b", "a", unfriend())).isEqualTo(Relation.NONE);
    assertThat(change("b", "z", unfriend())).isEqualTo(Relation.NONE);
    assertThat(result(store.friends("a"))).containsExactly("c");
    assertThat(result(store.friends("b"))).isEmpty();
    assertThat(result(store.friends("c"))).containsExactly("a");
  }

  @Test
  @DisplayName("a block ends a friendship and any request, is listed for the blocker only, and refuses requests")
  void blocking() throws Exception {
    befriend("a", "b");
    change("a", "c", request("a", "c", AT));
    change("a", "b", block("a"));
    change("c", "a", block("c"));

    assertThat(result(store.friends("a"))).isEmpty();
    assertThat(result(store.friends("b"))).isEmpty();
    assertThat(result(store.contacts("a"))).containsExactly(new Contact("b", Contact.Kind.BLOCKED, 0));
    assertThat(result(store.contacts("b"))).isEmpty();
    assertThat(result(store.contacts("c"))).containsExactly(new Contact("a", Contact.Kind.BLOCKED, 0));
    assertThat(refused("b", "a", request("b", "a", AT))).isEqualTo(Failure.REFUSED);
    assertThat(refused("a", "b", request("a", "b", AT))).isEqualTo(Failure.REFUSED);
    assertThat(refused("a", "c", request("a", "c", AT))).isEqualTo(Failure.REFUSED);
    assertThat(result(store.relation("b", "a")).blocked()).isTrue();
    assertThat(result(otherNode.blocked("b", "a"))).isTrue();
    assertThat(result(otherNode.blocked("c", "a"))).isTrue();
    assertThat(result(otherNode.blocked("b", "c"))).as("a pair never seen").isFalse();

    change("a", "b", block("a"));
    assertThat(result(store.contacts("a"))).hasSize(1);
    change("a", "b", unblock("a"));
    change("a", "c", unblock("a"));
    assertThat(result(store.relation("a", "b"))).isEqualTo(Relation.NONE);
    assertThat(result(store.blocked("a", "b"))).as("unblocked").isFalse();
    assertThat(result(store.contacts("a"))).isEmpty();
    assertThat(result(store.relation("a", "c")).blocks("c")).as("unblocking one's own block keeps the other's")
        .isTrue();
    change("b", "a", request("b", "a", AT));
    assertThat(result(store.contacts("a"))).containsExactly(new Contact("b", Contact.Kind.INCOMING, AT));
  }

  @Test
  @DisplayName("both blocking each other: each lists the other, and one unblocking leaves the pair blocked")
  void mutualBlocks() throws Exception {
    change("a", "b", block("a"));
    change("b", "a", block("b"));
    assertThat(result(store.contacts("b"))).containsExactly(new Contact("a", Contact.Kind.BLOCKED, 0));
    change("b", "a", unblock("b"));
    assertThat(result(store.contacts("b"))).isEmpty();
    assertThat(result(store.contacts("a"))).containsExactly(new Contact("b", Contact.Kind.BLOCKED, 0));
    assertThat(refused("b", "a", request("b", "a", AT))).isEqualTo(Failure.REFUSED);
  }

  @Test
  @DisplayName("two users asking each other at once on two nodes end as friends, with nothing left pending")
  void crossedRequestsOnTwoNodes() throws Exception {
    List<String> pairs = IntStream.range(0, 12).mapToObj(i -> "p" + i).toList();
    List<Future<Relation>> changes = pairs.stream().flatMap(p -> List.of(
        store.changeRelation(p + "a", p + "b", AT, request(p + "a", p + "b", AT)),
        otherNode.changeRelation(p + "b", p + "a", AT, request(p + "b", p + "a", AT))).stream()).toList();
    Await.all(changes);

    for (String p : pairs) {
      assertThat(result(otherNode.relation(p + "a", p + "b"))).isEqualTo(new Relation(true, null, 0, List.of()));
      assertThat(result(store.friends(p + "a"))).containsExactly(p + "b");
      assertThat(result(otherNode.friends(p + "b"))).containsExactly(p + "a");
      assertThat(result(store.contacts(p + "a"))).isEmpty();
      assertThat(result(otherNode.contacts(p + "b"))).isEmpty();
    }
    assertThat(changes.stream().filter(done -> done.result().friends()).count())
        .as("in every pair the later request accepted the earlier").isEqualTo((long) pairs.size());
  }

  @Test
  @DisplayName("a request racing a block on the other node: the block wins and the listings agree with it")
  void requestRacingBlockOnTwoNodes() throws Exception {
    List<String> pairs = IntStream.range(0, 12).mapToObj(i -> "q" + i).toList();
    List<Future<Relation>> changes = pairs.stream().flatMap(p -> List.of(
        store.changeRelation(p + "a", p + "b", AT, request(p + "a", p + "b", AT)).otherwise(Relation.NONE),
        otherNode.changeRelation(p + "b", p + "a", AT, block(p + "b"))).stream()).toList();
    Await.all(changes);

    for (String p : pairs) {
      assertThat(result(store.relation(p + "a", p + "b"))).isEqualTo(new Relation(false, null, 0, List.of(p + "b")));
      assertThat(result(otherNode.contacts(p + "a"))).isEmpty();
      assertThat(result(store.contacts(p + "b"))).containsExactly(new Contact(p + "a", Contact.Kind.BLOCKED, 0));
      assertThat(result(store.friends(p + "a"))).isEmpty();
    }
  }

  private void befriend(String userId, String otherId) throws Exception {
    change(userId, otherId, request(userId, otherId, AT));
    change(otherId, userId, accept(userId));
  }
}
