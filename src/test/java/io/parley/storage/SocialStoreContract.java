package io.parley.storage;

import io.parley.bus.Failure;
import io.parley.protocol.Limits;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.stream.IntStream;

import static io.parley.storage.Await.failure;
import static io.parley.storage.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/** The behaviour every {@link SocialStore} shares; subclasses only supply the store. */
@ExtendWith(VertxExtension.class)
public abstract class SocialStoreContract {
  private SocialStore store;

  /** An empty store that stays usable until the test ends. */
  protected abstract SocialStore newStore(Vertx vertx) throws Exception;

  @BeforeEach
  void createStore(Vertx vertx) throws Exception {
    store = newStore(vertx);
  }

  private static GroupRecord group(String id, int members) {
    List<String> ids = IntStream.range(0, members).mapToObj(i -> "m" + i).toList();
    return new GroupRecord(id, "group " + id, "m0", 1_700_000_000_000L, ids);
  }

  @Test
  @DisplayName("a friendship is symmetric, added and removed once from either side")
  void friendsAreSymmetric() throws Exception {
    result(store.addFriend("a", "b"));
    result(store.addFriend("b", "a"));
    result(store.addFriend("a", "c"));

    assertThat(result(store.friends("a"))).containsExactlyInAnyOrder("b", "c");
    assertThat(result(store.friends("b"))).containsExactly("a");

    result(store.removeFriend("b", "a"));
    result(store.removeFriend("b", "z"));
    assertThat(result(store.friends("a"))).containsExactly("c");
    assertThat(result(store.friends("b"))).isEmpty();
    assertThat(result(store.friends("c"))).containsExactly("a");
  }

  @Test
  @DisplayName("a created group reads back with its members in order and is listed for each member")
  void createGroup() throws Exception {
    GroupRecord created = result(store.createGroup(group("g1", 3)));

    assertThat(created).isEqualTo(group("g1", 3));
    assertThat(result(store.group("g1"))).isEqualTo(created);
    assertThat(result(store.groupsOf("m2"))).containsExactly("g1");
    assertThat(result(store.groupsOf("m9"))).isEmpty();
    assertThat(result(store.group("g2"))).isNull();
  }

  @Test
  @DisplayName("members are kept in join order; adding one twice or removing a stranger changes nothing")
  void membersInJoinOrder() throws Exception {
    result(store.createGroup(group("g1", 2)));
    result(store.createGroup(group("g2", 1)));

    result(store.addMember("g1", "z"));
    result(store.addMember("g1", "a"));
    assertThat(result(store.addMember("g1", "z")).members()).containsExactly("m0", "m1", "z", "a");
    GroupRecord afterRemove = result(store.removeMember("g1", "m1"));
    assertThat(result(store.removeMember("g1", "nobody"))).isEqualTo(afterRemove);
    result(store.addMember("g1", "m1"));

    assertThat(result(store.group("g1")).members()).containsExactly("m0", "z", "a", "m1");
    assertThat(result(store.groupsOf("m0"))).containsExactlyInAnyOrder("g1", "g2");
    assertThat(result(store.groupsOf("z"))).containsExactly("g1");
    result(store.removeMember("g1", "z"));
    assertThat(result(store.groupsOf("z"))).isEmpty();
  }

  @Test
  @DisplayName("an owner who leaves hands the group to the earliest-joined member left")
  void ownerLeaving() throws Exception {
    result(store.createGroup(new GroupRecord("g9", "club", "a", 1L, List.of("a", "b", "c"))));
    assertThat(result(store.removeMember("g9", "b")).ownerId()).isEqualTo("a");
    GroupRecord handedOver = result(store.removeMember("g9", "a"));
    assertThat(handedOver.ownerId()).isEqualTo("c");
    assertThat(handedOver.members()).containsExactly("c");
    assertThat(result(store.group("g9")).ownerId()).isEqualTo("c");
  }

  @Test
  @DisplayName("adding to or removing from an unknown group fails with NOT_FOUND")
  void unknownGroup() throws Exception {
    assertThat(failure(store.addMember("nope", "a"))).isEqualTo(Failure.NOT_FOUND);
    assertThat(failure(store.removeMember("nope", "a"))).isEqualTo(Failure.NOT_FOUND);
    assertThat(result(store.groupsOf("a"))).isEmpty();
  }

  @Test
  @DisplayName("a group cannot be created with more members than the limit")
  void createTooLarge() throws Exception {
    assertThat(failure(store.createGroup(group("g1", Limits.MAX_GROUP_MEMBERS + 1)))).isEqualTo(Failure.GROUP_FULL);
    assertThat(result(store.group("g1"))).isNull();
    assertThat(result(store.groupsOf("m0"))).isEmpty();
  }

  @Test
  @DisplayName("a group fills up at the limit; re-adding a member of a full group still succeeds")
  void groupFull() throws Exception {
    result(store.createGroup(group("g1", Limits.MAX_GROUP_MEMBERS - 1)));

    assertThat(result(store.addMember("g1", "last")).members()).hasSize(Limits.MAX_GROUP_MEMBERS).endsWith("last");
    assertThat(failure(store.addMember("g1", "extra"))).isEqualTo(Failure.GROUP_FULL);
    assertThat(result(store.addMember("g1", "m5")).members()).hasSize(Limits.MAX_GROUP_MEMBERS);
    assertThat(result(store.groupsOf("extra"))).isEmpty();
  }

  @Test
  @DisplayName("concurrent joins never take a group past the limit")
  void concurrentJoins() throws Exception {
    result(store.createGroup(group("g1", Limits.MAX_GROUP_MEMBERS - 5)));

    List<Future<GroupRecord>> joins = IntStream.range(0, 10).mapToObj(i -> store.addMember("g1", "new" + i)).toList();
    Await.all(joins);

    assertThat(joins).filteredOn(Future::succeeded).hasSize(5);
    for (Future<GroupRecord> refused : joins.stream().filter(Future::failed).toList()) {
      assertThat(failure(refused)).isEqualTo(Failure.GROUP_FULL);
    }
    List<String> members = result(store.group("g1")).members();
    assertThat(members).hasSize(Limits.MAX_GROUP_MEMBERS).doesNotHaveDuplicates();
    long joined = IntStream.range(0, 10).filter(i -> members.contains("new" + i)).count();
    assertThat(joined).isEqualTo(5);
  }
}
