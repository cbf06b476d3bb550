package io.parley.storage;

import io.parley.bus.Failure;
import io.vertx.core.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static io.parley.storage.Await.failure;
import static io.parley.storage.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The behaviour every {@link SocialStore} shares, for groups here and for relations in {@link RelationContract};
 * subclasses only supply the store.
 */
public abstract class SocialStoreContract extends RelationContract {
  /** Far below the protocol's group limit, which the storage handlers enforce: the store takes any bound. */
  private static final int MAX = 8;
  private static GroupRecord group(String id, int members) {
    List<String> ids = IntStream.range(0, members).mapToObj(i -> "m" + i).toList();
    return new GroupRecord(id, "group " + id, "m0", 1_700_000_000_000L, ids);
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

    result(store.addMember("g1", "z", MAX));
    result(store.addMember("g1", "a", MAX));
    assertThat(result(store.addMember("g1", "z", MAX)).members()).containsExactly("m0", "m1", "z", "a");
    GroupRecord afterRemove = result(store.removeMember("g1", "m1"));
    assertThat(result(store.removeMember("g1", "nobody"))).isEqualTo(afterRemove);
    result(store.addMember("g1", "m1", MAX));

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
    assertThat(failure(store.addMember("nope", "a", MAX))).isEqualTo(Failure.NOT_FOUND);
    assertThat(failure(store.removeMember("nope", "a"))).isEqualTo(Failure.NOT_FOUND);
    assertThat(failure(store.renameGroup("nope", "x"))).isEqualTo(Failure.NOT_FOUND);
    assertThat(result(store.groupsOf("a"))).isEmpty();
  }

  @Test
  @DisplayName("a group fills up at the bound: a further add leaves it as it was; re-adding a member still succeeds")
  void groupFull() throws Exception {
    result(store.createGroup(group("g1", MAX - 1)));

    GroupRecord full = result(store.addMember("g1", "last", MAX));
    assertThat(full.members()).hasSize(MAX).endsWith("last");
    assertThat(result(store.addMember("g1", "extra", MAX))).isEqualTo(full);
    assertThat(result(store.addMember("g1", "m5", MAX))).isEqualTo(full);
    assertThat(result(store.addMember("g1", "extra", MAX + 1)).members()).hasSize(MAX + 1).endsWith("extra");
    assertThat(result(store.groupsOf("last"))).containsExactly("g1");
  }

  @Test
  @DisplayName("a refused add leaves no trace: the user is listed in no group")
  void refusedAddLeavesNoTrace() throws Exception {
    result(store.createGroup(group("g1", MAX)));
    result(store.addMember("g1", "extra", MAX));

    assertThat(result(store.groupsOf("extra"))).isEmpty();
    assertThat(result(store.group("g1")).members()).hasSize(MAX).doesNotContain("extra");
  }

  @Test
  @DisplayName("concurrent joins never take a group past the bound")
  void concurrentJoins() throws Exception {
    result(store.createGroup(group("g1", MAX - 5)));

    List<Future<GroupRecord>> joins = IntStream.range(0, 10)
        .mapToObj(i -> store.addMember("g1", "new" + i, MAX)).toList();
    Await.all(joins);

    List<Integer> admitted = IntStream.range(0, 10)
        .filter(i -> joins.get(i).result().members().contains("new" + i)).boxed().toList();
    assertThat(admitted).hasSize(5);
    List<String> members = result(store.group("g1")).members();
    assertThat(members).hasSize(MAX).doesNotHaveDuplicates();
    assertThat(IntStream.range(0, 10).filter(i -> members.contains("new" + i)).boxed().toList())
        .containsExactlyElementsOf(admitted);
  }

  @Test
  @DisplayName("concurrent joins on two nodes never take a group past the bound, and both nodes see the same group")
  void concurrentJoinsOnTwoNodes() throws Exception {
    result(store.createGroup(group("g1", MAX - 5)));

    List<Future<GroupRecord>> joins = IntStream.range(0, 10)
        .mapToObj(i -> (i % 2 == 0 ? store : otherNode).addMember("g1", "new" + i, MAX)).toList();
    Await.all(joins);

    List<Integer> admitted = IntStream.range(0, 10)
        .filter(i -> joins.get(i).result().members().contains("new" + i)).boxed().toList();
    assertThat(admitted).hasSize(5);
    GroupRecord after = result(otherNode.group("g1"));
    assertThat(after.members()).hasSize(MAX).doesNotHaveDuplicates();
    assertThat(IntStream.range(0, 10).filter(i -> after.members().contains("new" + i)).boxed().toList())
        .containsExactlyElementsOf(admitted);
    assertThat(result(store.group("g1"))).isEqualTo(after);
  }

  @Test
  @DisplayName("an owner leaving on one node while others join on the other hands the group to an earliest member")
  void ownerLeavesWhileOthersJoinOnTwoNodes() throws Exception {
    result(store.createGroup(new GroupRecord("g2", "club", "a", 1L, List.of("a", "b"))));

    List<Future<GroupRecord>> changes = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      changes.add(otherNode.addMember("g2", "j" + i, MAX));
    }
    changes.add(store.removeMember("g2", "a"));
    result(Future.all(changes));

    GroupRecord after = result(store.group("g2"));
    assertThat(after.members()).hasSize(7).doesNotContain("a").startsWith("b");
    assertThat(after.ownerId()).isEqualTo("b");
    assertThat(result(otherNode.group("g2"))).isEqualTo(after);
  }

  @Test
  @DisplayName("a rename changes the name only, and survives a later membership change")
  void renameGroup() throws Exception {
    GroupRecord created = result(store.createGroup(group("g1", 3)));
    GroupRecord renamed = result(store.renameGroup("g1", "climbing"));

    assertThat(renamed).isEqualTo(created.withName("climbing"));
    assertThat(result(store.group("g1"))).isEqualTo(renamed);
    assertThat(result(store.renameGroup("g1", "climbing"))).isEqualTo(renamed);
    assertThat(result(store.addMember("g1", "z", MAX)).name()).isEqualTo("climbing");
    assertThat(result(store.group("g1")).name()).isEqualTo("climbing");
  }
}
