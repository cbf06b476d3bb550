package io.parley.config;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The Redis presence store's connection, read from flat {@code presence.redis*} keys so that one
 * {@code PARLEY_PRESENCE_REDIS_URL} variable can set each. Read on every start, whichever {@code presence.type} runs.
 *
 * @param url                  {@code redis://[[user]:password@]host[:port][/db]}, or {@code rediss://} for TLS
 * @param commandTimeoutMillis the longest one presence command (and a connect) may take before it fails, so a hung
 *                             or unreachable Redis never holds up a caller
 * @param expireBatch          most users one expiry pass takes offline; the rest wait for the next pass, a second
 *                             later, so a mass expiry never blocks Redis for long
 */
public record RedisPresenceConfig(String url, int commandTimeoutMillis, int expireBatch) {
  static RedisPresenceConfig from(ConfigReader reader) {
    String url = reader.string("redisUrl");
    if (!isRedisUrl(url)) {
      throw new ConfigException("presence.redisUrl", "must be a redis:// or rediss:// URL with a host, got '" + url
          + "'");
    }
    return new RedisPresenceConfig(url, reader.integer("redisCommandTimeoutMillis", 10, 60_000),
        reader.integer("redisExpireBatch", 1, 5_000));
  }

  private static boolean isRedisUrl(String url) {
    try {
      URI uri = new URI(url);
      return ("redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme())) && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
