package io.parley.storage;

import io.vertx.core.Future;

/**
 * One open storage backend, as the node sees it: the stores it serves, whether it can write, and its shutdown.
 * {@link StorageBackends#open} opens the one {@code storage.type} names; each implementation says in its Javadoc
 * whether it serves one node or many.
 */
public interface StorageBackend {

  /** The four stores, usable until {@link #close}. */
  Stores stores();

  /**
   * Why writes cannot succeed now (closed, disconnected, refusing after a failed write), or null when they can.
   * {@code /health} calls it from any thread on every probe, so it reads state the backend keeps; it never blocks
   * or does I/O.
   */
  String problem();

  /**
   * Finishes or fails what is in flight and releases the backend; its stores then fail every call with
   * {@code UNAVAILABLE}. A second call does nothing.
   */
  Future<Void> close();
}
