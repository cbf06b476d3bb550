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
 * ({@link #heard}), this node always; a draining node stays live, as it still finishes its sends. The latest
 * announcement of each live node is kept for discovery ({@link #serving}). Used from one event loop.
 */
final class ConversationOwners {
  private static final Logger log = LoggerFactory.getLogger(ConversationOwners.class);
  private final String self;
  private final long silentMillis;
  private final Map<String, Heard> heard = new HashMap<>();
  private List<String> live;

  private record Heard(NodeAnnouncement announcement, long atMillis) {
  }

  /** @param silentMillis how long a peer may go unheard before its conversations move to the others */
  ConversationOwners(String self, long silentMillis) {
    this.self = self;
    this.silentMillis = silentMillis;
    this.live = List.of(self);
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
      recompute();
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
      recompute();
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
    String best = self;
    long bestScore = Long.MIN_VALUE;
    for (String node : live) {
      long score = score(node, conversationId);
      if (score > bestScore || (score == bestScore && node.compareTo(best) > 0)) {
        best = node;
        bestScore = score;
      }
    }
    return best;
  }

  private void recompute() {
    List<String> nodes = new ArrayList<>(heard.keySet());
    nodes.remove(self);
    nodes.add(self);
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
