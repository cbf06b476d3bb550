package io.parley.health;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What this node tells the others about itself, shared by its verticles across threads: how many devices its
 * gateways hold, and whether it is draining (stopping: it takes no new connection and discovery no longer names it).
 */
public final class NodeState {
  private final AtomicInteger devices = new AtomicInteger();
  private volatile boolean draining;

  public void deviceConnected() {
    devices.incrementAndGet();
  }

  public void deviceDisconnected() {
    devices.decrementAndGet();
  }

  /** Devices connected to this node's gateways now. */
  public int devices() {
    return devices.get();
  }

  /** From now on the node is draining; it never serves again. */
  public void startDraining() {
    draining = true;
  }

  public boolean draining() {
    return draining;
  }
}
