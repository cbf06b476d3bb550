package io.parley.gateway;

import io.parley.bus.UserDirectory;
import io.parley.health.NodeState;

/**
 * What every gateway instance of a node shares: token keys, password hashing, and the node-wide counters that hold
 * whichever instance a client lands on, the user addresses the node consumes and the directory that reaches every
 * user's devices, the owners of its SockJS sessions (whose requests land on any instance), and the node's state (its
 * device count, whether it drains).
 */
public record GatewayServices(TokenService tokens, PasswordHasher hasher, LoginThrottle throttle,
    DeviceLimit devices, ConnectionLimit connections, UserAddresses addresses, UserDirectory users,
    SockJsSessions sockJsSessions, NodeState state) {
  public GatewayServices(TokenService tokens, PasswordHasher hasher, LoginThrottle throttle, DeviceLimit devices,
      ConnectionLimit connections, UserAddresses addresses, UserDirectory users, NodeState state) {
    this(tokens, hasher, throttle, devices, connections, addresses, users, new SockJsSessions(), state);
  }
}
