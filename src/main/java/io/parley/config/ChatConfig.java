package io.parley.config;

import io.vertx.core.json.JsonObject;

/**
 * The whole validated configuration of one node. Parsed once in {@code Main}; every key is documented in
 * {@code docs/CONFIG.md} and has its default in {@code conf/config.json}.
 */
public record ChatConfig(
    NodeConfig node,
    HttpConfig http,
    AuthConfig auth,
    GatewayConfig gateway,
    StorageConfig storage,
    PresenceConfig presence,
    PushConfig push,
    MetricsConfig metrics) {

  /** Merges the sources, each overriding the one before, and validates the result as {@link #from(JsonObject)}. */
  public static ChatConfig from(ConfigSources sources) {
    return from(sources.merged());
  }

  /**
   * Parses and validates the merged config tree; throws {@link ConfigException} naming the first bad value, or, once
   * every record has read its keys, every key (or whole section) of the tree that no record read.
   */
  public static ChatConfig from(JsonObject json) {
    ConfigReader root = ConfigReader.root(json);
    ChatConfig config = new ChatConfig(
        NodeConfig.from(root.section("node")),
        HttpConfig.from(root.section("http")),
        AuthConfig.from(root.section("auth")),
        GatewayConfig.from(root.section("gateway")),
        StorageConfig.from(root.section("storage")),
        PresenceConfig.from(root.section("presence")),
        PushConfig.from(root.section("push")),
        MetricsConfig.from(root.section("metrics")));
    root.refuseUnread();
    return config;
  }
}
