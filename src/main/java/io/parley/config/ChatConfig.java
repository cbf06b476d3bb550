package io.parley.config;

import io.vertx.core.json.JsonObject;

import java.util.List;

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
    MetricsConfig metrics,
    ClusterConfig cluster,
    DiscoveryConfig discovery) {

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
        MetricsConfig.from(root.section("metrics")),
        ClusterConfig.from(root.section("cluster")),
        DiscoveryConfig.from(root.section("discovery")));
    root.refuseUnread();
    if (config.cluster.enabled()) {
      config.refuseSingleNodeParts();
    }
    return config;
  }

  /** The {@code host:port} clients reach this node at, as discovery names it. */
  public String publicAddress() {
    return discovery.publicAddress(cluster, http.port());
  }

  /**
   * In a cluster every node must see the same data, presence and tokens: an embedded store or in-process presence
   * would split them per node, and a token key generated per data directory would make nodes reject each other's
   * tokens.
   */
  private void refuseSingleNodeParts() {
    if (!storage.type().equals("cassandra")) {
      throw new ConfigException("storage.type", "cluster.enabled needs the shared store: cassandra, got '"
          + storage.type() + "'");
    }
    if (!presence.type().equals("redis")) {
      throw new ConfigException("presence.type", "cluster.enabled needs the shared presence: redis, got '"
          + presence.type() + "'");
    }
    for (String verticle : List.of("routing", "storage", "presence")) {
      if (!node.runs(verticle)) {
        throw new ConfigException("node.verticles", "cluster.enabled needs every node to run " + verticle
            + ": services are node-local, only users' addresses and conversation owners span the cluster");
      }
    }
    if (push.enabled() && !node.runs("push")) {
      throw new ConfigException("node.verticles", "cluster.enabled with push.enabled needs every node to run push: "
          + "a node records and sends the pushes of the conversations it owns");
    }
    if (push.enabled() && push.webPush().enabled() && push.webPush().vapidPublicKey().isEmpty()) {
      throw new ConfigException("push.webPushVapidPublicKey", "cluster.enabled with Web Push needs one VAPID key "
          + "pair shared by every node (push.webPushVapidPublicKey and push.webPushVapidPrivateKey): a browser "
          + "subscribes with one key, and a push signed with another node's is refused");
    }
    if (auth.jwtSecret().isEmpty()) {
      throw new ConfigException("auth.jwtSecret",
          "cluster.enabled needs one explicit token key shared by every node (at least 32 characters)");
    }
  }
}
