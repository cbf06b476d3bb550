package io.parley.gateway;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Caps the devices one account holds connected on this node ({@code gateway.maxDevicesPerUser}), whatever gateway
 * instance each landed on: without a cap one token could hold thousands of sockets, about 20 KB each. Counted per
 * device id: a device that connects again replaces its older connection (closed with 4409), so while the two overlap
 * they count once, and the newer one is never refused for the older. Shared by every gateway instance of a node.
 */
public final class DeviceLimit {
  private final int maxPerUser;
  /** Per user, the open connections of each device id; maps are only changed inside {@code compute}. */
  private final ConcurrentHashMap<String, Map<String, Integer>> connected = new ConcurrentHashMap<>();

  public DeviceLimit(int maxPerUser) {
    this.maxPerUser = maxPerUser;
  }

  /**
   * Counts one more connection of {@code deviceId}; false, counting nothing, when it is a new device of a user who
   * already has the most allowed.
   */
  boolean tryAdd(String userId, String deviceId) {
    boolean[] added = new boolean[1];
    connected.compute(userId, (user, devices) -> {
      Map<String, Integer> next = devices == null ? new HashMap<>() : devices;
      added[0] = next.containsKey(deviceId) || next.size() < maxPerUser;
      if (added[0]) {
        next.merge(deviceId, 1, Integer::sum);
      }
      return next.isEmpty() ? null : next;
    });
    return added[0];
  }

  void remove(String userId, String deviceId) {
    connected.computeIfPresent(userId, (user, devices) -> {
      devices.computeIfPresent(deviceId, (device, count) -> count <= 1 ? null : count - 1);
      return devices.isEmpty() ? null : devices;
    });
  }
}
