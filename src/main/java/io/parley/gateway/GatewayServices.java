package io.parley.gateway;

import io.parley.health.NodeState;

/**
 * What every gateway instance of a node shares: token keys, password hashing, and the node-wide counters that hold
 * whichever instance a client lands on, the user addresses the node consumes, and the node's state (its device count,
 * whether it drains).
 */
public record GatewayServices(TokenService tokens, PasswordHasher hasher, LoginThrottle throttle,
    DeviceLimit devices, ConnectionLimit connections, UserAddresses addresses, NodeState state) {
}
