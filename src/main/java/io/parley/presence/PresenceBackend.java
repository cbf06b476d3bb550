package io.parley.presence;

import io.vertx.core.Future;

/**
 * One open presence backend, as the node sees it: its store, whether it can serve, and its shutdown.
 * {@link PresenceBackends#open} opens the one {@code presence.type} names; each implementation says in its Javadoc
 * whether it serves one node or many.
 */
public interface PresenceBackend {

  /** The store, usable until {@link #close}. */
  PresenceStore store();

  /**
   * Why presence cannot serve now, or null when it can. {@code /health} calls it from any thread on every probe and
   * answers 503 on a non-null answer, so it reads state the backend keeps and never blocks. Chat works without
   * presence, so a backend whose reads fall back to {@link Presence#UNKNOWN} during an outage should say so in its
   * log and metrics rather than here.
   */
  String problem();

  /** Releases the backend (connections, timers); a second call does nothing. */
  Future<Void> close();
}
