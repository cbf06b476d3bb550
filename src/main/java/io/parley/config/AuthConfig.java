package io.parley.config;

/**
 * Tokens, password hashing and login throttling.
 *
 * @param jwtSecret          HMAC-SHA256 key for tokens; empty means a random key kept in the data directory
 * @param passwordIterations PBKDF2-HMAC-SHA256 iterations for new password hashes
 * @param loginFreeFailures  failed logins of one account from one source address before each further one makes that
 *                           address wait, {@code loginFirstDelaySeconds} doubling up to {@code loginMaxDelaySeconds}
 * @param loginFailureMemorySeconds how long an account's failures from one address are remembered after the last
 * @param loginMaxFailuresPerAddress failed logins from one source address, across usernames, before it is refused
 *                                   for the rest of its {@code loginAddressWindowSeconds} window
 * @param sessionCheckSeconds how long a node trusts a session it found in the store before asking again: the most a
 *                            logout on another node takes to reach it (the node that revoked knows at once)
 * @param deletedUsernameHoldSeconds how long a deleted account's username stays taken before a sign-up may claim it
 */
public record AuthConfig(
    String jwtSecret, int tokenTtlSeconds, int passwordIterations, int loginFreeFailures, int loginFirstDelaySeconds,
    int loginMaxDelaySeconds, int loginFailureMemorySeconds, int loginMaxFailuresPerAddress,
    int loginAddressWindowSeconds, int sessionCheckSeconds, int deletedUsernameHoldSeconds) {
  static AuthConfig from(ConfigReader reader) {
    String secret = reader.string("jwtSecret");
    if (!secret.isEmpty() && secret.length() < 32) {
      throw new ConfigException("auth.jwtSecret", "must be empty or at least 32 characters");
    }
    return new AuthConfig(
        secret,
        reader.integer("tokenTtlSeconds", 60, Integer.MAX_VALUE),
        reader.integer("passwordIterations", 1000, 10_000_000),
        reader.integer("loginFreeFailures", 1, 1000),
        reader.integer("loginFirstDelaySeconds", 1, 3600),
        reader.integer("loginMaxDelaySeconds", 1, 86_400),
        reader.integer("loginFailureMemorySeconds", 1, 86_400),
        reader.integer("loginMaxFailuresPerAddress", 1, 1_000_000),
        reader.integer("loginAddressWindowSeconds", 1, 86_400),
        reader.integer("sessionCheckSeconds", 0, 300),
        reader.integer("deletedUsernameHoldSeconds", 0, Integer.MAX_VALUE));
  }
}
