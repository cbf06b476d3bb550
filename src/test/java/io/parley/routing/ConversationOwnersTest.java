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
  private static final List<String> CONVERSATIONS =
      IntStream.range(0, 3000).mapToObj(i -> "dm:" + String.format("%016x", i) + ":00000000000000ff").toList();

  private static ConversationOwners node(String self, String... peers) {
    ConversationOwners owners = new ConversationOwners(self, 3000);
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
    ConversationOwners owners = new ConversationOwners("a", 3000);
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
}
