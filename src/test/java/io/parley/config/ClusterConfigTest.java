package io.parley.config;

import io.parley.push.webpush.VapidKeys;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.parley.config.ConfigValidationTest.defaults;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** cluster.*: off by default; on, it refuses every part that would keep a node's data, presence or tokens its own. */
class ClusterConfigTest {
  private static final String SECRET = "a-shared-token-key-of-at-least-32-characters";

  /** Cluster mode on the shared backends with a shared token key: what a cluster node runs with. */
  private static JsonObject clusterNode() throws Exception {
    JsonObject tree = defaults();
    tree.getJsonObject("cluster").put("enabled", true).put("members", new JsonArray().add("10.0.0.1:5701"));
    tree.getJsonObject("storage").put("type", "cassandra");
    tree.getJsonObject("presence").put("type", "redis");
    tree.getJsonObject("auth").put("jwtSecret", SECRET);
    VapidKeys vapid = VapidKeys.generate();
    tree.getJsonObject("push").put("webPushVapidPublicKey", vapid.publicKeyText())
        .put("webPushVapidPrivateKey", vapid.privateKeyText());
    return tree;
  }

  @Test
  @DisplayName("the defaults: not clustered, TCP/IP on loopback, port 5701, a free event-bus port")
  void byDefault() throws Exception {
    ClusterConfig cluster = ChatConfig.from(defaults()).cluster();
    assertThat(cluster).isEqualTo(new ClusterConfig(false, "parley", "127.0.0.1", "", 5701, 0, List.of(),
        ClusterConfig.DIRECTORY));
    assertThat(cluster.advertisedHost()).isEqualTo("127.0.0.1");
  }

  @Test
  @DisplayName("a cluster node on Cassandra, Redis and a shared token key starts (positive control)")
  void acceptsSharedParts() throws Exception {
    ChatConfig config = ChatConfig.from(clusterNode());
    assertThat(config.cluster().enabled()).isTrue();
    assertThat(config.cluster().members()).containsExactly("10.0.0.1:5701");
  }

  @Test
  @DisplayName("cluster mode refuses the embedded store, naming storage.type")
  void refusesEmbeddedStore() throws Exception {
    JsonObject tree = clusterNode();
    tree.getJsonObject("storage").put("type", "embedded");
    assertThatThrownBy(() -> ChatConfig.from(tree)).isInstanceOf(ConfigException.class)
        .hasMessage("config storage.type: cluster.enabled needs the shared store: cassandra, got 'embedded'");
  }

  @Test
  @DisplayName("cluster mode refuses in-process presence, naming presence.type")
  void refusesLocalPresence() throws Exception {
    JsonObject tree = clusterNode();
    tree.getJsonObject("presence").put("type", "local");
    assertThatThrownBy(() -> ChatConfig.from(tree)).isInstanceOf(ConfigException.class)
        .hasMessage("config presence.type: cluster.enabled needs the shared presence: redis, got 'local'");
  }

  @Test
  @DisplayName("cluster mode with push on refuses a node without push; with push off, such a node starts")
  void refusesNodeWithoutPush() throws Exception {
    JsonObject tree = clusterNode();
    tree.getJsonObject("node").put("verticles", "gateway,routing,storage,presence");
    assertThatThrownBy(() -> ChatConfig.from(tree)).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("config node.verticles: cluster.enabled with push.enabled needs every node to run push");
    tree.getJsonObject("push").put("enabled", false);
    assertThat(ChatConfig.from(tree).node().runs("push")).isFalse();
  }

  @Test
  @DisplayName("cluster mode with Web Push refuses VAPID keys generated per data directory; with Web Push off, starts")
  void refusesPerNodeVapidKeys() throws Exception {
    JsonObject tree = clusterNode();
    tree.getJsonObject("push").put("webPushVapidPublicKey", "").put("webPushVapidPrivateKey", "");
    assertThatThrownBy(() -> ChatConfig.from(tree)).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("config push.webPushVapidPublicKey: cluster.enabled with Web Push needs one VAPID key");
    tree.getJsonObject("push").put("webPushEnabled", false);
    assertThat(ChatConfig.from(tree).push().webPush().enabled()).isFalse();
  }

  @Test
  @DisplayName("cluster mode refuses a token key generated per data directory, naming auth.jwtSecret")
  void refusesPerNodeTokenKey() throws Exception {
    JsonObject tree = clusterNode();
    tree.getJsonObject("auth").put("jwtSecret", "");
    assertThatThrownBy(() -> ChatConfig.from(tree)).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("config auth.jwtSecret: cluster.enabled needs one explicit token key");
  }

  @Test
  @DisplayName("cluster mode needs members to join, and every member is host:port")
  void refusesBadMembers() throws Exception {
    JsonObject none = clusterNode();
    none.getJsonObject("cluster").put("members", new JsonArray());
    assertThatThrownBy(() -> ChatConfig.from(none)).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("config cluster.members: cluster.enabled needs at least one member");
    JsonObject bad = clusterNode();
    bad.getJsonObject("cluster").put("members", new JsonArray().add("10.0.0.1"));
    assertThatThrownBy(() -> ChatConfig.from(bad)).isInstanceOf(ConfigException.class)
        .hasMessage("config cluster.members: expected host:port, got '10.0.0.1'");
  }
}
