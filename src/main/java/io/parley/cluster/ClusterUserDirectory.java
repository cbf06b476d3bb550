package io.parley.cluster;

import io.parley.bus.Addresses;
import io.parley.bus.UserDirectory;
import io.parley.util.KeyedTurns;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.core.spi.cluster.ClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The user directory of a clustered node with {@code cluster.userAddresses: directory}. A user's address is consumed only on the nodes holding the user's devices,
 * by node-local consumers, so no per-user state enters vertx-hazelcast's {@code __vertx.subs}: that multimap holds
 * one entry per node, its {@link Addresses#node} address, and so no registration is a blocking put heard by every
 * member, and a member's death makes no survivor scan and republish per-user entries (docs/DESIGN.md, "Cluster").
 * <p>
 * Which nodes hold a user's devices is the cluster-wide map {@value #MAP}: user id to the space-separated cluster
 * node ids of those nodes, changed by compare-and-set. A publish reads the user's entry (one read at the key's
 * partition owner, whether the user is online or not) and hands the event to each node named: itself by a local
 * publish, the others through their node address. A node id that is no longer a member (its node died: ids are new
 * at every start) is dropped from the entry by the next change or publish that meets it; a node handed an event
 * for a user it does not hold drops itself. Each user's changes run one at a time on this node, as do its
 * publishes, so an add is never overtaken by an earlier remove and a user's events leave in the order published.
 */
public final class ClusterUserDirectory implements UserDirectory {
  static final String MAP = "parley.users";
  /** The header naming the user of an event handed to its node. */
  static final String TO = "to";
  private static final Logger log = LoggerFactory.getLogger(ClusterUserDirectory.class);
  private static final DeliveryOptions HERE = new DeliveryOptions().setLocalOnly(true);
  /** Compare-and-set attempts of one change before it fails; each lost one means another node changed the entry. */
  private static final int ATTEMPTS = 16;

  private final EventBus bus;
  private final AsyncMap<String, String> nodesByUser;
  private final ClusterManager cluster;
  private final String self;
  /** The users this node holds devices of, as the latest {@link #add} or {@link #remove} of each said. */
  private final Set<String> held = ConcurrentHashMap.newKeySet();
  /** Users whose entry this node is tidying now. */
  private final Set<String> tidying = ConcurrentHashMap.newKeySet();
  private final KeyedTurns changes = new KeyedTurns();
  private final KeyedTurns deliveries = new KeyedTurns();
  /** The members as last read, refreshed every second: a node missing here is looked up again before it is dropped. */
  private volatile Set<String> members;

  private ClusterUserDirectory(EventBus bus, AsyncMap<String, String> nodesByUser, ClusterManager cluster) {
    this.bus = bus;
    this.nodesByUser = nodesByUser;
    this.cluster = cluster;
    this.self = cluster.getNodeId();
    this.members = Set.copyOf(cluster.getNodes());
  }

  /** The directory of clustered {@code vertx}, once its node address is consumed. */
  public static Future<UserDirectory> start(Vertx vertx) {
    ClusterManager cluster = ((VertxInternal) vertx).clusterManager();
    return vertx.sharedData().<String, String>getAsyncMap(MAP).compose(map -> {
      ClusterUserDirectory directory = new ClusterUserDirectory(vertx.eventBus(), map, cluster);
      vertx.setPeriodic(1000, tick -> directory.members = Set.copyOf(cluster.getNodes()));
      return vertx.eventBus().consumer(Addresses.node(directory.self), directory::handedOver).completion()
          .onSuccess(ready -> log.info("user directory ready node={}", directory.self)).map(directory);
    });
  }

  @Override
  public MessageConsumer<Object> consumer(String userId, Handler<Message<Object>> handler) {
    return bus.localConsumer(Addresses.user(userId), handler);
  }

  @Override
  public Future<Void> add(String userId) {
    held.add(userId);
    return changes.inTurn(userId, () -> change(userId, true, ATTEMPTS));
  }

  @Override
  public void remove(String userId) {
    held.remove(userId);
    changes.inTurn(userId, () -> change(userId, false, ATTEMPTS))
        .onFailure(cause -> log.warn("user directory entry not updated userId={} cause={}", userId, cause.toString()));
  }

  @Override
  public void publish(String userId, Object event) {
    deliveries.inTurn(userId, () -> nodesByUser.get(userId).map(nodes -> {
      deliver(userId, event, nodes);
      return null;
    })).onFailure(cause -> log.warn("user directory unreadable, live delivery skipped (devices resync) userId={} "
        + "cause={}", userId, cause.toString()));
  }

  private void deliver(String userId, Object event, String nodes) {
    if (nodes == null) {
      return;
    }
    boolean stale = false;
    for (String node : nodes.split(" ")) {
      if (node.equals(self)) {
        bus.publish(Addresses.user(userId), event, HERE);
      } else if (isMember(node)) {
        bus.send(Addresses.node(node), event, new DeliveryOptions().addHeader(TO, userId));
      } else {
        stale = true;
      }
    }
    if (stale) {
      tidy(userId);
    }
  }

  /** Another node handed over an event for one of this node's users. */
  private void handedOver(Message<Object> message) {
    String userId = message.headers().get(TO);
    if (userId == null) {
      return;
    }
    bus.publish(Addresses.user(userId), message.body(), HERE);
    if (!held.contains(userId)) {
      tidy(userId);
    }
  }

  /**
   * Rewrites the user's entry with this node as it holds the user when the turn comes, and only live members; once
   * at a time, however many publishes meet the stale entry meanwhile.
   */
  private void tidy(String userId) {
    if (tidying.add(userId)) {
      changes.inTurn(userId, () -> change(userId, held.contains(userId), ATTEMPTS))
          .onComplete(done -> tidying.remove(userId));
    }
  }

  private Future<Void> change(String userId, boolean here, int attempts) {
    if (attempts == 0) {
      return Future.failedFuture("user directory entry of " + userId + " changed by others " + ATTEMPTS + " times");
    }
    // a user's first device anywhere is the common add: one write when there is no entry, else its value
    Future<String> read = here ? nodesByUser.putIfAbsent(userId, self) : nodesByUser.get(userId);
    return read.compose(current -> {
      if (here && current == null) {
        return Future.succeededFuture();
      }
      String next = next(current, here);
      Future<Boolean> written;
      if (next.equals(current == null ? "" : current)) {
        return Future.succeededFuture();
      } else if (current == null) {
        written = nodesByUser.putIfAbsent(userId, next).map(previous -> previous == null);
      } else if (next.isEmpty()) {
        written = nodesByUser.removeIfPresent(userId, current);
      } else {
        written = nodesByUser.replaceIfPresent(userId, current, next);
      }
      return written.compose(won -> won ? Future.succeededFuture() : change(userId, here, attempts - 1));
    });
  }

  /** The entry's live nodes, with this node if {@code here}, else without it. */
  private String next(String current, boolean here) {
    Set<String> nodes = new LinkedHashSet<>();
    if (current != null) {
      Arrays.stream(current.split(" ")).filter(node -> !node.equals(self) && isMember(node)).forEach(nodes::add);
    }
    if (here) {
      nodes.add(self);
    }
    return String.join(" ", nodes);
  }

  private boolean isMember(String node) {
    if (members.contains(node)) {
      return true;
    }
    List<String> now = cluster.getNodes();
    members = Set.copyOf(now);
    return now.contains(node);
  }
}
