package io.parley.presence.local;

import io.parley.config.PresenceConfig;
import io.parley.presence.PresenceBackend;
import io.parley.presence.PresenceStore;
import io.vertx.core.Future;

import java.time.Duration;

/**
 * The in-process presence backend ({@code presence.type: local}): one {@link LocalPresenceStore}, with nothing to
 * connect to, so it is up until closed, and closing it releases nothing. It serves one node only.
 */
public final class LocalPresence implements PresenceBackend {
  private final LocalPresenceStore store;
  /** Only for health: the store itself keeps answering, since nothing calls it once the node has stopped. */
  private volatile boolean closed;

  public LocalPresence(PresenceConfig config) {
    this.store = new LocalPresenceStore(Duration.ofSeconds(config.offlineAfterSeconds()));
  }

  @Override
  public PresenceStore store() {
    return store;
  }

  @Override
  public String problem() {
    return closed ? "presence closed" : null;
  }

  @Override
  public Future<Void> close() {
    closed = true;
    return Future.succeededFuture();
  }
}
