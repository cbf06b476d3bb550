package io.parley.gateway;

/**
 * What every gateway instance of a node shares: token keys, password hashing, and the node-wide counters that hold
 * whichever instance a client lands on.
 */
public record GatewayServices(TokenService tokens, PasswordHasher hasher, LoginThrottle throttle,
    DeviceLimit devices, ConnectionLimit connections) {
}
