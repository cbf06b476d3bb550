package io.parley.routing;

import io.parley.bus.BusReplies;
import io.parley.bus.ChatException;
import io.parley.bus.Consumers;
import io.parley.bus.Failure;
import io.parley.bus.NodeAnnouncement;
import io.parley.health.NodeState;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.parley.bus.Addresses.CLUSTER_MEMBER_LEFT;
import static io.parley.bus.Addresses.ROUTING_DISCOVER;
import static io.parley.bus.Addresses.ROUTING_DRAIN;
import static io.parley.bus.Addresses.ROUTING_PEERS;

/**
 * This node among its peers: announces it every second on {@link io.parley.bus.Addresses#ROUTING_PEERS} (its
 * address, connected devices and state), hears the others into {@link ConversationOwners} and forgets each that
 * leaves the cluster, and answers discovery from what it heard. Not clustered, it announces nothing and discovery
 * names this node while it serves.
 */
final class NodePeers {
  private static final Logger log = LoggerFactory.getLogger(NodePeers.class);
  /** Peers announce themselves this often; one unheard for three announcements is taken for gone. */
  static final long ANNOUNCE_MILLIS = 1_000;
  static final long SILENCE_MILLIS = 3 * ANNOUNCE_MILLIS;
  /**
   * A conversation a node gains is routed by it only after this long (ConversationOwners): the node that held it
   * hears of the change within about an announcement and finishes the sends it took.
   */
  static final long HANDOVER_MILLIS = 2 * ANNOUNCE_MILLIS;
  private static final int DEPARTED_KEPT = 1024;

  private final Vertx vertx;
  private final NodeState state;
  private final String address;
  private final NodeChooser chooser;
  /** Null on a node that is not clustered. */
  private final ConversationOwners owners;
  private long timerId = -1;
  /**
   * The cluster node ids of the members that left, the latest {@value #DEPARTED_KEPT}: an announcement one of them
   * sent before it went may still be on the way. Cluster node ids are new at every start, so none comes back.
   */
  private final Set<String> departed = Collections.newSetFromMap(new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > DEPARTED_KEPT;
    }
  });
  /** Until the peers have been heard out at start; then null. */
  private Promise<Void> starting;

  NodePeers(Vertx vertx, NodeState state, String address, NodeChooser chooser, ConversationOwners owners) {
    this.vertx = vertx;
    this.state = state;
    this.address = address;
    this.chooser = chooser;
    this.owners = owners;
  }

  Consumers register(Consumers consumers) {
    consumers.on(ROUTING_DISCOVER, this::handleDiscover).on(ROUTING_DRAIN, this::handleDrain);
    return owners == null ? consumers
        : consumers.onClustered(ROUTING_PEERS, this::handlePeer).on(CLUSTER_MEMBER_LEFT, this::handleMemberLeft);
  }

  /**
   * A routing id: the node's {@code node.id}, which goes into every message id it makes, then its Vert.x cluster
   * node id, new at every start, by which the cluster names it when it leaves. Two live nodes with one
   * {@code node.id} would make the same message ids.
   */
  static String routingId(int nodeId, String clusterNodeId) {
    return nodeId + "/" + clusterNodeId;
  }

  /**
   * Starts announcing; completes once the peers have been heard out, so this node's first sends go to the owners
   * they agree on. Fails if a peer has this node's {@code node.id}.
   */
  Future<?> start() {
    if (owners == null) {
      return Future.succeededFuture();
    }
    starting = Promise.promise();
    announce(current());
    timerId = vertx.setPeriodic(ANNOUNCE_MILLIS, id -> {
      owners.expire(System.currentTimeMillis());
      announce(current());
    });
    vertx.setTimer(ANNOUNCE_MILLIS + ANNOUNCE_MILLIS / 2, id -> starting.tryComplete());
    return starting.future().onComplete(started -> starting = null);
  }

  /** Tells the peers at once that this node's conversations move, instead of after its silence. */
  void leave() {
    if (owners != null) {
      vertx.cancelTimer(timerId);
      announce(new NodeAnnouncement(owners.self(), address, state.devices(), NodeAnnouncement.LEAVING));
    }
  }

  private NodeAnnouncement current() {
    String node = owners == null ? "local" : owners.self();
    return new NodeAnnouncement(node, address, state.devices(),
        state.draining() ? NodeAnnouncement.DRAINING : NodeAnnouncement.SERVING);
  }

  private void announce(NodeAnnouncement announcement) {
    vertx.eventBus().publish(ROUTING_PEERS, announcement.toJson());
  }

  private void handlePeer(Message<JsonObject> announcement) {
    NodeAnnouncement peer = NodeAnnouncement.fromJson(announcement.body());
    if (departed.contains(clusterNodeIdOf(peer.node()))) {
      return; // sent before it left, heard after
    }
    if (!peer.node().equals(owners.self()) && nodeIdOf(peer.node()).equals(nodeIdOf(owners.self()))) {
      sameNodeId(peer);
      return;
    }
    owners.heard(peer, System.currentTimeMillis());
  }

  /**
   * A peer has this node's {@code node.id}: a node that is starting refuses to (the one already serving goes on);
   * one that serves says so each time it hears the other, which stops itself as it starts.
   */
  private void sameNodeId(NodeAnnouncement peer) {
    String problem = "node.id " + nodeIdOf(owners.self()) + " is already the id of the node at " + peer.address()
        + ": every node of a cluster needs its own, as it goes into every message id";
    if (starting == null) {
      log.error(problem);
    } else if (starting.tryFail(new IllegalStateException(problem))) {
      leave(); // the peers that took this node for live let its conversations go at once
    }
  }

  /**
   * The cluster says a member left: a node that stopped or died. Its conversations move and discovery stops naming
   * it now, not after {@link #SILENCE_MILLIS}; the hand-over fence still holds.
   */
  private void handleMemberLeft(Message<String> left) {
    String clusterNodeId = left.body();
    departed.add(clusterNodeId);
    long now = System.currentTimeMillis();
    owners.live().stream().filter(node -> clusterNodeIdOf(node).equals(clusterNodeId)).toList()
        .forEach(node -> owners.gone(node, now));
  }

  private static String nodeIdOf(String routingId) {
    int slash = routingId.indexOf('/');
    return slash < 0 ? routingId : routingId.substring(0, slash);
  }

  private static String clusterNodeIdOf(String routingId) {
    return routingId.substring(routingId.indexOf('/') + 1);
  }

  /** The node is draining: say so now rather than at the next announcement, so discovery stops naming it. */
  private void handleDrain(Message<Object> request) {
    if (owners != null) {
      announce(current());
    }
    request.reply(null);
  }

  /**
   * Answers {@code {address}} of the node discovery names, or UNAVAILABLE when no node serves. This node's own load is
   * read now; the peers' is up to one announcement old.
   */
  private void handleDiscover(Message<Object> request) {
    NodeAnnouncement self = current();
    List<NodeAnnouncement> serving = owners == null ? List.of(self) : owners.serving().stream()
        .map(node -> node.node().equals(self.node()) ? self : node).toList();
    serving = serving.stream().filter(NodeAnnouncement::serving).toList();
    BusReplies.reply(request, chooser.choose(serving)
        .map(node -> Future.succeededFuture(new JsonObject().put("address", node.address())))
        .orElseGet(() -> Future.failedFuture(new ChatException(Failure.UNAVAILABLE, "no chat node is serving"))));
  }
}
