package io.parley.e2e.support;

/** An account created through the public API, logged in. */
public record TestUser(String userId, String username, String password, String token) {
}
