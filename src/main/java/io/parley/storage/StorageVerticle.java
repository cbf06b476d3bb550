package io.parley.storage;

import io.parley.bus.Consumers;
import io.parley.model.IdGenerator;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.time.Clock;

/**
 * The storage writer: owns the stores and serves them on the {@code chat.storage.*} addresses. Runs one instance
 * per node, so writes to the embedded store come from one place.
 */
public final class StorageVerticle extends VerticleBase {
  private final Stores stores;
  private final IdGenerator ids;
  private final Clock clock;

  public StorageVerticle(Stores stores, IdGenerator ids, Clock clock) {
    this.stores = stores;
    this.ids = ids;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    Consumers consumers = new Consumers(vertx.eventBus());
    ConversationMembers members = new ConversationMembers(stores.users(), stores.social());
    new MessageHandlers(stores.messages(), members).register(consumers);
    new ConversationList(stores.messages(), stores.social()).register(consumers);
    new UserHandlers(stores.users(), stores.push(), ids, clock).register(consumers);
    new SocialHandlers(stores.users(), stores.social(), ids, clock).register(consumers);
    new RelationHandlers(stores.users(), stores.social(), clock, vertx.eventBus()).register(consumers);
    new SessionHandlers(stores.users(), ids, clock).register(consumers);
    new AccountDeletion(stores.users(), stores.social(), clock, vertx.eventBus()).register(consumers);
    return consumers.ready();
  }
}
