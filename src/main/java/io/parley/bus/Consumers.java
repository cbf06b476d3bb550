package io.parley.bus;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;

import java.util.ArrayList;
import java.util.List;

/** The consumers one verticle registers, so it can report ready only once every registration has propagated. */
public final class Consumers {
  private final EventBus eventBus;
  private final List<MessageConsumer<?>> registered = new ArrayList<>();

  public Consumers(EventBus eventBus) {
    this.eventBus = eventBus;
  }

  public <T> Consumers on(String address, Handler<Message<T>> handler) {
    registered.add(eventBus.consumer(address, handler));
    return this;
  }

  /** Completes when every consumer is registered, cluster-wide where clustered. */
  public Future<Void> ready() {
    return Future.all(registered.stream().map(MessageConsumer::completion).toList()).mapEmpty();
  }
}
