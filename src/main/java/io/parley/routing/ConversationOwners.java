package io.parley.routing;

import io.parley.bus.NodeAnnouncement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which node's routing owns each conversation, so one node orders it however many nodes its senders are on: the
 * live node whose hash with the conversation id is highest (rendezvous hashing), so a node joining or leaving moves
 * only the conversations it wins or held, about one in N. A node is live while its announcements arrive
 * ({@link #heard}) until it leaves the cluster ({@link #gone}), this node always; a draining node stays live, as it
 * still finishes its sends. The latest announcement of each live node is kept for discovery ({@link #serving}). Used
 * from one event loop.
 *
 * <p>The hand-over is fenced in time ({@link #fencedMillis}): nodes learn of a change up to an announcement apart, and
 * the node that held a conversation may still be finishing sends it took, so a node routes a conversation it gained
 * only once it has owned it for {@code handoverMillis} under every view it has held since; sends of it wait until
 * then. A node that starts has owned nothing before.
 */
final class ConversationOwners {
  private static final Logger log = LoggerFactory.getLogger(ConversationOwners.class);
  private final String self;
  private final long silentMillis;
  private final long handoverMillis;
  private final Map<String, Heard> heard = new HashMap<>();
  private List<String> live;
  /** The views of the live nodes this node held within the last handoverMillis, before the current one. */
  private final List<View> past = new ArrayList<>();

  private record Heard(NodeAnnouncement announcement, long atMillis) {
  }

  /** The live nodes as this node saw them until {@code untilMillis}. */
  private record View(List<String> live, long untilMillis) {
  }

  /**
   * @param silentMillis how long a peer may go unheard before its conversations move to the others
   * @param handoverMillis how long a node owns a conversation it gained before it routes it
   * @param startMillis now: until then this node owned nothing
   */
  ConversationOwners(String self, long silentMillis, long handoverMillis, long startMillis) {
    this.self = self;
    this.silentMillis = silentMillis;
    this.handoverMillis = handoverMillis;
    this.live = List.of(self);
    this.past.add(new View(List.of(), startMillis));
  }

  String self() {
    return self;
  }

  /** A node (this one too) announced itself: up, draining, or leaving, whose conversations move at once. */
  void heard(NodeAnnouncement announcement, long nowMillis) {
    String node = announcement.node();
    Heard before = NodeAnnouncement.LEAVING.equals(announcement.state())
        ? heard.remove(node)
        : heard.put(node, new Heard(announcement, nowMillis));
    if (before == null || !before.announcement().state().equals(announcement.state())) {
      log.info("node {} id={} address={}", announcement.state(), node, announcement.address());
    }
    boolean changed = NodeAnnouncement.LEAVING.equals(announcement.state()) ? before != null : before == null;
    if (changed && !node.equals(self)) {
      recompute(nowMillis);
    }
  }

  /** A peer left the cluster (its process ended): its conversations move now, without waiting for its silence. */
  void gone(String node, long nowMillis) {
    Heard before = heard.remove(node);
    if (before != null) {
      log.info("node gone id={} address={}", node, before.announcement().address());
      recompute(nowMillis);
    }
  }

  /** Forgets peers unheard for longer than the silence allowed. */
  void expire(long nowMillis) {
    boolean expired = heard.values().removeIf(peer -> {
      boolean silent = nowMillis - peer.atMillis() > silentMillis;
      if (silent) {
        log.info("node silent id={} address={} silentMillis={}", peer.announcement().node(),
            peer.announcement().address(), nowMillis - peer.atMillis());
      }
      return silent;
    });
    if (expired) {
      recompute(nowMillis);
    }
  }

  /** The latest announcement of each live node that serves (not draining), this one included once heard. */
  List<NodeAnnouncement> serving() {
    return heard.values().stream().map(Heard::announcement).filter(NodeAnnouncement::serving).toList();
  }

  /** The live nodes, this one included. */
  List<String> live() {
    return live;
  }

  String owner(String conversationId) {
    return ownerAmong(live, conversationId);
  }

  /**
   * How long this node must wait before it routes the conversation: 0 when it may now, having owned it under every
   * view it held within the last handoverMillis (the fence of the hand-over); -1 when another node owns it now.
   */
  long fencedMillis(String conversationId, long nowMillis) {
    if (!self.equals(owner(conversationId))) {
      return -1;
    }
    forgetViewsBefore(nowMillis - handoverMillis);
    long fencedUntil = past.stream().filter(view -> !self.equals(ownerAmong(view.live(), conversationId)))
        .mapToLong(View::untilMillis).max().orElse(Long.MIN_VALUE);
    return fencedUntil == Long.MIN_VALUE ? 0 : fencedUntil + handoverMillis - nowMillis;
  }

  private void forgetViewsBefore(long millis) {
    past.removeIf(view -> view.untilMillis() < millis);
  }

  /** The owner among {@code nodes}: null when there are none. */
  private static String ownerAmong(List<String> nodes, String conversationId) {
    String best = null;
    long bestScore = Long.MIN_VALUE;
    for (String node : nodes) {
      long score = score(node, conversationId);
      if (best == null || score > bestScore || (score == bestScore && node.compareTo(best) > 0)) {
        best = node;
        bestScore = score;
      }
    }
    return best;
  }

  private void recompute(long nowMillis) {
    List<String> nodes = new ArrayList<>(heard.keySet());
    nodes.remove(self);
    nodes.add(self);
    forgetViewsBefore(nowMillis - handoverMillis);
    past.add(new View(live, nowMillis));
    live = List.copyOf(nodes);
  }

  /** FNV-1a over both ids, then SplitMix64's finalizer: cheap, and well spread even for similar ids. */
  static long score(String node, String conversationId) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : (node + '\n' + conversationId).getBytes(StandardCharsets.UTF_8)) {
      hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
    }
    hash = (hash ^ (hash >>> 30)) * 0xbf58476d1ce4e5b9L;
    hash = (hash ^ (hash >>> 27)) * 0x94d049bb133111ebL;
    return hash ^ (hash >>> 31);
  }
}
