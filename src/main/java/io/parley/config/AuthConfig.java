package io.parley.config;

/**
 * Tokens, password hashing and login throttling.
 *
 * @param jwtSecret          HMAC-SHA256 key for tokens; empty means a random key kept in the data directory
 * @param passwordIterations PBKDF2-HMAC-SHA256 iterations for new password hashes
 * @param loginMaxFailures   failed logins per account before it is locked out for {@code loginLockoutSeconds}
 * @param loginMaxFailuresPerAddress failed logins from one source address, across usernames, before it is refused
 *                                   for the rest of its {@code loginAddressWindowSeconds} window
 */
public record AuthConfig(
    String jwtSecret, int tokenTtlSeconds, int passwordIterations, int loginMaxFailures, int loginLockoutSeconds,
    int loginMaxFailuresPerAddress, int loginAddressWindowSeconds) {
  static AuthConfig from(ConfigReader reader) {
    String secret = reader.string("jwtSecret");
    if (!secret.isEmpty() && secret.length() < 32) {
      throw new ConfigException("auth.jwtSecret", "must be empty or at least 32 characters");
    }
    return new AuthConfig(
        secret,
        reader.integer("tokenTtlSeconds", 60, Integer.MAX_VALUE),
        reader.integer("passwordIterations", 1000, 10_000_000),
        reader.integer("loginMaxFailures", 1, 1000),
        reader.integer("loginLockoutSeconds", 1, 86_400),
        reader.integer("loginMaxFailuresPerAddress", 1, 1_000_000),
        reader.integer("loginAddressWindowSeconds", 1, 86_400));
  }
}
