package io.parley.bus;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;

/**
 * Where each user's devices are connected, and the way to reach them all. Whatever a node has for a user's devices
 * ({@link UserEvent}s, {@link SessionSignal}s) it publishes here rather than on {@link Addresses#user} itself, and a
 * node holding a user's devices consumes the user's address through {@link #consumer} and {@link #add}: either the
 * bus finds the consumers ({@link BusUserDirectory}: one node, or a clustered consumer per user per node), or a
 * directory names the nodes and the consumers are node-local ({@code cluster.ClusterUserDirectory}, docs/DESIGN.md
 * "Cluster").
 */
public interface UserDirectory {
  /** The consumer of {@code userId}'s address for this node to hold the user with, registered now. */
  MessageConsumer<Object> consumer(String userId, Handler<Message<Object>> handler);

  /**
   * This node now holds a device of {@code userId}, whose {@link #consumer} is registered; completes once a publish
   * made anywhere reaches this node.
   */
  Future<Void> add(String userId);

  /** This node holds none of {@code userId}'s devices any more. */
  void remove(String userId);

  /** {@code event} to every connected device of {@code userId}, on whichever nodes, in the order published here. */
  void publish(String userId, Object event);
}
