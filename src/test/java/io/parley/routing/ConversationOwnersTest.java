package io.parley.routing;

import io.parley.bus.NodeAnnouncement;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every node computes the same owner for a conversation from the same live nodes, and a change moves few. */
class ConversationOwnersTest {
  private static final long HANDOVER = 2000;
  private static final List<String> CONVERSATIONS =
      IntStream.range(0, 3000).mapToObj(i -> "dm:" + String.format("%016x", i) + ":00000000000000ff").toList();

  private static ConversationOwners node(String self, String... peers) {
    ConversationOwners owners = new ConversationOwners(self, 3000, HANDOVER, -HANDOVER);
    for (String peer : peers) {
      owners.heard(announcement(peer, NodeAnnouncement.SERVING), 0);
    }
    return owners;
  }

  private static NodeAnnouncement announcement(String node, String state) {
    return new NodeAnnouncement(node, node + ":8080", 0, state);
  }

  private static Map<String, String> ownerOfEach(ConversationOwners owners) {
    Map<String, String> byConversation = new HashMap<>();
    CONVERSATIONS.forEach(conversation -> byConversation.put(conversation, owners.owner(conversation)));
    return byConversation;
  }

  @Test
  @DisplayName("alone, a node owns every conversation")
  void aloneOwnsAll() {
    assertThat(ownerOfEach(node("a")).values()).containsOnly("a");
  }

  @Test
  @DisplayName("three nodes agree on every owner whichever of them asks, and each owns about a third")
  void nodesAgree() {
    Map<String, String> seenByA = ownerOfEach(node("a", "b", "c"));
    assertThat(ownerOfEach(node("b", "c", "a"))).isEqualTo(seenByA);
    assertThat(ownerOfEach(node("c", "a", "b"))).isEqualTo(seenByA);
    for (String node : List.of("a", "b", "c")) {
      assertThat(seenByA.values().stream().filter(node::equals).count()).as("owned by %s", node)
          .isBetween(800L, 1200L);
    }
  }

  @Test
  @DisplayName("a node that leaves moves only its own conversations; the others keep their owners")
  void leavingMovesOnlyItsOwn() {
    ConversationOwners owners = node("a", "b", "c");
    Map<String, String> before = ownerOfEach(owners);
    owners.heard(announcement("c", NodeAnnouncement.LEAVING), 10);
    Map<String, String> after = ownerOfEach(owners);

    assertThat(after.values()).doesNotContain("c");
    CONVERSATIONS.stream().filter(conversation -> !before.get(conversation).equals("c"))
        .forEach(kept -> assertThat(after.get(kept)).as(kept).isEqualTo(before.get(kept)));
  }

  @Test
  @DisplayName("a peer unheard for longer than the silence allowed stops owning; one heard within it keeps owning")
  void silentPeersExpire() {
    ConversationOwners owners = new ConversationOwners("a", 3000, HANDOVER, -HANDOVER);
    owners.heard(announcement("b", NodeAnnouncement.SERVING), 0);
    owners.heard(announcement("c", NodeAnnouncement.SERVING), 0);
    owners.heard(announcement("b", NodeAnnouncement.SERVING), 2500);
    owners.expire(3500);

    assertThat(owners.live()).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  @DisplayName("a draining node keeps owning its conversations but is not serving; a serving one is")
  void drainingOwnsButDoesNotServe() {
    ConversationOwners owners = node("a", "a", "b");
    Map<String, String> before = ownerOfEach(owners);
    owners.heard(announcement("b", NodeAnnouncement.DRAINING), 5);

    assertThat(ownerOfEach(owners)).isEqualTo(before);
    assertThat(owners.serving()).extracting(NodeAnnouncement::node).containsExactly("a");
    owners.heard(announcement("b", NodeAnnouncement.SERVING), 6);
    assertThat(owners.serving()).extracting(NodeAnnouncement::node).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  @DisplayName("a node that joins routes the conversations it wins only a hand-over after it started (it announces "
      + "itself from then on); the node that held them routes none of them once it heard the newcomer, and keeps "
      + "routing the rest at once")
  void joinIsFenced() {
    ConversationOwners newcomer = new ConversationOwners("c", 3000, HANDOVER, 10_000);
    newcomer.heard(announcement("a", NodeAnnouncement.SERVING), 10_500);
    newcomer.heard(announcement("b", NodeAnnouncement.SERVING), 10_600);
    ConversationOwners holder = node("a", "b");
    Map<String, String> before = ownerOfEach(holder);
    holder.heard(announcement("c", NodeAnnouncement.SERVING), 10_700);

    List<String> won = CONVERSATIONS.stream().filter(conversation -> newcomer.owner(conversation).equals("c"))
        .toList();
    assertThat(won).as("the newcomer wins some, all from the others").isNotEmpty()
        .allMatch(conversation -> !before.get(conversation).equals("c"));
    won.forEach(conversation -> {
      assertThat(newcomer.fencedMillis(conversation, 11_000)).as(conversation).isEqualTo(10_000 + HANDOVER - 11_000);
      assertThat(newcomer.fencedMillis(conversation, 10_000 + HANDOVER)).as(conversation).isZero();
      assertThat(holder.fencedMillis(conversation, 10_800)).as("given up by " + before.get(conversation)).isEqualTo(-1);
    });
    CONVERSATIONS.stream().filter(conversation -> before.get(conversation).equals("a") && !won.contains(conversation))
        .forEach(kept -> assertThat(holder.fencedMillis(kept, 10_800)).as(kept).isZero());
  }

  @Test
  @DisplayName("the conversations of a peer gone silent wait a hand-over on the node that gains them")
  void deathIsFenced() {
    ConversationOwners survivor = new ConversationOwners("a", 3000, HANDOVER, -HANDOVER);
    survivor.heard(announcement("b", NodeAnnouncement.SERVING), 0);
    Map<String, String> before = ownerOfEach(survivor);
    survivor.expire(3500);

    CONVERSATIONS.forEach(conversation -> {
      long expected = before.get(conversation).equals("b") ? HANDOVER - 1 : 0;
      assertThat(survivor.fencedMillis(conversation, 3501)).as(conversation).isEqualTo(expected);
      assertThat(survivor.fencedMillis(conversation, 3500 + HANDOVER)).as(conversation).isZero();
    });
  }

  @Test
  @DisplayName("a peer gone from the cluster stops owning at once, well within its silence, and its conversations "
      + "still wait a hand-over; a peer still there keeps owning (the control)")
  void goneStopsOwningAtOnce() {
    ConversationOwners survivor = node("a", "b", "c");
    Map<String, String> before = ownerOfEach(survivor);
    survivor.gone("b", 500);
    survivor.gone("nobody", 500);

    assertThat(survivor.live()).containsExactlyInAnyOrder("a", "c");
    assertThat(survivor.serving()).extracting(NodeAnnouncement::node).containsExactly("c");
    CONVERSATIONS.forEach(conversation -> {
      String was = before.get(conversation);
      if (was.equals("b")) {
        assertThat(survivor.owner(conversation)).as(conversation).isNotEqualTo("b");
        if (survivor.owner(conversation).equals("a")) {
          assertThat(survivor.fencedMillis(conversation, 501)).as(conversation).isEqualTo(HANDOVER - 1);
        }
      } else {
        assertThat(survivor.owner(conversation)).as(conversation).isEqualTo(was);
      }
    });
  }
}
