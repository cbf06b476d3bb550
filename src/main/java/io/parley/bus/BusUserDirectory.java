package io.parley.bus;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;

/**
 * The directory that is the event bus itself: a node consumes the address of each user it holds, and a publish on
 * the address reaches every consumer. On one node that is all there is; in a cluster
 * ({@code cluster.userAddresses: consumers}) each such consumer is one Hazelcast registration of vertx-hazelcast's.
 */
public final class BusUserDirectory implements UserDirectory {
  private final EventBus bus;

  public BusUserDirectory(EventBus bus) {
    this.bus = bus;
  }

  @Override
  public MessageConsumer<Object> consumer(String userId, Handler<Message<Object>> handler) {
    return bus.consumer(Addresses.user(userId), handler);
  }

  @Override
  public Future<Void> add(String userId) {
    return Future.succeededFuture();
  }

  @Override
  public void remove(String userId) {
  }

  @Override
  public void publish(String userId, Object event) {
    bus.publish(Addresses.user(userId), event);
  }
}
