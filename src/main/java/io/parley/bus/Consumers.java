package io.parley.bus;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;

import java.util.ArrayList;
import java.util.List;

/**
 * The consumers one verticle registers, so it can report ready only once every registration has propagated.
 * Services are node-local ({@link #on}): in a cluster each node's gateways call its own routing, storage, presence
 * and push, which costs no cluster registration and no network hop, and keeps per-node state (a node's connected
 * devices) on its node. What must be reached across nodes registers with {@link #onClustered}: the owner of a
 * conversation, and the users' addresses (gateway's {@code SessionHub}).
 */
public final class Consumers {
  private final EventBus eventBus;
  private final List<MessageConsumer<?>> registered = new ArrayList<>();

  public Consumers(EventBus eventBus) {
    this.eventBus = eventBus;
  }

  /** A consumer on this node only. */
  public <T> Consumers on(String address, Handler<Message<T>> handler) {
    registered.add(eventBus.localConsumer(address, handler));
    return this;
  }

  /** A consumer every node of a cluster can reach. */
  public <T> Consumers onClustered(String address, Handler<Message<T>> handler) {
    registered.add(eventBus.consumer(address, handler));
    return this;
  }

  /** Completes when every consumer is registered, cluster-wide where clustered. */
  public Future<Void> ready() {
    return Future.all(registered.stream().map(MessageConsumer::completion).toList()).mapEmpty();
  }
}
