package io.parley.config;

/**
 * Online presence.
 *
 * @param type                     {@code local}: in-process, one node only; {@code redis}: one Redis shared by the nodes
 * @param heartbeatIntervalSeconds how often clients are told to heartbeat
 * @param offlineAfterSeconds      silence from every device of a user before the user is shown offline
 * @param maxFanout                most friends one presence change is pushed to
 * @param redis                    the Redis store's connection, for {@code type} {@code redis}
 */
public record PresenceConfig(String type, int heartbeatIntervalSeconds, int offlineAfterSeconds, int maxFanout,
    RedisPresenceConfig redis) {
  static PresenceConfig from(ConfigReader reader) {
    PresenceConfig config = new PresenceConfig(
        reader.oneOf("type", "local", "redis"),
        reader.integer("heartbeatIntervalSeconds", 1, 3600),
        reader.integer("offlineAfterSeconds", 2, 86_400),
        reader.integer("maxFanout", 0, 100_000),
        RedisPresenceConfig.from(reader));
    if (config.offlineAfterSeconds <= config.heartbeatIntervalSeconds) {
      throw new ConfigException("presence.offlineAfterSeconds", "must exceed presence.heartbeatIntervalSeconds");
    }
    return config;
  }
}
