package io.parley.gateway;

import io.parley.bus.UserDirectory;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The user addresses this node consumes: ONE consumer per user with devices on the node, whichever gateway instances
 * hold them, made and announced through the node's {@link UserDirectory}, which is what makes publishes made on any
 * node reach it (docs/DESIGN.md, "Cluster": with a clustered consumer per user, one per instance would multiply the
 * Hazelcast registrations by the instances). The consumer runs on the event loop of the instance whose device made
 * the node consume the address; it hands each message to every instance holding the user's devices, on that
 * instance's own event loop.
 */
public final class UserAddresses {
  private final UserDirectory directory;
  /** Guarded by {@code this}. */
  private final Map<String, Consumed> users = new HashMap<>();

  /** What an instance holding a user's devices is handed: every message to the user's address. */
  interface Holder {
    Context context();

    void received(String userId, Object body);
  }

  /** One user's consumer and the instances it hands messages to. */
  private static final class Consumed {
    /** Written under the lock, read by the consumer without it. */
    final List<Holder> holders = new CopyOnWriteArrayList<>();
    MessageConsumer<Object> consumer;
    Future<Void> registered;
  }

  public UserAddresses(UserDirectory directory) {
    this.directory = directory;
  }

  /**
   * {@code holder} gets the messages to {@code userId}'s address from now on; completes once the node consumes the
   * address and the directory names the node for the user (at once when both were so already). Called on the
   * holder's event loop, which consumes it if none did yet.
   */
  synchronized Future<Void> join(String userId, Holder holder) {
    Consumed consumed = users.get(userId);
    if (consumed == null) {
      Consumed created = new Consumed();
      created.consumer = directory.consumer(userId, message -> handOut(userId, created.holders, message.body()));
      created.registered = created.consumer.completion().compose(local -> directory.add(userId));
      users.put(userId, created);
      consumed = created;
    }
    if (!consumed.holders.contains(holder)) {
      consumed.holders.add(holder);
    }
    return consumed.registered;
  }

  /** {@code holder} holds none of the user's devices any more; the last to leave ends the node's consumer. */
  synchronized void leave(String userId, Holder holder) {
    Consumed consumed = users.get(userId);
    if (consumed != null && consumed.holders.remove(holder) && consumed.holders.isEmpty()) {
      users.remove(userId);
      consumed.consumer.unregister();
      directory.remove(userId);
    }
  }

  /** How many user addresses the node consumes now. */
  public synchronized int size() {
    return users.size();
  }

  private static void handOut(String userId, List<Holder> holders, Object body) {
    Context here = Vertx.currentContext();
    for (Holder holder : holders) {
      if (holder.context() == here) {
        holder.received(userId, body);
      } else {
        holder.context().runOnContext(ignored -> holder.received(userId, body));
      }
    }
  }
}
