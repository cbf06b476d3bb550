package io.parley.config;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DrainAndDiscoveryConfigTest {

  private static JsonObject with(String section, String key, Object value) throws Exception {
    JsonObject tree = ConfigValidationTest.defaults();
    tree.getJsonObject(section).put(key, value);
    return tree;
  }

  @Test
  @DisplayName("discovery.policy takes least-loaded or random; anything else fails naming the key")
  void policy() throws Exception {
    assertThat(ChatConfig.from(with("discovery", "policy", "random")).discovery().policy()).isEqualTo("random");
    assertThatThrownBy(() -> ChatConfig.from(with("discovery", "policy", "fewest")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("discovery.policy");
  }

  @Test
  @DisplayName("discovery.publicAddress is host:port or empty, which means cluster.host and http.port")
  void publicAddress() throws Exception {
    assertThat(ChatConfig.from(ConfigValidationTest.defaults()).publicAddress()).isEqualTo("127.0.0.1:8080");
    assertThat(ChatConfig.from(with("discovery", "publicAddress", "chat-3.example.com:443")).publicAddress())
        .isEqualTo("chat-3.example.com:443");
    assertThatThrownBy(() -> ChatConfig.from(with("discovery", "publicAddress", "ws://chat-3.example.com")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("discovery.publicAddress");
  }

  @Test
  @DisplayName("node.drainSpreadSeconds must stay below node.drainTimeoutSeconds")
  void drainSpread() throws Exception {
    assertThat(ChatConfig.from(with("node", "drainSpreadSeconds", 29)).node().drainSpreadSeconds()).isEqualTo(29);
    assertThatThrownBy(() -> ChatConfig.from(with("node", "drainSpreadSeconds", 30)))
        .isInstanceOf(ConfigException.class).hasMessageContaining("node.drainSpreadSeconds");
  }
}
