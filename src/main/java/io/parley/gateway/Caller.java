package io.parley.gateway;

/** Whose a valid token is: the user, and the login session it was issued for. */
record Caller(String userId, String sessionId) {
}
