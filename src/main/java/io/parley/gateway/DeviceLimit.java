package io.parley.gateway;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Caps the WebSocket connections one account holds on this node ({@code gateway.maxDevicesPerUser}), whatever gateway
 * instance each landed on: without a cap one token could hold thousands of sockets, about 20 KB each. Counted per
 * connection, so one device id connected twice counts twice. Shared by every gateway instance of a node.
 */
public final class DeviceLimit {
  private final int maxPerUser;
  private final ConcurrentHashMap<String, Integer> connected = new ConcurrentHashMap<>();

  public DeviceLimit(int maxPerUser) {
    this.maxPerUser = maxPerUser;
  }

  /** Counts one more connection of {@code userId}; false, counting nothing, when it already has the most allowed. */
  boolean tryAdd(String userId) {
    boolean[] added = new boolean[1];
    connected.compute(userId, (user, count) -> {
      int current = count == null ? 0 : count;
      added[0] = current < maxPerUser;
      return added[0] ? current + 1 : count;
    });
    return added[0];
  }

  void remove(String userId) {
    connected.computeIfPresent(userId, (user, count) -> count <= 1 ? null : count - 1);
  }
}
